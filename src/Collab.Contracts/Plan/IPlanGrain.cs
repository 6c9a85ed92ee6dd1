using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Workstations;
using Orleans.Concurrency;

namespace Collab.Contracts.Plan;

/// <summary>The steps of a plan run, named in <see cref="PlanProgress.Step"/> and worded by the UI ("PA.Mrp.Step.*").</summary>
public enum PlanStep
{
    Gathering = 0,
    Computing = 1,
    Saving = 2,
    Pushing = 3,
    Done = 4,
    Starting = 5,
}

/// <summary>Names of the plan grain's change events (<see cref="Collab.Contracts.Common.ChangeEvent.What"/>).</summary>
public static class PlanEvents
{
    /// <summary>A run is in memory: the plan's queries answer with it (published before it is stored and its consequences pushed).</summary>
    public const string Recalculated = "PlanRecalculated";
    /// <summary>The run's consequences are told to every order and workstation grain concerned, their list rows written (the run's row may still be being written).</summary>
    public const string ConsequencesPushed = "PlanConsequencesPushed";
    public const string PlannedOrderReleased = "PlannedOrderReleased";
    public const string SopStrategyChosen = "SopStrategyChosen";
}

/// <summary>Progress of a "Recalculer" run (also published as <see cref="ObjectKind.Plan"/> change events, What = step):
/// <see cref="Step"/> is a <see cref="PlanStep"/> name.</summary>
[GenerateSerializer, Immutable, Alias("Collab.PlanProgress")]
public sealed record PlanProgress(
    [property: Id(0)] bool Running,
    [property: Id(1)] string Step,
    [property: Id(2)] int Percent,
    [property: Id(3)] string? RunId);

[GenerateSerializer, Immutable, Alias("Collab.PlanRunSummary")]
public sealed record PlanRunSummary(
    [property: Id(0)] string RunId,
    [property: Id(1)] DateOnly Today,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string User,
    [property: Id(4)] int Items,
    [property: Id(5)] int PlannedOrders,
    [property: Id(6)] int Exceptions,
    [property: Id(7)] int LateDemands,
    [property: Id(8)] int OverloadedWorkstationWeeks,
    [property: Id(9)] double DurationMs,
    [property: Id(10)] int OrdersUpdated);

[GenerateSerializer, Immutable, Alias("Collab.PlanBucketView")]
public sealed record PlanBucketView(
    [property: Id(0)] int Number,
    [property: Id(1)] DateOnly Start,
    [property: Id(2)] DateOnly End);

/// <summary>The textbook MRP record of an item (arrays: index 0 = bucket 1).</summary>
[GenerateSerializer, Immutable, Alias("Collab.MrpRecordView")]
public sealed record MrpRecordView(
    [property: Id(0)] string Item,
    [property: Id(1)] string Description,
    [property: Id(2)] string Family,
    [property: Id(3)] bool Bought,
    [property: Id(4)] int LeadTimeDays,
    [property: Id(5)] double SafetyStock,
    [property: Id(6)] string LotRule,
    [property: Id(7)] double OnHand,
    [property: Id(8)] int LowLevelCode,
    [property: Id(9)] IReadOnlyList<PlanBucketView> Buckets,
    [property: Id(10)] IReadOnlyList<double> GrossRequirements,
    [property: Id(11)] IReadOnlyList<double> ScheduledReceipts,
    [property: Id(12)] IReadOnlyList<double> ProjectedAvailable,
    [property: Id(13)] IReadOnlyList<double> NetRequirements,
    [property: Id(14)] IReadOnlyList<double> PlannedOrderReceipts,
    [property: Id(15)] IReadOnlyList<double> PlannedOrderReleases,
    [property: Id(16)] IReadOnlyList<PlanExceptionView> Exceptions);

/// <summary>What a pegged requirement is (the UI words it).</summary>
public enum PegKind
{
    CustomerOrder = 0,
    Forecast = 1,
    /// <summary>Dependent requirement of a parent's planned order.</summary>
    ComponentRequirement = 2,
}

