using Collab.Contracts.Common;

namespace Collab.Contracts.Meetings;

/// <summary>Daily production meeting, weekly PIC/S&amp;OP meeting, project review.</summary>
public enum MeetingType
{
    DailyProduction = 0,
    WeeklySop = 1,
    ProjectReview = 2,
}

/// <summary>SQCDP order of the agenda: Sécurité, Qualité, Coût, Délai, Personnel.</summary>
public enum SqcdpCategory
{
    Safety = 0,
    Quality = 1,
    Cost = 2,
    Delivery = 3,
    People = 4,
}

/// <summary>Where an agenda item comes from (generated from the live plan, or added by hand).</summary>
public enum AgendaSource
{
    PreviousActions = 0,
    LateCustomerOrders = 1,
    OverloadedWorkstations = 2,
    Shortages = 3,
    BlockedManufacturingOrders = 4,
    OverdueActions = 5,
    Kpis = 6,
    PlanChanges = 7,
    Manual = 8,
    /// <summary>Project review: the project's current phase and its gate checklist.</summary>
    ProjectPhase = 9,
    /// <summary>S&amp;OP: per family demand vs plan vs capacity over the next months.</summary>
    SopFamilies = 10,
    /// <summary>S&amp;OP: the strategy options compared (production, inventory, backlog, load).</summary>
    SopStrategies = 11,
    /// <summary>S&amp;OP: the decisions to take (families whose chosen plan leaves a backlog or overloads).</summary>
    SopDecisions = 12,
    /// <summary>Stopping incidents at the workstations (S of SQCDP).</summary>
    StopIncidents = 13,
    /// <summary>Other open incidents at the workstations (Q of SQCDP).</summary>
    OpenIncidents = 14,
}

/// <summary>
/// What an agenda line says. The domain fills typed fields (<see cref="AgendaLine"/>); only the Web, the minutes PDF
/// and the mails turn a kind and its fields into French or English.
/// </summary>
public enum AgendaLineKind
{
    /// <summary>The object of a manual item (<see cref="AgendaLine.Name"/> = its id).</summary>
    ObjectReference = 0,
    /// <summary>An action: Name = title, Party = owner, Day = due, Status = <see cref="ActionStatus"/> name, Figures[0] = days overdue.</summary>
    Action = 1,
    /// <summary>An incident: Name = title (typed by a person), Party = reporter, Item = workstation code, Detail = workstation description, Day = reported, Status = severity name.</summary>
    Incident = 2,
    /// <summary>A late customer order: Name = number, Party = customer, Item, Day = due, Quantity, Figures[0] = days late.</summary>
    LateCustomerOrder = 3,
    /// <summary>A customer order at risk (plan messages, not yet late): Name, Party, Item, Day = due, Quantity, Figures[0] = plan messages.</summary>
    AtRiskCustomerOrder = 4,
    /// <summary>An overloaded workstation: Name = code, Detail = description, Figures = load % of the next weeks, Figures max = peak.</summary>
    OverloadedWorkstation = 5,
    /// <summary>A customer demand the plan cannot serve on time: Item, Name = demand (order), Date, Quantity.</summary>
    LateDemand = 6,
    /// <summary>A supply that should already have been released: Item, Day = needed, Quantity.</summary>
    PastDueRelease = 7,
    /// <summary>A PO to expedite (the plan needs it earlier): Name = PO, Party = supplier, Item, Day = needed date, Quantity.</summary>
    ExpeditePurchase = 8,
    /// <summary>A PO whose receipt is past due: Name = PO, Party = supplier, Item, Day = due, Quantity.</summary>
    LateReceipt = 9,
    /// <summary>A blocked MO: Name = number, Item, Day = start, Quantity, Cause, Detail = what blocks it (component, workstation).</summary>
    BlockedManufacturingOrder = 10,
    /// <summary>A KPI of the plant: Status = <see cref="MeetingKpiKind"/> name, Figures = [value, target] (NaN when unknown).</summary>
    Kpi = 11,
    /// <summary>A line of the plan comparison, as the plan states it (Name).</summary>
    PlanChange = 12,
    /// <summary>The plan was not calculated at the previous meeting.</summary>
    PlanNotCalculatedBefore = 13,
    /// <summary>The plan was not recalculated since the previous meeting.</summary>
    PlanNotRecalculated = 14,
    /// <summary>The plan was recalculated with no notable change.</summary>
    PlanUnchanged = 15,
    /// <summary>The plan run seen at the previous meeting is no longer kept.</summary>
    PlanRunNotKept = 16,
    /// <summary>A gate checklist line of a project: Name = label (project data), Status = "Met" or "Missing".</summary>
    GateCheck = 17,
    /// <summary>No gate checklist for the phase.</summary>
    NoGateCheck = 18,
    /// <summary>No overdue action.</summary>
    NoOverdueAction = 19,
    /// <summary>No KPI defined.</summary>
    NoKpi = 20,
    /// <summary>A project KPI: Name, Detail = unit, Figures = [baseline, last (NaN: not measured), target].</summary>
    ProjectKpi = 21,
    /// <summary>An S&amp;OP family: Name = family, Detail = chosen strategy, Figures = [demand, plan, capacity load % (NaN: unknown), end inventory].</summary>
    SopFamily = 22,
    /// <summary>An S&amp;OP strategy: Name = strategy, Figures = [production, average inventory, backlog, production changes, max load %, overloaded workstation-months].</summary>
    SopStrategy = 23,
    /// <summary>An S&amp;OP decision to take: Name = family, Detail = chosen strategy, Cause = why, Figures[0] = backlog or load %.</summary>
    SopDecision = 24,
}

