namespace Collab.Contracts.Common;

/// <summary>
/// What a typed history entry records; the UI words it (Web: PlanText.What, PlannerResource "PL.History.*").
/// Entries written before these existed keep their stored text (<see cref="HistoryEntry.What"/>).
/// </summary>
public enum HistoryEvent
{
    CustomerOrderCreated = 0,
    PromisedDateChanged = 1,
    QuantityChanged = 2,
    OrderConfirmedFirm = 3,
    OrderMadeOptional = 4,
    Shipped = 5,
    CustomerOrderCancelled = 6,
    ManufacturingOrderCreated = 7,
    ManufacturingOrderReleased = 8,
    ManufacturingOrderRescheduled = 9,
    ProgressDeclared = 10,
    ManufacturingOrderClosed = 11,
    PurchaseOrderCreated = 12,
    DateConfirmed = 13,
    RequestedDateChanged = 14,
    Received = 15,
    PurchaseOrderCancelled = 16,
    ProposedDateAccepted = 17,
    MessageSent = 18,
    ActionAdded = 19,
    ActionStatusChanged = 20,
    ActionCommented = 21,
    MessageReceived = 22,
    WorkstationConfigured = 23,
    WorkstationCalendarChanged = 24,
    IncidentReported = 25,
    IncidentClosed = 26,
    SiteRenamed = 27,
    SiteSettingsChanged = 28,
    MasterDataImported = 29,
    ItemCreated = 30,
    ItemChanged = 31,
    SupplierCreated = 32,
    SupplierChanged = 33,
    CustomerCreated = 34,
    CustomerChanged = 35,
    BomChanged = 36,
    RoutingChanged = 37,
    ItemRetired = 38,
    StockMoved = 39,
    ForecastsChanged = 40,
    ProjectChangeApplied = 41,
}

/// <summary>The field a typed <see cref="FieldChange"/> is about (the UI words it: "PL.Field.*").</summary>
public enum HistoryField
{
    Customer = 0,
    Supplier = 1,
    Item = 2,
    Quantity = 3,
    PromisedDate = 4,
    ConfirmedDate = 5,
    RequestedDate = 6,
    ShippedQuantity = 7,
    ReceivedQuantity = 8,
    Status = 9,
    Firmness = 10,
    Message = 11,
    Action = 12,
    StartDate = 13,
    DueDate = 14,
    GoodQuantity = 15,
    ScrapQuantity = 16,
    Hours = 17,
    WeeklyHours = 18,
    HoursByDay = 19,
    Machines = 20,
    Closures = 21,
    Incident = 22,
    Name = 23,
    Settings = 24,
    ItemCount = 25,
    WorkstationCount = 26,
    Bom = 27,
    Routing = 28,
    Stock = 29,
    Forecasts = 30,
    Project = 31,
    StockMovement = 32,
    SetupHours = 33,
    RunHoursPerUnit = 34,
    LotRule = 35,
    LotQuantity = 36,
    LeadTimeDays = 37,
    SafetyStock = 38,
}

/// <summary>How the values of a typed field are stored, so that the UI formats them by type instead of guessing.</summary>
public enum HistoryValueKind
{
    /// <summary>Free text (names, codes, titles): shown as stored.</summary>
    Text = 0,
    /// <summary>An invariant date (yyyy-MM-dd): shown in the reader's date format.</summary>
    Date = 1,
    /// <summary>An invariant number (dot decimal): shown in the reader's number format.</summary>
    Number = 2,
    /// <summary>An enum member name (InProgress, Firm…): worded by the UI's resources, shown as stored when it has no wording.</summary>
    Enumerated = 3,
}

public static class HistoryFields
{
    /// <summary>The kind of value every change of <paramref name="field"/> holds (part of the field's definition).</summary>
    public static HistoryValueKind ValueKind(this HistoryField field) => field switch
    {
        HistoryField.PromisedDate or HistoryField.ConfirmedDate or HistoryField.RequestedDate or HistoryField.StartDate or HistoryField.DueDate
            => HistoryValueKind.Date,
        HistoryField.Quantity or HistoryField.ShippedQuantity or HistoryField.ReceivedQuantity or HistoryField.GoodQuantity or HistoryField.ScrapQuantity
            or HistoryField.Hours or HistoryField.WeeklyHours or HistoryField.Machines or HistoryField.Closures
            or HistoryField.ItemCount or HistoryField.WorkstationCount or HistoryField.Stock or HistoryField.Forecasts
            or HistoryField.SetupHours or HistoryField.RunHoursPerUnit or HistoryField.LotQuantity or HistoryField.LeadTimeDays or HistoryField.SafetyStock => HistoryValueKind.Number,
        HistoryField.Status or HistoryField.Firmness or HistoryField.StockMovement or HistoryField.LotRule => HistoryValueKind.Enumerated,
        _ => HistoryValueKind.Text,
    };

    /// <summary>The kind of the change's values: its field's kind; text for untyped (older) changes.</summary>
    public static HistoryValueKind ValueKind(this FieldChange change) => change.Key?.ValueKind() ?? HistoryValueKind.Text;
}

/// <summary>
/// One field that a command changed, shown as "from → to" in the object's history. Typed changes (<see cref="Key"/> set)
/// hold invariant values (dates yyyy-MM-dd, numbers with a dot, status names) that the UI formats; <see cref="Line"/> is
/// the order line and <see cref="Subject"/> the named thing (an action's title) they are about. Older changes keep
/// their stored French <see cref="Field"/> text.
/// </summary>
[GenerateSerializer, Immutable, Alias("Collab.FieldChange")]
public sealed record FieldChange(
    [property: Id(0)] string Field,
    [property: Id(1)] string? From,
    [property: Id(2)] string? To,
    [property: Id(3)] HistoryField? Key = null,
    [property: Id(4)] int? Line = null,
    [property: Id(5)] string? Subject = null)
{
    /// <summary>A typed change; <see cref="Field"/> holds the field's name for readers that do not localise.</summary>
    public static FieldChange Of(HistoryField key, string? from, string? to, int? line = null, string? subject = null) =>
        new(key.ToString(), from, to, key, line, subject);

    public static string? Value(DateOnly? d) => d?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static string Value(double q) => q.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// An append-only history line: who did what, when, producing which version. <see cref="Event"/> is set on entries
/// written since histories are typed (then <see cref="What"/> holds the event's name); older entries have only the
/// stored text in <see cref="What"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("Collab.HistoryEntry")]
public sealed record HistoryEntry(
    [property: Id(0)] long Version,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string User,
    [property: Id(3)] string What,
    [property: Id(4)] IReadOnlyList<FieldChange> Changes,
    [property: Id(5)] HistoryEvent? Event = null);