/// <summary>
/// "Pourquoi ?": one requirement behind an item's gross requirement in a bucket.
/// <see cref="Kind"/>: customer order, forecast or component requirement (then <see cref="ParentItem"/> is set and
/// <see cref="Source"/> is the parent planned order's number); <see cref="CustomerDemands"/> are the end demands
/// (customer orders / forecasts) it ultimately serves.
/// </summary>
[GenerateSerializer, Immutable, Alias("Collab.PegView")]
public sealed record PegView(
    [property: Id(0)] PegKind Kind,
    [property: Id(1)] string Source,
    [property: Id(2)] string? ParentItem,
    [property: Id(3)] int Period,
    [property: Id(4)] double Qty,
    [property: Id(5)] IReadOnlyList<string> CustomerDemands);

/// <summary>
/// A planned order proposed by MRP; <see cref="Id"/> is its key, stable within one run ("item@receiptBucket#n");
/// <see cref="Number"/> is what users see ("PL-12", as on the load page); <see cref="Unit"/> the item's unit.
/// </summary>
[GenerateSerializer, Immutable, Alias("Collab.PlannedOrderView")]
public sealed record PlannedOrderView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Item,
    [property: Id(2)] string Description,
    [property: Id(3)] bool Bought,
    [property: Id(4)] double Qty,
    [property: Id(5)] DateOnly ReleaseDate,
    [property: Id(6)] DateOnly DueDate,
    [property: Id(7)] bool PastDue,
    [property: Id(8)] string? Supplier,
    [property: Id(9)] IReadOnlyList<string> PeggedDemands,
    [property: Id(10)] string? ReleasedAs,
    [property: Id(11)] string Number = "",
    [property: Id(12)] string? Unit = null);

[GenerateSerializer, Immutable, Alias("Collab.SopPlanView")]
public sealed record SopPlanView(
    [property: Id(0)] string Strategy,
    [property: Id(1)] IReadOnlyList<double> Production,
    [property: Id(2)] IReadOnlyList<double> Inventory,
    [property: Id(3)] IReadOnlyList<double> TargetInventory);

/// <summary>PIC (plan industriel et commercial) of one family: demand rows and one plan per strategy.</summary>
[GenerateSerializer, Immutable, Alias("Collab.SopFamilyView")]
public sealed record SopFamilyView(
    [property: Id(0)] string Family,
    [property: Id(1)] string ChosenStrategy,
    [property: Id(2)] IReadOnlyList<double> Firm,
    [property: Id(3)] IReadOnlyList<double> OptionalWeighted,
    [property: Id(4)] IReadOnlyList<double> Forecast,
    [property: Id(5)] IReadOnlyList<double> Total,
    [property: Id(6)] IReadOnlyList<SopPlanView> Plans);

[GenerateSerializer, Immutable, Alias("Collab.SopStrategyRow")]
public sealed record SopStrategyRow(
    [property: Id(0)] string Strategy,
    [property: Id(1)] double TotalProduction,
    [property: Id(2)] double AverageInventory,
    [property: Id(3)] double Backlog,
    [property: Id(4)] double ProductionChanges,
    [property: Id(5)] double MaxUtilisation,
    [property: Id(6)] int OverloadedWorkstationMonths);

[GenerateSerializer, Immutable, Alias("Collab.SopView")]
public sealed record SopView(
    [property: Id(0)] IReadOnlyList<DateOnly> Months,
    [property: Id(1)] IReadOnlyList<SopFamilyView> Families,
    [property: Id(2)] IReadOnlyList<SopStrategyRow> Comparison);

[GenerateSerializer, Immutable, Alias("Collab.WorkstationLoadRow")]
public sealed record WorkstationLoadRow(
    [property: Id(0)] string Workstation,
    [property: Id(1)] string Description,
    [property: Id(2)] IReadOnlyList<WeekLoad> Weeks);

[GenerateSerializer, Immutable, Alias("Collab.StockRow")]
public sealed record StockRow(
    [property: Id(0)] string Item,
    [property: Id(1)] string Description,
    [property: Id(2)] string Family,
    [property: Id(3)] double OnHand,
    [property: Id(4)] double SafetyStock,
    [property: Id(5)] double CoverageDays,
    [property: Id(6)] double AnnualConsumptionValue,
    [property: Id(7)] string Abc,
    [property: Id(8)] double ReorderPoint,
    [property: Id(9)] IReadOnlyList<double> ProjectedStock);

