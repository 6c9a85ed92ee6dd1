using Collab.Contracts.Scheduling;
using Collab.Planning.Scheduling;

namespace Collab.Domain.Scheduling;

/// <summary>
/// Merge of MO changes into a stored schedule (issue #17), pure: the orders the change does not touch keep their exact
/// placements; the orders that are new or changed (operations, durations, workstations, release, sub-assembly links),
/// and the orders that wait for them, are placed by the rule into the capacity the others leave. When the kept
/// placements cannot stand (a kept operation would break a routing or release), everything is re-planned by the rule.
/// </summary>
public static class ScheduleMerge
{
    /// <summary>The outcome and which orders were placed again (empty list and <c>Replanned</c> when re-planned whole).</summary>
    public sealed record Outcome(ScheduleResult Result, IReadOnlyList<string> PlacedOrders, bool Replanned);

    public static Outcome Merge(ScheduleMapping previous, ScheduleResult previousResult, ScheduleMapping next, SchedulingRule rule)
    {
        var options = new ScheduleOptions(ScheduleMode.Forward, ScheduleMapper.ToEngine(rule));
        var problem = next.Problem;
        var placed = previousResult.Assignments.ToDictionary(a => a.OperationId, StringComparer.Ordinal);
        var oldOrders = previous.Problem.Orders.ToDictionary(o => o.Id, StringComparer.Ordinal);
        var machines = problem.Workstations.ToDictionary(w => w.Id, w => w.MachineCount, StringComparer.Ordinal);
        var oldMachines = previous.Problem.Workstations.ToDictionary(w => w.Id, w => w.MachineCount, StringComparer.Ordinal);
        var opsByOrder = problem.Operations.ToLookup(o => o.OrderId, StringComparer.Ordinal);
        var oldOpsByOrder = previous.Problem.Operations.ToLookup(o => o.OrderId, StringComparer.Ordinal);
        long Shift(long minutes) => next.ToMinutes(previous.ToDate(minutes));

        // Orders that changed in a way their placements depend on.
        var changed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var order in problem.Orders)
        {
            var ops = opsByOrder[order.Id].ToList();
            var old = oldOpsByOrder[order.Id].ToList();
            var same = oldOrders.TryGetValue(order.Id, out var was)
                && (was.Release is null ? order.Release is null : order.Release == Shift(was.Release.Value))
                && ops.Count == old.Count
                && ops.Zip(old).All(p => Same(p.First, p.Second) && placed.ContainsKey(p.First.Id)
                    && oldMachines.GetValueOrDefault(p.First.WorkstationId) == machines.GetValueOrDefault(p.First.WorkstationId));
            if (!same)
            {
                changed.Add(order.Id);
            }
        }

        // ... and the orders that wait for them (sub-assembly links), transitively.
        var consumers = problem.Operations.SelectMany(o => o.Predecessors.Select(p => (Pred: OrderOf(p.PredecessorId), o.OrderId)))
            .Where(x => x.Pred is not null && x.Pred != x.OrderId).ToLookup(x => x.Pred!, x => x.OrderId, StringComparer.Ordinal);
        var queue = new Queue<string>(changed);
        while (queue.Count > 0)
        {
            foreach (var c in consumers[queue.Dequeue()])
            {
                if (changed.Add(c))
                {
                    queue.Enqueue(c);
                }
            }
        }

        if (changed.Count == problem.Orders.Count)
        {
            return new Outcome(Scheduler.Plan(problem, options), [], true);
        }

        // Kept operations frozen where they are; the others placed around them.
        var kept = new HashSet<string>(StringComparer.Ordinal);
        var frozen = problem.Operations.Select(o =>
        {
            if (changed.Contains(o.OrderId) || o.Fix is not null)
            {
                return o;
            }

            var a = placed[o.Id];
            kept.Add(o.Id);
            return o with { Fix = new OperationFix(FixKind.Frozen, Shift(a.Start), a.Machine) };
        }).ToList();
        var merged = Scheduler.Plan(problem with { Operations = frozen }, options);
        if (merged.Conflicts.Any(c => c.OperationIds.Any(kept.Contains)))
        {
            return new Outcome(Scheduler.Plan(problem, options), [], true);
        }

        // Analysed against the real problem (the temporary freezes are not the planners' pins).
        var result = Scheduler.Evaluate(problem, merged.Assignments) with { Conflicts = merged.Conflicts };
        return new Outcome(result, [.. changed.Order(StringComparer.Ordinal)], false);
    }

    private static bool Same(ScheduledOperation a, ScheduledOperation b) =>
        a.Id == b.Id && a.WorkstationId == b.WorkstationId && a.Duration == b.Duration && a.SetupFamily == b.SetupFamily
        && (a.Fix is null) == (b.Fix is null) && a.Fix?.Kind == b.Fix?.Kind
        && a.Predecessors.Select(p => p.PredecessorId).SequenceEqual(b.Predecessors.Select(p => p.PredecessorId));

    private static string? OrderOf(string operationId)
    {
        var slash = operationId.LastIndexOf('/');
        return slash < 0 ? null : operationId[..slash];
    }
}
