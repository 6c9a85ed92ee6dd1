namespace Collab.Planning.Scheduling;

// Scheduling input model. Times are long minutes from a plan origin chosen by the caller; there is no clock:
// "now" is a field of the problem. Identifiers are strings chosen by the caller (MO operation codes, etc.).

/// <summary>Sequence-dependent setup (changeover) times of a workstation, in working minutes.</summary>
public sealed record SetupMatrix(long DefaultChangeover = 0, IReadOnlyDictionary<(string From, string To), long>? Pairs = null)
{
    public static SetupMatrix None { get; } = new();

    /// <summary>Setup before an operation of family <paramref name="to"/> following one of family <paramref name="from"/>.
    /// No setup for the first operation on a machine, nor without a family, nor between equal families (unless a pair says so).</summary>
    public long Get(string? from, string? to)
    {
        if (from is null || to is null) return 0;
        if (Pairs is not null && Pairs.TryGetValue((from, to), out var v)) return v;
        return from == to ? 0 : DefaultChangeover;
    }

    /// <summary>The largest setup any predecessor can impose before family <paramref name="to"/>.</summary>
    internal long MaxInto(string? to)
    {
        if (to is null) return 0;
        var max = DefaultChangeover;
        if (Pairs is not null)
        {
            foreach (var ((_, t), v) in Pairs)
            {
                if (t == to && v > max) max = v;
            }
        }

        return max;
    }
}

/// <summary>A workstation (poste de charge) with <see cref="MachineCount"/> identical parallel machines sharing one calendar.</summary>
public sealed record Workstation(string Id, int MachineCount = 1, WorkCalendar? Calendar = null, SetupMatrix? Setups = null)
{
    public WorkCalendar EffectiveCalendar => Calendar ?? WorkCalendar.AlwaysOpen;
    public SetupMatrix EffectiveSetups => Setups ?? SetupMatrix.None;
}

/// <summary>A manufacturing order: due date, weight for the tardiness objective, customer priority (higher first), release.</summary>
public sealed record ScheduledOrder(string Id, long Due, double Weight = 1, int Priority = 0, long? Release = null);

/// <summary>
/// Precedence between two operations. <see cref="TransferFraction"/> &lt; 1 allows overlapping (transfer batches):
/// the successor may start once that fraction of the predecessor's work is done, and cannot finish before the
/// predecessor. <see cref="MinDelay"/> is an elapsed delay (transport, drying) added after the predecessor's ready point.
/// </summary>
public sealed record Precedence(string PredecessorId, double TransferFraction = 1.0, long MinDelay = 0);

public enum FixKind
{
    /// <summary>Placed by the planner at a fixed start (and optionally machine); can be unpinned.</summary>
    Pinned,
    /// <summary>Inside the frozen horizon: released to the shop floor, not moved by the engine.</summary>
    Frozen,
    /// <summary>Started at <see cref="OperationFix.Start"/>; its <c>Duration</c> is the remaining work from "now".</summary>
    InProgress,
}

public sealed record OperationFix(FixKind Kind, long Start, int? Machine = null);

/// <summary>
/// An operation of an order on a workstation. <see cref="Duration"/> is working minutes (remaining minutes when in
/// progress). Interruptible operations are suspended over calendar breaks; others must fit in one availability interval.
/// </summary>
public sealed record ScheduledOperation(string Id, string OrderId, string WorkstationId, long Duration)
{
    public IReadOnlyList<Precedence> Predecessors { get; init; } = [];
    public string? SetupFamily { get; init; }
    public long? Release { get; init; }
    public bool Interruptible { get; init; } = true;
    public OperationFix? Fix { get; init; }
}

/// <summary>A planner-imposed sequence on one workstation: the operations run in this order on the same machine.</summary>
public sealed record SequencePin(IReadOnlyList<string> OperationIds);

public sealed record SchedulingProblem(
    long Now,
    IReadOnlyList<Workstation> Workstations,
    IReadOnlyList<ScheduledOrder> Orders,
    IReadOnlyList<ScheduledOperation> Operations)
{
    public IReadOnlyList<SequencePin> SequencePins { get; init; } = [];
}

public enum DispatchRule
{
    /// <summary>Earliest due date of the order.</summary>
    EarliestDueDate,
    /// <summary>Smallest critical ratio (time to due date / remaining work), computed at plan time.</summary>
    CriticalRatio,
    /// <summary>Shortest processing time.</summary>
    ShortestProcessingTime,
    /// <summary>Highest customer priority, then earliest due date.</summary>
    CustomerPriority,
}

public enum ScheduleMode
{
    /// <summary>As soon as possible from now, dispatching by a priority rule.</summary>
    Forward,
    /// <summary>Just in time from the due dates; orders that would need the past are planned forward.</summary>
    Backward,
}

/// <summary>Thrown for an inconsistent plan; <see cref="Field"/> names the offending element.</summary>
public sealed class SchedulingInputException(string field, string message) : ArgumentException($"{field}: {message}")
{
    public string Field { get; } = field;
}