[GenerateSerializer, Immutable, Alias("Collab.PlanSnapshotInfo")]
public sealed record PlanSnapshotInfo(
    [property: Id(0)] string RunId,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string User,
    [property: Id(3)] DateOnly Today);

/// <summary>Kinds of difference between two plan runs.</summary>
public enum PlanChangeKind
{
    NewLateDemand = 0,
    ResolvedLateDemand = 1,
    ExceptionAppeared = 2,
    ExceptionCleared = 3,
    NewOverload = 4,
    ResolvedOverload = 5,
    PlannedOrderAdded = 6,
    PlannedOrderRemoved = 7,
    PlannedOrderMoved = 8,
    PlannedOrderResized = 9,
}

/// <summary>
/// One difference between two plan runs, typed: what (<see cref="Kind"/>), which object (<see cref="Subject"/>: demand
/// or order number, workstation code, or the item of a planned order), before and after (dates of the receipt / week,
/// quantities). <see cref="Exception"/> for appeared/cleared messages, <see cref="DelayWeeks"/> for late demands,
/// <see cref="ExcessHours"/> for overloads. The UI words it (Web: <c>PlanText.Change</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("Collab.PlanChange")]
public sealed record PlanChange(
    [property: Id(0)] PlanChangeKind Kind,
    [property: Id(1)] string Subject,
    [property: Id(2)] string? Item = null,
    [property: Id(3)] Collab.Planning.Mrp.MrpExceptionType? Exception = null,
    [property: Id(4)] DateOnly? BeforeDate = null,
    [property: Id(5)] DateOnly? AfterDate = null,
    [property: Id(6)] double? BeforeQty = null,
    [property: Id(7)] double? AfterQty = null,
    [property: Id(8)] int? DelayWeeks = null,
    [property: Id(9)] double? ExcessHours = null)
{
    /// <summary>Changes worth an alert (new late demand, new overload, new message).</summary>
    public bool IsAlert => Kind is PlanChangeKind.NewLateDemand or PlanChangeKind.NewOverload;
}

/// <summary>What changed between two plan runs, as typed <see cref="PlanChange"/> records.</summary>
[GenerateSerializer, Immutable, Alias("Collab.PlanDiffView")]
public sealed record PlanDiffView(
    [property: Id(0)] string FromRunId,
    [property: Id(1)] string ToRunId,
    [property: Id(3)] IReadOnlyList<PlanChange> Changes);

/// <summary>
/// The plan of a site and scenario. Key: "{site}/{scenario}" (see <see cref="PlanKey"/>), e.g. "DEMO/base".
/// "Recalculer" gathers master data from the site and open orders from the order registry, runs MRP,
/// S&amp;OP, capacity and stock analytics, stores a dated snapshot and pushes consequences to order and
/// workstation grains. Queries read the last run (rebuilt from the stored snapshot after a restart).
/// The queries (Get…) interleave with a run: they answer synchronously with the run in memory, which a run replaces
/// once computed, before storing it and pushing its consequences (issue #17).
/// </summary>
[Alias("Collab.IPlanGrain")]
public interface IPlanGrain : IGrainWithStringKey
{
    [Alias("Recalculate")]
    Task<PlanRunSummary> RecalculateAsync(DateOnly today, string user);

    [Alias("GetProgress"), AlwaysInterleave]
    Task<PlanProgress> GetProgressAsync();

    [Alias("GetSummary"), AlwaysInterleave]
    Task<PlanRunSummary?> GetSummaryAsync();

    [Alias("GetBuckets"), AlwaysInterleave]
    Task<IReadOnlyList<PlanBucketView>> GetBucketsAsync();

    [Alias("GetItemRecord"), AlwaysInterleave]
    Task<MrpRecordView?> GetItemRecordAsync(string item);