/// <summary>Why a line needs the team: what blocks an MO, what an S&amp;OP decision is about.</summary>
public enum AgendaCause
{
    None = 0,
    /// <summary>A component is short (late PO or plan shortage).</summary>
    Material = 1,
    /// <summary>A workstation on its routing is overloaded in the week it is planned.</summary>
    Capacity = 2,
    /// <summary>An open quality / stopping incident on a workstation of its routing.</summary>
    Quality = 3,
    /// <summary>S&amp;OP: the chosen plan leaves a backlog.</summary>
    Backlog = 4,
    /// <summary>S&amp;OP: the chosen plan overloads a key resource.</summary>
    Overload = 5,
}

/// <summary>The plant KPIs of a meeting (project reviews carry the project's own KPIs, <see cref="Project"/>).</summary>
public enum MeetingKpiKind
{
    Project = 0,
    OnTimeDelivery = 1,
    WorkstationLoad = 2,
    OpenOrderLines = 3,
    LateCustomerOrders = 4,
}

/// <summary>What happened to a meeting (history <see cref="Common.HistoryEntry.What"/> holds the name; the Web localises it).</summary>
public enum MeetingEvent
{
    Opened,
    AgendaRefreshed,
    ItemAdded,
    AgendaReordered,
    ItemSkipped,
    ItemResumed,
    CurrentItem,
    TimerStarted,
    TimerStopped,
    NoteAdded,
    DecisionAdded,
    ActionDecided,
    PresenceNoted,
    AbsenceNoted,
    Closed,
    MinutesGenerated,
    MinutesSent,
    Reopened,
    SeriesCreated,
    SeriesChanged,
    SeriesCancelled,
    InvitationsSent,
    CancellationSent,
    MeetingAdded,
}

public enum MeetingStatus
{
    Open = 0,
    Closed = 1,
}

/// <summary>
/// Someone invited: a Collab user (<see cref="Key"/> = user name, <see cref="Email"/> optional) or an
/// external address (<see cref="Key"/> = <see cref="Email"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("Collab.MeetingAttendee")]
public sealed record MeetingAttendee(
    [property: Id(0)] string Key,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Email,
    [property: Id(3)] bool External);

