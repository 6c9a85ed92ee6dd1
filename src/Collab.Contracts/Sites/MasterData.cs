namespace Collab.Contracts.Sites;

/// <summary>Make (fabriqué) or buy (acheté).</summary>
public enum ItemSource
{
    Make = 0,
    Buy = 1,
}

/// <summary>Lot-sizing rule of an item: lot pour lot, quantité fixe, période fixe.</summary>
public enum LotRule
{
    LotForLot = 0,
    FixedQuantity = 1,
    FixedPeriods = 2,
}

/// <summary>An article of the site's master data.</summary>
[GenerateSerializer, Immutable, Alias("Collab.ItemData")]
public sealed record ItemData(
    [property: Id(0)] string Code,
    [property: Id(1)] string Description,
    [property: Id(2)] string Family,
    [property: Id(3)] ItemSource Source,
    [property: Id(4)] string Unit,
    [property: Id(5)] double UnitCost,
    [property: Id(6)] int LeadTimeDays,
    [property: Id(7)] double SafetyStock,
    [property: Id(8)] LotRule LotRule = LotRule.LotForLot,
    [property: Id(9)] double LotQuantity = 0,
    [property: Id(10)] int LotPeriods = 0,
    [property: Id(11)] double MinQty = 0,
    [property: Id(12)] double Multiple = 0,
    [property: Id(13)] string? PreferredSupplier = null,
    [property: Id(14)] string? Buyer = null,
    [property: Id(15)] string? Planner = null);

[GenerateSerializer, Immutable, Alias("Collab.BomLineData")]
public sealed record BomLineData(
    [property: Id(0)] string Parent,
    [property: Id(1)] string Component,
    [property: Id(2)] double QtyPer,
    [property: Id(3)] double ScrapRate = 0);

/// <summary>One operation of an item's routing (gamme).</summary>
[GenerateSerializer, Immutable, Alias("Collab.RoutingOperationData")]
public sealed record RoutingOperationData(
    [property: Id(0)] string Item,
    [property: Id(1)] int Sequence,
    [property: Id(2)] string Workstation,
    [property: Id(3)] double SetupHours,
    [property: Id(4)] double RunHoursPerUnit,
    [property: Id(5)] string Description = "");

/// <summary>
/// A workstation (poste de charge) and its calendar: hours per weekday (Monday first, 7 values),
/// machines, efficiency, closed days. Available hours on a day = hours × machines × efficiency.
/// </summary>
[GenerateSerializer, Immutable, Alias("Collab.WorkstationData")]
public sealed record WorkstationData(
    [property: Id(0)] string Code,
    [property: Id(1)] string Description,
    [property: Id(2)] IReadOnlyList<double> HoursByDay,
    [property: Id(3)] int Machines,
    [property: Id(4)] double Efficiency,
    [property: Id(5)] IReadOnlyList<DateOnly> Closures)
{
    public double WeeklyHours => HoursByDay.Sum() * Machines * Efficiency;

    /// <summary>1, 2 or 3 shifts of 8 h on weekdays.</summary>
    public static IReadOnlyList<double> Shifts(int shifts) => [8 * shifts, 8 * shifts, 8 * shifts, 8 * shifts, 8 * shifts, 0, 0];
}

/// <summary>A supplier; <see cref="Language"/> is "fr" or "en" (language of the mails sent to it).</summary>
[GenerateSerializer, Immutable, Alias("Collab.SupplierData")]
public sealed record SupplierData(
    [property: Id(0)] string Code,
    [property: Id(1)] string Name,
    [property: Id(2)] string Email,
    [property: Id(3)] string Language,
    [property: Id(4)] string? Contact = null,
    [property: Id(5)] string? City = null);

/// <summary>A customer; <see cref="Language"/> is "fr" or "en" (language of the notices sent to it; "fr" for rows stored before it existed).</summary>
[GenerateSerializer, Immutable, Alias("Collab.CustomerData")]
public sealed record CustomerData(
    [property: Id(0)] string Code,
    [property: Id(1)] string Name,
    [property: Id(2)] string City,
    [property: Id(3)] string? Email = null,
    [property: Id(4)] string Language = "fr",
    [property: Id(5)] string? Contact = null);

/// <summary>A forecast quantity of an item (or a family when <see cref="IsFamily"/>) for the period starting on <see cref="PeriodStart"/>.</summary>
[GenerateSerializer, Immutable, Alias("Collab.ForecastData")]
public sealed record ForecastData(
    [property: Id(0)] string Code,
    [property: Id(1)] DateOnly PeriodStart,
    [property: Id(2)] double Qty,
    [property: Id(3)] bool IsFamily = false);

[GenerateSerializer, Immutable, Alias("Collab.StockData")]
public sealed record StockData(
    [property: Id(0)] string Item,
    [property: Id(1)] double OnHand,
    [property: Id(2)] double Allocated = 0);

/// <summary>How optional customer orders (commandes sous option) count in the plan.</summary>
public enum OptionalOrderMode
{
    /// <summary>Quantity × probability.</summary>
    Weighted = 0,
    /// <summary>Full quantity.</summary>
    Full = 1,
    /// <summary>Ignored.</summary>
    Ignored = 2,
}

/// <summary>
/// Site settings. Numbering patterns: <c>{yyyy}</c> (year of the day of numbering) and
/// <c>{n:00000}</c> (counter, per pattern and year, never reused), e.g. <c>OF-{yyyy}-{n:00000}</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("Collab.SiteSettings")]
public sealed record SiteSettings(
    [property: Id(0)] string ManufacturingOrderPattern,
    [property: Id(1)] string PurchaseOrderPattern,
    [property: Id(2)] string CustomerOrderPattern,
    [property: Id(3)] OptionalOrderMode OptionalOrders,
    [property: Id(4)] int ConsumeBackwardWeeks,
    [property: Id(5)] int ConsumeForwardWeeks,
    [property: Id(6)] int HorizonWeeks,
    [property: Id(7)] int SopMonths)
{
    public static readonly SiteSettings Default = new("OF-{yyyy}-{n:00000}", "OA-{yyyy}-{n:00000}", "CC-{yyyy}-{n:00000}",
        OptionalOrderMode.Weighted, 1, 1, 26, 12);
}

/// <summary>Kinds of numbered documents.</summary>
public enum NumberKind
{
    ManufacturingOrder = 0,
    PurchaseOrder = 1,
    CustomerOrder = 2,
}

/// <summary>All master data of a site (import/export, plan snapshots).</summary>
[GenerateSerializer, Immutable, Alias("Collab.MasterDataSet")]
public sealed record MasterDataSet(
    [property: Id(0)] IReadOnlyList<ItemData> Items,
    [property: Id(1)] IReadOnlyList<BomLineData> Bom,
    [property: Id(2)] IReadOnlyList<RoutingOperationData> Routings,
    [property: Id(3)] IReadOnlyList<WorkstationData> Workstations,
    [property: Id(4)] IReadOnlyList<SupplierData> Suppliers,
    [property: Id(5)] IReadOnlyList<CustomerData> Customers,
    [property: Id(6)] IReadOnlyList<ForecastData> Forecasts,
    [property: Id(7)] IReadOnlyList<StockData> Stock)
{
    public static readonly MasterDataSet Empty = new([], [], [], [], [], [], [], []);
}