    /// <summary>"Pourquoi ?": the requirements behind <paramref name="item"/>'s gross requirement in <paramref name="period"/> (1-based).</summary>
    [Alias("GetPegging"), AlwaysInterleave]
    Task<IReadOnlyList<PegView>> GetPeggingAsync(string item, int period);

    /// <summary>
    /// Late customer orders, projected service, stock value and overloads of the last run, computed exactly as the
    /// what-if simulation computes its "before" (docs/late.md): a simulation on the same day starts from these figures.
    /// </summary>
    [Alias("GetFigures"), AlwaysInterleave]
    Task<Collab.Contracts.Projects.PlanFigures?> GetFiguresAsync();

    [Alias("GetExceptions"), AlwaysInterleave]
    Task<IReadOnlyList<PlanExceptionView>> GetExceptionsAsync();

    [Alias("GetPlannedOrders"), AlwaysInterleave]
    Task<IReadOnlyList<PlannedOrderView>> GetPlannedOrdersAsync(string? item);

    /// <summary>Turns a planned order of the last run into a firm MO (status Released) or PO with the next number.</summary>
    [Alias("ReleasePlannedOrder")]
    /// <remarks><paramref name="qty"/> and <paramref name="due"/> default to the plan's; whole numbers for items counted in pieces, due not in the past.</remarks>
    Task<ObjectRef> ReleasePlannedOrderAsync(string plannedOrderId, string user, double? qty = null, DateOnly? due = null);

    [Alias("GetSop"), AlwaysInterleave]
    Task<SopView?> GetSopAsync();

    [Alias("SetSopStrategy")]
    Task SetSopStrategyAsync(string family, string strategy, string user);

    [Alias("GetCapacity"), AlwaysInterleave]
    Task<IReadOnlyList<WorkstationLoadRow>> GetCapacityAsync();

    /// <summary>One workstation's weeks with the orders making each week's load, and its queue, in the run the pages read (null: no run).</summary>
    [Alias("GetWorkstationLoad"), AlwaysInterleave]
    Task<WorkstationLoadFeedback?> GetWorkstationLoadAsync(string workstation);

    [Alias("GetStock"), AlwaysInterleave]
    Task<IReadOnlyList<StockRow>> GetStockAsync();

    [Alias("GetSnapshots"), AlwaysInterleave]
    Task<IReadOnlyList<PlanSnapshotInfo>> GetSnapshotsAsync();

    /// <summary>Differences from snapshot <paramref name="fromRunId"/> to the last run (computed once per pair of runs, then cached).</summary>
    [Alias("GetDiff")]
    Task<PlanDiffView> GetDiffAsync(string fromRunId);

    /// <summary>Diffs this activation computed (not served from its cache): diagnostics and tests.</summary>
    [Alias("GetDiffsComputed")]
    Task<int> GetDiffsComputedAsync();

    /// <summary>
    /// Automatic net change: an object grain tells the plan that one of its inputs changed (order quantity, date,
    /// confirmation, receipt, shipment, progress, master data, workstation calendar). The plan re-runs by itself a
    /// short delay after the last such change (bursts coalesce), once it has been calculated at least once.
    /// Always interleaved and only counts the change and re-arms the timer, so an edit never waits for a running plan
    /// (nor deadlocks with the consequences it pushes); when the edit returns, the change is counted.
    /// </summary>
    [Alias("InputChanged"), AlwaysInterleave]
    Task InputChangedAsync(ObjectRef changed);

    /// <summary>Runs the pending automatic recalculation now (tests; the debounce timer runs it inside the plan grain). Null when nothing is pending.</summary>
    [Alias("RunNetChange")]
    Task<PlanRunSummary?> RunNetChangeAsync();

    /// <summary>Number of input changes waiting for the automatic recalculation.</summary>
    [Alias("GetPendingChanges")]
    Task<int> GetPendingChangesAsync();
}

public static class PlanKey
{
    public const string BaseScenario = "base";

    public static string Of(string site, string scenario = BaseScenario) => $"{site}/{scenario}";

    public static (string Site, string Scenario) Parse(string key)
    {
        var slash = key.IndexOf('/');
        return slash < 0 ? (key, BaseScenario) : (key[..slash], key[(slash + 1)..]);
    }
}
