using Orleans.Concurrency;

namespace Collab.Contracts.Scheduling;

// The finite-capacity schedule (ordonnancement) of a site's open manufacturing orders.
// Times are plant-local DateTimes (the clock's local time zone, like "today" everywhere else).

/// <summary>One row of the Gantt: machine <see cref="Machine"/> (0-based) of a workstation.</summary>
[GenerateSerializer, Immutable, Alias("Collab.ScheduleLane")]
public sealed record ScheduleLane(
    [property: Id(0)] string Workstation,
    [property: Id(1)] string Description,
    [property: Id(2)] int Machine,
    [property: Id(3)] int MachineCount);

/// <summary>Working hours of one workstation over the plan (from the workstation calendar).</summary>
[GenerateSerializer, Immutable, Alias("Collab.ScheduleWorkstationLoad")]
public sealed record ScheduleWorkstationLoad(
    [property: Id(0)] string Workstation,
    [property: Id(1)] double BusyHours,
    [property: Id(2)] double AvailableHours)
{
    public double Ratio => AvailableHours <= 0 ? 0 : BusyHours / AvailableHours;
}

/// <summary>
/// Placement of one MO operation. Id = "{MO}/{sequence}". <see cref="Pinned"/>: fixed by a planner;
/// <see cref="InProgress"/>: started on the shop floor (cannot be moved); <see cref="Late"/>: its order ends after its due date.
/// </summary>
[GenerateSerializer, Immutable, Alias("Collab.ScheduledOperationView")]
public sealed record ScheduledOperationView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Order,
    [property: Id(2)] int Sequence,
    [property: Id(3)] string Description,
    [property: Id(4)] string Item,
    [property: Id(5)] double Qty,
    [property: Id(6)] string Workstation,
    [property: Id(7)] int Machine,
    [property: Id(8)] DateTime SetupStart,
    [property: Id(9)] DateTime Start,
    [property: Id(10)] DateTime End,
    [property: Id(11)] double Hours,
    [property: Id(12)] bool Pinned,
    [property: Id(13)] bool InProgress,
    [property: Id(14)] bool Late);

/// <summary>What the start of an operation on a late order's critical chain waited for (typed; the UI words it).</summary>
public enum ScheduleDelayCause
{
    Predecessor = 0,
    Workstation = 1,
    Release = 2,
    Now = 3,
    Fixed = 4,
    Calendar = 5,
    JustInTime = 6,
}

/// <summary>
/// Why an MO is late, as typed data (French/English text is produced by the UI): the bottleneck workstation, the
/// operation it waited for, the sub-assembly MO it waits for (with that MO's own lateness and bottleneck — "attend
/// OF-X (sous-ensemble), lui-même en retard sur le poste Y"), and the origin of the critical chain.
/// </summary>
[GenerateSerializer, Immutable, Alias("Collab.ScheduleLateReason")]
public sealed record ScheduleLateReason(
    [property: Id(0)] double LatenessHours,
    [property: Id(1)] string? Bottleneck,
    [property: Id(2)] string? WaitsForOperation,
    [property: Id(3)] string? SubAssemblyOrder,
    [property: Id(4)] double SubAssemblyLatenessHours,
    [property: Id(5)] string? SubAssemblyBottleneck,
    [property: Id(6)] string? OriginOperation,
    [property: Id(7)] ScheduleDelayCause OriginCause,
    [property: Id(8)] string? OriginWorkstation,
    [property: Id(9)] string? OriginBlockingOperation,
    [property: Id(10)] string? OriginComponent = null,
    [property: Id(11)] string? OriginReceipt = null,
    [property: Id(12)] DateOnly? OriginReceiptDate = null);

/// <summary>Outcome of one MO: completion vs due date; <see cref="Why"/> explains a late order (critical chain, bottleneck,
/// sub-assembly). Late = the scheduled end is after <see cref="Due"/>, the MO's need date (docs/late.md).</summary>
[GenerateSerializer, Immutable, Alias("Collab.ScheduledOrderView")]
public sealed record ScheduledOrderView(
    [property: Id(0)] string Order,
    [property: Id(1)] string Item,
    [property: Id(2)] double Qty,
    [property: Id(3)] DateTime Due,
    [property: Id(4)] DateTime Completion,
    [property: Id(5)] double LatenessHours,
    [property: Id(6)] double Weight,
    [property: Id(7)] IReadOnlyList<string> CustomerOrders,
    [property: Id(11)] ScheduleLateReason? Why,
    [property: Id(10)] string? Bottleneck)
{
    public bool Late => LatenessHours > 0;
}