/// <summary>What the facilitator sets for a series. <see cref="Project"/> is set for project reviews.</summary>
[GenerateSerializer, Immutable, Alias("Collab.MeetingSeriesDefinition")]
public sealed record MeetingSeriesDefinition(
    [property: Id(0)] MeetingType Type,
    [property: Id(1)] string Title,
    [property: Id(2)] TimeOnly Start,
    [property: Id(3)] int DurationMinutes,
    [property: Id(4)] DayOfWeek[] Days,
    [property: Id(5)] string? Room,
    [property: Id(6)] string Facilitator,
    [property: Id(7)] MeetingAttendee[] Attendees,
    [property: Id(8)] ObjectRef? Project)
{
    /// <summary>Daily production meeting: working days 08:30, 15 minutes.</summary>
    public static MeetingSeriesDefinition DailyProduction(string facilitator, MeetingAttendee[] attendees, string? room = null) =>
        new(MeetingType.DailyProduction, "Réunion de production", new TimeOnly(8, 30), 15,
            [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], room, facilitator, attendees, null);

    /// <summary>Weekly PIC / S&amp;OP meeting: Monday 14:00, one hour.</summary>
    public static MeetingSeriesDefinition WeeklySop(string facilitator, MeetingAttendee[] attendees, string? room = null) =>
        new(MeetingType.WeeklySop, "Réunion PIC / S&OP", new TimeOnly(14, 0), 60, [DayOfWeek.Monday], room, facilitator, attendees, null);
}

[GenerateSerializer, Immutable, Alias("Collab.MeetingSeriesView")]
public sealed record MeetingSeriesView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Site,
    [property: Id(2)] MeetingSeriesDefinition Definition,
    [property: Id(3)] string? Uid,
    [property: Id(4)] int Sequence,
    [property: Id(5)] bool Cancelled,
    [property: Id(6)] long Version,
    [property: Id(7)] string? LastMeetingId,
    [property: Id(8)] int? SequenceSent,
    [property: Id(9)] DateTimeOffset? InvitationsSentAt);

/// <summary>
/// A row of an agenda item (an order, a workstation, an action…) with the object it links to. Typed: <see cref="Kind"/>
/// says what it is and which fields it uses (see <see cref="AgendaLineKind"/>); no sentence is built below the Web.
/// Names, parties and items are data (numbers, codes, titles typed by people), never French text of the domain.
/// Schema note: the date is <see cref="Day"/> (not "Date") so that meetings stored with the former text lines
/// ("Date": "17/11/2026") still load; their unknown members are ignored.
/// </summary>
[GenerateSerializer, Immutable, Alias("Collab.AgendaLine")]
public sealed record AgendaLine(
    [property: Id(0)] AgendaLineKind Kind,
    [property: Id(1)] ObjectRef? Object,
    [property: Id(2)] bool Alert,
    [property: Id(3)] string? Name = null,
    [property: Id(4)] string? Party = null,
    [property: Id(5)] string? Item = null,
    [property: Id(6)] DateOnly? Day = null,
    [property: Id(7)] double? Quantity = null,
    [property: Id(8)] double[]? Figures = null,
    [property: Id(9)] AgendaCause Cause = AgendaCause.None,
    [property: Id(10)] string? Detail = null,
    [property: Id(11)] string? Status = null,
    [property: Id(12)] Collab.Contracts.Plan.PlanChange? Change = null,
    [property: Id(13)] string? PartyName = null,
    [property: Id(14)] string? ItemName = null)
{
    /// <summary>Figure <paramref name="i"/>, or null when absent or not a number.</summary>
    public double? Figure(int i) => Figures is { } f && i < f.Length && double.IsFinite(f[i]) ? f[i] : null;
}

/// <summary>
/// Bars of the load chart: load % of a workstation (<see cref="Title"/> = "code – description", data) per week
/// (<see cref="Weeks"/> = Mondays; the Web labels them with ISO weeks), reference 100 %.
/// </summary>
[GenerateSerializer, Immutable, Alias("Collab.AgendaChart")]
public sealed record AgendaChart(
    [property: Id(0)] string Title,
    [property: Id(1)] string[] Labels,
    [property: Id(2)] double[] Values,
    [property: Id(3)] double Reference,
    [property: Id(4)] string Unit,
    [property: Id(5)] DateOnly[]? Weeks = null);

/// <summary>A note or a decision taken on an agenda item.</summary>
[GenerateSerializer, Immutable, Alias("Collab.MeetingEntry")]
public sealed record MeetingEntry(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Text,
    [property: Id(2)] string User,
    [property: Id(3)] DateTimeOffset At);

