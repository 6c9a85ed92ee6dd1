namespace Collab.Planning.Scheduling;

/// <summary>Where and when an operation runs. The machine is occupied over [SetupStart, End); processing is [Start, End).</summary>
public sealed record OperationAssignment(
    string OperationId, string OrderId, string WorkstationId, int Machine, long SetupStart, long Start, long End);

public sealed record OrderOutcome(string OrderId, long Completion, long Due, double Weight)
{
    public long Lateness => Completion - Due;
    public long Tardiness => Math.Max(0, Completion - Due);
}

public sealed record WorkstationUtilisation(string WorkstationId, long BusyMinutes, long AvailableMinutes)
{
    public double Ratio => AvailableMinutes <= 0 ? 0 : (double)BusyMinutes / AvailableMinutes;
}

public enum ConflictKind
{
    /// <summary>Two fixed operations want the same machine at the same time; the later one was moved.</summary>
    FixedOverlap,
    /// <summary>A fixed operation starts before a predecessor allows it.</summary>
    FixedBeforePredecessor,
    /// <summary>A fixed operation starts before its release date.</summary>
    FixedBeforeRelease,
    /// <summary>A fixed start is outside the workstation calendar; the operation starts at the next working instant.</summary>
    FixedOutsideCalendar,
    /// <summary>No working time left in the calendar for the operation.</summary>
    CalendarExhausted,
    /// <summary>A requested move contradicts the routing (an operation before its own predecessor on a machine).</summary>
    MoveContradictsRouting,
}

public sealed record ScheduleConflict(ConflictKind Kind, IReadOnlyList<string> OperationIds, string Message);

public enum DelayCause
{
    /// <summary>Waited for a predecessor operation (routing or assembly).</summary>
    Predecessor,
    /// <summary>Waited for the machine, busy with another operation.</summary>
    Workstation,
    /// <summary>Waited for the release date (material availability).</summary>
    Release,
    /// <summary>Starts now: nothing earlier is possible.</summary>
    Now,
    /// <summary>Fixed by the planner, frozen or in progress.</summary>
    Fixed,
    /// <summary>Waited for the calendar (closure, night, weekend).</summary>
    Calendar,
    /// <summary>Placed later than necessary (just-in-time before its due date).</summary>
    JustInTime,
}

/// <summary>One link of a critical chain: what the operation waited for before it could start.</summary>
public sealed record ChainStep(string OperationId, string OrderId, string WorkstationId, DelayCause Cause, string? BlockingOperationId);

/// <summary>Why an order is late: its critical chain (from its last operation backwards) and the workstation that held it most.
/// Typed data only: the Web words it in French or English (ScheduleMapper.Reason → LateReasonText).</summary>
public sealed record LatenessExplanation(
    string OrderId, long Lateness, IReadOnlyList<ChainStep> CriticalChain, string? BottleneckWorkstationId, string? DelayingPredecessorId)
{
    /// <summary>The other order (sub-assembly) whose operation the critical chain waited for, if any.</summary>
    public SubAssemblyDelay? SubAssembly { get; init; }
}

/// <summary>A late order waits for another order (a sub-assembly MO): which one, its own lateness (≤ 0 when it is on
/// time) and the workstation where its own critical chain queued longest.</summary>
public sealed record SubAssemblyDelay(string OrderId, string OperationId, long Lateness, string? BottleneckWorkstationId);

/// <summary>Lexicographic objective: weighted tardiness first, then makespan, then total flow time (all smaller is better).</summary>
public readonly record struct ScheduleObjective(double WeightedTardiness, long Makespan, long TotalFlowTime) : IComparable<ScheduleObjective>
{
    public int CompareTo(ScheduleObjective other)
    {
        if (Math.Abs(WeightedTardiness - other.WeightedTardiness) > 1e-6) return WeightedTardiness.CompareTo(other.WeightedTardiness);
        if (Makespan != other.Makespan) return Makespan.CompareTo(other.Makespan);
        return TotalFlowTime.CompareTo(other.TotalFlowTime);
    }

    public static bool operator <(ScheduleObjective a, ScheduleObjective b) => a.CompareTo(b) < 0;
    public static bool operator >(ScheduleObjective a, ScheduleObjective b) => a.CompareTo(b) > 0;
    public static bool operator <=(ScheduleObjective a, ScheduleObjective b) => a.CompareTo(b) <= 0;
    public static bool operator >=(ScheduleObjective a, ScheduleObjective b) => a.CompareTo(b) >= 0;
}

public sealed record ScheduleResult(
    IReadOnlyList<OperationAssignment> Assignments,
    IReadOnlyList<OrderOutcome> Orders,
    IReadOnlyList<LatenessExplanation> LateOrders,
    IReadOnlyList<WorkstationUtilisation> Utilisation,
    IReadOnlyList<ScheduleConflict> Conflicts,
    ScheduleObjective Objective)
{
    public OperationAssignment this[string operationId] => Assignments.First(a => a.OperationId == operationId);
}

/// <summary>Progress of the optimiser, reported on each improvement.</summary>
public sealed record ScheduleProgress(long Iteration, ScheduleObjective Best);

/// <summary>Result of an incremental repair: the new schedule, the problem with the pin applied, and what moved.</summary>
public sealed record RepairResult(ScheduleResult Schedule, SchedulingProblem Problem, IReadOnlyList<string> MovedOperationIds, bool Applied);