/// <summary>Figures compared before/after a move or an optimisation (weighted tardiness in weighted hours).</summary>
[GenerateSerializer, Immutable, Alias("Collab.ScheduleMetrics")]
public sealed record ScheduleMetrics(
    [property: Id(0)] double WeightedTardinessHours,
    [property: Id(1)] int LateOrders,
    [property: Id(2)] DateTime MakespanEnd,
    [property: Id(3)] double MakespanHours);

/// <summary>The figures before and after the last change (<see cref="What"/>: a <see cref="ScheduleChange"/> token, "Moved|OF/20"…).</summary>
[GenerateSerializer, Immutable, Alias("Collab.ScheduleComparison")]
public sealed record ScheduleComparison(
    [property: Id(0)] string What,
    [property: Id(1)] string User,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] ScheduleMetrics Before,
    [property: Id(4)] ScheduleMetrics After,
    [property: Id(5)] IReadOnlyList<string> MovedOperations);

/// <summary>An impossible constraint reported by the engine (e.g. "FixedOverlap": two pinned operations on one machine at once).</summary>
[GenerateSerializer, Immutable, Alias("Collab.ScheduleConflictView")]
public sealed record ScheduleConflictView(
    [property: Id(0)] string Kind,
    [property: Id(1)] IReadOnlyList<string> Operations,
    [property: Id(2)] string Message);

[GenerateSerializer, Immutable, Alias("Collab.ScheduleView")]
public sealed record ScheduleView(
    [property: Id(0)] string Site,
    [property: Id(1)] long Version,
    [property: Id(2)] string? ModifiedBy,
    [property: Id(3)] DateTimeOffset? ModifiedAt,
    [property: Id(4)] DateTime Now,
    [property: Id(5)] IReadOnlyList<ScheduleLane> Lanes,
    [property: Id(6)] IReadOnlyList<ScheduledOperationView> Operations,
    [property: Id(7)] IReadOnlyList<ScheduledOrderView> Orders,
    [property: Id(8)] ScheduleMetrics Metrics,
    [property: Id(9)] ScheduleComparison? Comparison,
    [property: Id(10)] IReadOnlyList<ScheduleConflictView> Conflicts,
    [property: Id(11)] IReadOnlyList<ScheduleWorkstationLoad> Loads,
    [property: Id(12)] string Rule,
    [property: Id(13)] string? UndoableMove = null,
    [property: Id(14)] IReadOnlyList<ScheduleLateCustomerOrder>? LateCustomerOrders = null,
    [property: Id(15)] int PlanLateCustomerOrders = 0);

/// <summary>
/// An open customer order late in the finite schedule (docs/late.md: promised before its expected availability — the
/// latest scheduled end of the MOs pegged to it, else the plan's, never before today); <see cref="LateInPlan"/>: the plan
/// (infinite capacity) makes it late too; <see cref="Bottlenecks"/>: the workstations that explain the rest (typed, the UI words it).
/// </summary>
[GenerateSerializer, Immutable, Alias("Collab.ScheduleLateCustomerOrder")]
public sealed record ScheduleLateCustomerOrder(
    [property: Id(0)] string Order,
    [property: Id(1)] DateOnly Promised,
    [property: Id(2)] DateTime ExpectedAvailability,
    [property: Id(3)] bool Firm,
    [property: Id(4)] IReadOnlyList<string> Bottlenecks,
    [property: Id(5)] bool LateInPlan = false);

/// <summary>Result of a move: the new schedule and the operations the repair had to shift (the moved one first).</summary>
[GenerateSerializer, Immutable, Alias("Collab.ScheduleMoveResult")]
public sealed record ScheduleMoveResult(
    [property: Id(0)] ScheduleView Schedule,
    [property: Id(1)] IReadOnlyList<string> MovedOperations);

/// <summary>Optimiser progress (polled by screens while it runs).</summary>
[GenerateSerializer, Immutable, Alias("Collab.OptimisationProgress")]
public sealed record OptimisationProgress(
    [property: Id(0)] bool Running,
    [property: Id(1)] double ElapsedSeconds,
    [property: Id(2)] double TimeBoxSeconds,
    [property: Id(3)] long Iterations,
    [property: Id(4)] int Improvements,
    [property: Id(5)] double? BestWeightedTardinessHours,
    [property: Id(6)] string? StartedBy)
{
    public int Percent => TimeBoxSeconds <= 0 ? 0 : (int)Math.Clamp(Math.Round(100 * ElapsedSeconds / TimeBoxSeconds), 0, 100);
}