/// <summary>
/// An item of the agenda. Generated items have no <see cref="Title"/> (the Web names them from <see cref="Source"/> and
/// <see cref="TitleArgument"/>, e.g. the phase of a project); manual items carry the title the facilitator typed.
/// <see cref="MoreLines"/>: lines left out by the cap (the Web links "et N de plus" to the full list).
/// </summary>
[GenerateSerializer, Immutable, Alias("Collab.AgendaItem")]
public sealed record AgendaItem(
    [property: Id(0)] Guid Id,
    [property: Id(1)] SqcdpCategory Category,
    [property: Id(2)] AgendaSource Source,
    [property: Id(3)] string Title,
    [property: Id(4)] ObjectRef? Object,
    [property: Id(5)] AgendaLine[] Lines,
    [property: Id(6)] AgendaChart? Chart,
    [property: Id(7)] bool Skipped,
    [property: Id(8)] MeetingEntry[] Notes,
    [property: Id(9)] MeetingEntry[] Decisions,
    [property: Id(10)] double ElapsedSeconds,
    [property: Id(11)] string? TitleArgument = null,
    [property: Id(12)] int MoreLines = 0);

/// <summary>
/// A KPI at a given time. Plant KPIs are typed (<see cref="Kind"/>, <see cref="Figure"/>, <see cref="TargetFigure"/>;
/// the Web names and formats them); a project KPI keeps the project's own name and unit (<see cref="Name"/>,
/// <see cref="Unit"/>). <see cref="Value"/> and <see cref="Target"/> are invariant-culture numbers ("—" unknown).
/// </summary>
[GenerateSerializer, Immutable, Alias("Collab.MeetingKpi")]
public sealed record MeetingKpi(
    [property: Id(0)] string Name,
    [property: Id(1)] string Value,
    [property: Id(2)] string? Target,
    [property: Id(3)] bool? OnTarget,
    [property: Id(4)] MeetingKpiKind Kind = MeetingKpiKind.Project,
    [property: Id(5)] double? Figure = null,
    [property: Id(6)] double? TargetFigure = null,
    [property: Id(7)] string? Unit = null);

/// <summary>An action decided in the meeting; the action itself lives with <see cref="Origin"/> (shared Action model).</summary>
[GenerateSerializer, Immutable, Alias("Collab.MeetingActionRef")]
public sealed record MeetingActionRef(
    [property: Id(0)] Guid ActionId,
    [property: Id(1)] Guid ItemId,
    [property: Id(2)] ObjectRef Origin,
    [property: Id(3)] string Title,
    [property: Id(4)] string Owner,
    [property: Id(5)] DateOnly Due);

/// <summary>Everything the generator read from the live plan when the meeting opened (or refreshed its agenda).</summary>
[GenerateSerializer, Immutable, Alias("Collab.GeneratedAgenda")]
public sealed record GeneratedAgenda(
    [property: Id(0)] AgendaItem[] Items,
    [property: Id(1)] MeetingKpi[] Kpis,
    [property: Id(2)] string? PlanRunId);

/// <summary>What the series hands to a new occurrence.</summary>
[GenerateSerializer, Immutable, Alias("Collab.MeetingSetup")]
public sealed record MeetingSetup(
    [property: Id(0)] string Site,
    [property: Id(1)] string SeriesId,
    [property: Id(2)] MeetingSeriesDefinition Definition,
    [property: Id(3)] DateOnly Day,
    [property: Id(4)] string? PreviousMeetingId);

