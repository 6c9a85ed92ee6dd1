namespace Collab.Planning.Scheduling;

/// <summary>
/// Independent check of a schedule against its problem: every operation placed once on a valid machine, processing
/// and setup work consistent with the calendar, no overlap per machine, precedence (with transfer batches and delays),
/// release dates and "now", fixed operations at their fixed place, sequence pins. Returns the violations found.
/// </summary>
public static class ScheduleValidator
{
    /// <param name="excuseReportedConflicts">When true, violations that involve an operation named in a reported
    /// conflict are not listed (the engine reported them instead of silently violating them).</param>
    public static IReadOnlyList<string> Validate(SchedulingProblem problem, ScheduleResult result, bool excuseReportedConflicts = false)
    {
        var errors = new List<(string Message, string[] Ops)>();
        var wsById = problem.Workstations.ToDictionary(w => w.Id);
        var orders = problem.Orders.ToDictionary(o => o.Id);
        var ops = problem.Operations.ToDictionary(o => o.Id);
        var byId = new Dictionary<string, OperationAssignment>();
        foreach (var a in result.Assignments)
        {
            if (!ops.ContainsKey(a.OperationId)) errors.Add(($"{a.OperationId}: not an operation of the problem", [a.OperationId]));
            else if (!byId.TryAdd(a.OperationId, a)) errors.Add(($"{a.OperationId}: scheduled twice", [a.OperationId]));
        }

        foreach (var op in problem.Operations)
        {
            if (!byId.TryGetValue(op.Id, out var a))
            {
                errors.Add(($"{op.Id}: not scheduled", [op.Id]));
                continue;
            }

            var ws = wsById[op.WorkstationId];
            var cal = ws.EffectiveCalendar;
            if (a.WorkstationId != op.WorkstationId) errors.Add(($"{op.Id}: on workstation {a.WorkstationId}, expected {op.WorkstationId}", [op.Id]));
            if (a.Machine < 0 || a.Machine >= ws.MachineCount) errors.Add(($"{op.Id}: machine {a.Machine} outside 0..{ws.MachineCount - 1}", [op.Id]));
            if (!(a.SetupStart <= a.Start && a.Start <= a.End)) errors.Add(($"{op.Id}: times out of order {a.SetupStart} ≤ {a.Start} ≤ {a.End}", [op.Id]));
            var inProgress = op.Fix?.Kind == FixKind.InProgress;
            var workFrom = inProgress ? Math.Max(a.Start, problem.Now) : a.Start;
            var work = cal.WorkBetween(workFrom, a.End);
            if (work != op.Duration) errors.Add(($"{op.Id}: {work} working minutes in [{workFrom}, {a.End}), duration {op.Duration}", [op.Id]));
            if (!op.Interruptible && !inProgress && !cal.WithinOneInterval(a.SetupStart, a.End))
                errors.Add(($"{op.Id}: non-interruptible but [{a.SetupStart}, {a.End}) crosses a calendar break", [op.Id]));
            if (op.Fix is { } fix)
            {
                if (a.Start != fix.Start) errors.Add(($"{op.Id}: fixed at {fix.Start}, scheduled at {a.Start}", [op.Id]));
                if (fix.Machine is int fm && a.Machine != fm) errors.Add(($"{op.Id}: fixed on machine {fm}, scheduled on {a.Machine}", [op.Id]));
            }

            var order = orders[op.OrderId];
            var release = Math.Max(op.Release ?? long.MinValue, order.Release ?? long.MinValue);
            if (op.Fix is null) release = Math.Max(release, problem.Now);
            if (!inProgress && a.SetupStart < release) errors.Add(($"{op.Id}: starts at {a.SetupStart} before its release {release}", [op.Id]));
        }

        // Precedence.
        foreach (var op in problem.Operations)
        {
            if (!byId.TryGetValue(op.Id, out var a)) continue;
            foreach (var pr in op.Predecessors)
            {
                if (!byId.TryGetValue(pr.PredecessorId, out var b)) continue;
                var predOp = ops[pr.PredecessorId];
                var ready = b.End;
                if (pr.TransferFraction < 1)
                {
                    var cal = wsById[predOp.WorkstationId].EffectiveCalendar;
                    var from = predOp.Fix?.Kind == FixKind.InProgress ? Math.Max(b.Start, problem.Now) : b.Start;
                    ready = Math.Min(b.End, cal.AdvanceWork(from, (long)Math.Ceiling(pr.TransferFraction * predOp.Duration), predOp.Interruptible));
                    if (a.End < b.End + pr.MinDelay) errors.Add(($"{op.Id}: ends at {a.End} before its predecessor {b.OperationId} ({b.End} + {pr.MinDelay})", [op.Id, b.OperationId]));
                }

                if (a.SetupStart < ready + pr.MinDelay)
                    errors.Add(($"{op.Id}: starts at {a.SetupStart} before its predecessor {b.OperationId} allows ({ready} + {pr.MinDelay})", [op.Id, b.OperationId]));
            }
        }

        // Machines: no overlap, setups match the actual predecessor.
        foreach (var group in result.Assignments.Where(a => ops.ContainsKey(a.OperationId)).GroupBy(a => (a.WorkstationId, a.Machine)))
        {
            var ws = wsById[group.Key.WorkstationId];
            var list = group.OrderBy(a => a.Start).ThenBy(a => a.End).ToList();
            for (var i = 0; i < list.Count; i++)
            {
                var cur = list[i];
                var op = ops[cur.OperationId];
                var prevFamily = i > 0 ? ops[list[i - 1].OperationId].SetupFamily : null;
                if (i > 0 && cur.SetupStart < list[i - 1].End)
                    errors.Add(($"{ws.Id}/{cur.Machine}: {list[i - 1].OperationId} [{list[i - 1].SetupStart}, {list[i - 1].End}) overlaps {cur.OperationId} [{cur.SetupStart}, {cur.End})", [cur.OperationId, list[i - 1].OperationId]));
                if (op.Fix?.Kind == FixKind.InProgress) continue;
                var expected = ws.EffectiveSetups.Get(prevFamily, op.SetupFamily);
                var setupWork = op.Interruptible ? ws.EffectiveCalendar.WorkBetween(cur.SetupStart, cur.Start) : cur.Start - cur.SetupStart;
                if (setupWork != expected)
                    errors.Add(($"{cur.OperationId}: setup of {setupWork} min, expected {expected} after {(i > 0 ? list[i - 1].OperationId : "nothing")}", [cur.OperationId]));
            }
        }

        // Sequence pins: same machine, in order.
        foreach (var pin in problem.SequencePins)
        {
            for (var k = 1; k < pin.OperationIds.Count; k++)
            {
                if (!byId.TryGetValue(pin.OperationIds[k - 1], out var a) || !byId.TryGetValue(pin.OperationIds[k], out var b)) continue;
                if (a.Machine != b.Machine || b.SetupStart < a.End)
                    errors.Add(($"sequence pin: {b.OperationId} must follow {a.OperationId} on the same machine", [a.OperationId, b.OperationId]));
            }
        }

        var excused = excuseReportedConflicts ? result.Conflicts.SelectMany(c => c.OperationIds).ToHashSet() : [];
        return errors.Where(e => !e.Ops.Any(excused.Contains)).Select(e => e.Message).ToList();
    }
}