/// <summary>Instant-plan priority rules (règles de priorité).</summary>
public enum SchedulingRule
{
    EarliestDueDate = 0,
    CriticalRatio = 1,
    ShortestProcessingTime = 2,
    CustomerPriority = 3,
}

/// <summary>
/// The finite-capacity schedule of a site's open MOs. Key: site code (e.g. "DEMO").
/// Built from the MO grains (via the order registry), workstation grains (calendars, machines) and the site's
/// stock / open receipts (material release dates). Every change is versioned (expectedVersion → <see cref="VersionConflictException"/>),
/// written back to the MO grains (one call per changed MO) and published as an <c>ObjectKind.Schedule</c> change event.
/// </summary>
[Alias("Collab.IScheduleGrain")]
public interface IScheduleGrain : IGrainWithStringKey
{
    /// <summary>The current schedule (an instant plan by EDD is computed on first use). Served while an optimisation runs.</summary>
    [AlwaysInterleave, Alias("Get")]
    Task<ScheduleView> GetAsync();

    /// <summary>Re-plans everything by a priority rule from the current MOs, keeping the pins.</summary>
    [Alias("Replan")]
    Task<ScheduleView> ReplanAsync(SchedulingRule rule, long expectedVersion, string user);

    /// <summary>Moves an operation to a new start (and optionally another machine of its workstation) and pins it; incremental repair.</summary>
    [Alias("Move")]
    Task<ScheduleMoveResult> MoveAsync(string operationId, DateTime start, int? machine, long expectedVersion, string user);

    /// <summary>Pins an operation at its current place, or unpins it.</summary>
    [Alias("SetPinned")]
    Task<ScheduleView> SetPinnedAsync(string operationId, bool pinned, long expectedVersion, string user);

    /// <summary>Runs the anytime optimiser for at most <paramref name="timeBox"/> (≤ 25 s); keeps the result only if it is not worse.</summary>
    [Alias("Optimise")]
    Task<ScheduleView> OptimiseAsync(TimeSpan timeBox, long expectedVersion, string user);

    [AlwaysInterleave, Alias("GetOptimisationProgress")]
    Task<OptimisationProgress> GetOptimisationProgressAsync();

    /// <summary>Stops a running optimisation; it returns the best schedule found so far.</summary>
    [AlwaysInterleave, Alias("CancelOptimisation")]
    Task CancelOptimisationAsync(string user);

    /// <summary>Independent check (the engine's validator) of the stored schedule against the current MOs; empty = valid.</summary>
    [Alias("Validate")]
    Task<IReadOnlyList<string>> ValidateAsync();

    /// <summary>Undoes the last move (placements and pins as they were before it), if it was the last change and the MOs
    /// have not changed since; otherwise <see cref="CommandRejectedException"/>.</summary>
    [Alias("UndoMove")]
    Task<ScheduleView> UndoMoveAsync(long expectedVersion, string user);

    /// <summary>The current problem in the documented plant-problem JSON format (docs/scheduling.md), for
    /// <c>collab schedule --plant</c> and the benchmark.</summary>
    [Alias("ExportProblem")]
    Task<string> ExportProblemAsync();
}

/// <summary>A planner's pin: the operation stays at this start on this machine.</summary>
[GenerateSerializer, Immutable, Alias("Collab.SchedulePin")]
public sealed record SchedulePin(
    [property: Id(0)] string OperationId,
    [property: Id(1)] DateTime Start,
    [property: Id(2)] int Machine);

/// <summary>
/// What the last schedule change was (issue #13 item 3): stored in <see cref="ScheduleComparison.What"/> as
/// "Kind|argument" (an operation id, a rule name, seconds) and worded by the page. Comparisons stored before hold French
/// text ("Déplacement de OF/20") and are shown as stored.
/// </summary>
public enum ScheduleChange
{
    Initial = 0,
    Recalculated = 1,
    Moved = 2,
    MoveUndone = 3,
    Pinned = 4,
    Unpinned = 5,
    Optimised = 6,
}

public static class ScheduleChanges
{
    public static string Of(ScheduleChange kind, string argument = "") => $"{kind}|{argument}";

    public static (ScheduleChange Kind, string Argument)? TryParse(string? what)
    {
        var bar = what?.IndexOf('|', StringComparison.Ordinal) ?? -1;
        return bar > 0 && Enum.TryParse<ScheduleChange>(what![..bar], out var kind) && Enum.IsDefined(kind) && !char.IsDigit(what[0])
            ? (kind, what[(bar + 1)..])
            : null;
    }
}