[GenerateSerializer, Immutable, Alias("Collab.MeetingView")]
public sealed record MeetingView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Site,
    [property: Id(2)] string SeriesId,
    [property: Id(3)] MeetingType Type,
    [property: Id(4)] string Title,
    [property: Id(5)] DateOnly Day,
    [property: Id(6)] TimeOnly Start,
    [property: Id(7)] int DurationMinutes,
    [property: Id(8)] string? Room,
    [property: Id(9)] string Facilitator,
    [property: Id(10)] IReadOnlyList<MeetingAttendee> Attendees,
    [property: Id(11)] IReadOnlyList<string> Present,
    [property: Id(12)] MeetingStatus Status,
    [property: Id(13)] IReadOnlyList<AgendaItem> Agenda,
    [property: Id(14)] int CurrentIndex,
    [property: Id(15)] DateTimeOffset? TimerStartedAt,
    [property: Id(16)] IReadOnlyList<MeetingActionRef> Actions,
    [property: Id(17)] IReadOnlyList<MeetingKpi> KpisAtOpen,
    [property: Id(18)] IReadOnlyList<MeetingKpi> KpisAtClose,
    [property: Id(19)] DateTimeOffset? OpenedAt,
    [property: Id(20)] DateTimeOffset? ClosedAt,
    [property: Id(21)] string? ClosedBy,
    [property: Id(22)] bool HasMinutes,
    [property: Id(23)] DateTimeOffset? MinutesSentAt,
    [property: Id(24)] string? PreviousMeetingId,
    [property: Id(25)] ObjectRef? Project,
    [property: Id(26)] long Version,
    [property: Id(27)] string? ModifiedBy,
    [property: Id(28)] DateTimeOffset? ModifiedAt,
    [property: Id(29)] string? PlanRunId = null)
{
    public bool IsClosed => Status == MeetingStatus.Closed;

    public AgendaItem? Current => CurrentIndex >= 0 && CurrentIndex < Agenda.Count ? Agenda[CurrentIndex] : null;

    /// <summary>Seconds spent on the item at <paramref name="index"/> (running timer included).</summary>
    public double ItemSeconds(int index, DateTimeOffset now) =>
        index < 0 || index >= Agenda.Count ? 0
        : Agenda[index].ElapsedSeconds + (index == CurrentIndex && TimerStartedAt is { } t ? Math.Max(0, (now - t).TotalSeconds) : 0);

    /// <summary>Seconds spent on the whole meeting so far (sum of items, running timer included).</summary>
    public double TotalSeconds(DateTimeOffset now) => Enumerable.Range(0, Agenda.Count).Sum(i => ItemSeconds(i, now));
}

/// <summary>A row of the meeting history (search).</summary>
[GenerateSerializer, Immutable, Alias("Collab.MeetingSummary")]
public sealed record MeetingSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string SeriesId,
    [property: Id(2)] MeetingType Type,
    [property: Id(3)] string Title,
    [property: Id(4)] DateOnly Day,
    [property: Id(5)] MeetingStatus Status,
    [property: Id(6)] string Facilitator,
    [property: Id(7)] DateTimeOffset? OpenedAt,
    [property: Id(8)] int Decisions,
    [property: Id(9)] int Actions,
    [property: Id(10)] string SearchText,
    [property: Id(11)] long Version);

/// <summary>A series in the site's list.</summary>
[GenerateSerializer, Immutable, Alias("Collab.MeetingSeriesSummary")]
public sealed record MeetingSeriesSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] MeetingType Type,
    [property: Id(2)] string Title,
    [property: Id(3)] TimeOnly Start,
    [property: Id(4)] int DurationMinutes,
    [property: Id(5)] string Facilitator,
    [property: Id(6)] bool Cancelled,
    [property: Id(7)] long Version);

[GenerateSerializer, Immutable, Alias("Collab.MeetingSearch")]
public sealed record MeetingSearch(
    [property: Id(0)] string? Text = null,
    [property: Id(1)] DateOnly? From = null,
    [property: Id(2)] DateOnly? To = null,
    [property: Id(3)] MeetingType? Type = null,
    [property: Id(4)] int Max = 100);

/// <summary>A wall-screen display link (the token itself is shown once, only its hash is kept).</summary>
[GenerateSerializer, Immutable, Alias("Collab.KioskDisplay")]
public sealed record KioskDisplay(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string CreatedBy,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] string? RevokedBy,
    [property: Id(5)] DateTimeOffset? RevokedAt,
    [property: Id(6)] DateTimeOffset? LastSeenAt,
    [property: Id(7)] string TokenHint)
{
    public bool Active => RevokedAt is null;
}

[GenerateSerializer, Immutable, Alias("Collab.NewKioskDisplay")]
public sealed record NewKioskDisplay(
    [property: Id(0)] KioskDisplay Display,
    [property: Id(1)] string Token);
