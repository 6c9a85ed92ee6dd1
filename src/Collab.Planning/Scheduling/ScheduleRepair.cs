namespace Collab.Planning.Scheduling;

/// <summary>
/// Incremental repair after a planner moves one operation. Operations that the move does not concern keep their
/// exact place; the moved operation goes where it was dropped; only the operations that must move — its routing
/// successors (transitively), operations it now overlaps, and operations whose setup no longer fits — are
/// re-inserted, as early as possible but never earlier than before (stability of the shop-floor plan).
/// </summary>
internal static class ScheduleRepair
{
    public static RepairResult Run(SchedulingProblem problem, ScheduleResult previous, string operationId, long newStart, int? machine, bool pin)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(previous);
        var index = problem.Operations.Select((o, i) => (o.Id, i)).FirstOrDefault(t => t.Id == operationId);
        if (index.Id is null) throw new SchedulingInputException("operationId", $"unknown operation '{operationId}'");
        var op = problem.Operations[index.i];
        if (op.Fix?.Kind is FixKind.InProgress or FixKind.Frozen)
            throw new SchedulingInputException("operationId", $"operation '{operationId}' is {(op.Fix.Kind == FixKind.InProgress ? "in progress" : "frozen")} and cannot be moved");
        var prevById = previous.Assignments.ToDictionary(a => a.OperationId);
        if (!prevById.TryGetValue(operationId, out var movedBefore))
            throw new SchedulingInputException("previous", $"operation '{operationId}' is not in the previous schedule");
        var targetMachine = machine ?? movedBefore.Machine;
        var updatedOps = problem.Operations.ToArray();
        updatedOps[index.i] = op with { Fix = pin ? new OperationFix(FixKind.Pinned, newStart, targetMachine) : null };
        var updated = problem with { Operations = updatedOps };
        var p = new CompiledProblem(updated);
        var x = index.i;
        if (targetMachine < 0 || targetMachine >= p.MachineCount[p.Ws[x]])
            throw new SchedulingInputException("machine", $"machine {targetMachine} outside 0..{p.MachineCount[p.Ws[x]] - 1}");
        var old = new OperationAssignment[p.N];
        for (var o = 0; o < p.N; o++)
        {
            if (!prevById.TryGetValue(p.Ops[o].Id, out var a))
                throw new SchedulingInputException("previous", $"operation '{p.Ops[o].Id}' is not in the previous schedule");
            old[o] = a;
        }

        // The routing predecessors of the moved operation do not move: refuse a pinned drop before they allow it.
        if (pin)
        {
            foreach (var (pr, f, delay) in p.Preds[x])
            {
                var ready = (f >= 1 ? old[pr].End : old[pr].Start) + delay;
                if (newStart < ready)
                {
                    var conflict = new ScheduleConflict(ConflictKind.MoveContradictsRouting, [operationId, p.Ops[pr].Id],
                        $"{operationId} ne peut pas commencer à {newStart} : son prédécesseur {p.Ops[pr].Id} ne le permet pas avant {ready}. Déplacement refusé.");
                    return new RepairResult(previous with { Conflicts = [.. previous.Conflicts, conflict] }, problem, [], false);
                }
            }
        }

        var affected = new bool[p.N];
        MarkWithSuccessors(p, affected, x);
        var gmX = p.MachineOffset[p.Ws[x]] + targetMachine;
        // Previous machine sequences, computed once.
        var sequences = new List<int>[p.TotalMachines];
        for (var m = 0; m < sequences.Length; m++) sequences[m] = [];
        for (var o = 0; o < p.N; o++) sequences[p.MachineOffset[p.Ws[o]] + old[o].Machine].Add(o);
        foreach (var seq in sequences) seq.Sort((a, b) => old[a].Start != old[b].Start ? old[a].Start.CompareTo(old[b].Start) : old[a].SetupStart.CompareTo(old[b].SetupStart));
        ScheduleState state = null!;
        for (var round = 0; round < 50; round++)
        {
            state = new ScheduleState(p);
            var grew = false;
            // 1. Operations not concerned keep their place; their setup is re-derived from their actual machine
            //    predecessor, and if it no longer fits (overlap, or before its material is there) they must move too.
            for (var gm = 0; gm < sequences.Length; gm++)
            {
                foreach (var o in sequences[gm])
                {
                    if (affected[o]) continue;
                    state.Timeline[gm].Add(o);
                    state.Machine[o] = gm;
                    state.SetupStart[o] = old[o].SetupStart;
                    state.Start[o] = old[o].Start;
                    state.End[o] = old[o].End;
                }
            }

            for (var gm = 0; gm < sequences.Length; gm++)
            {
                var tl = state.Timeline[gm];
                for (var i = 0; i < tl.Count; i++)
                {
                    var o = tl[i];
                    if (p.Fix[o]?.Kind == FixKind.InProgress) continue;
                    var prev = i > 0 ? tl[i - 1] : -1;
                    var w = p.Ws[o];
                    var su = p.Setups[w].Get(prev >= 0 ? p.Family[prev] : null, p.Family[o]);
                    var ss = su == 0 ? old[o].Start
                        : p.Interruptible[o] ? p.Calendar[w].PlaceBackward(old[o].Start, su, true)?.Start ?? long.MinValue
                        : old[o].Start - su;
                    state.SetupStart[o] = ss;
                    var broken = (prev >= 0 && ss < old[prev].End)
                        || (ss < old[o].SetupStart && ss < state.ReadyFromPredecessors(o, out _))
                        || (!p.Interruptible[o] && !p.Calendar[w].WithinOneInterval(ss, old[o].End));
                    if (p.Fix[o] is null && broken)
                    {
                        MarkWithSuccessors(p, affected, o);
                        grew = true;
                    }
                }
            }

            if (grew) continue;

            // 2. The moved operation where it was dropped; whatever it overlaps must move.
            if (pin)
            {
                var c = PlaceMovedExactly(state, x, gmX, newStart);
                if (c is null)
                {
                    var overlapped = state.Timeline[gmX].Where(o => p.Fix[o] is null && state.End[o] > newStart - p.Setups[p.Ws[x]].MaxInto(p.Family[x]) && state.SetupStart[o] < EndAt(p, x, newStart)).ToList();
                    if (overlapped.Count > 0)
                    {
                        foreach (var o in overlapped) MarkWithSuccessors(p, affected, o);
                        continue;
                    }

                    // Only fixed operations in the way: place as early as possible after and report.
                    state.Displaced[x] = true;
                    state.Conflicts.Add(new ScheduleConflict(ConflictKind.FixedOverlap, [p.Ops[x].Id],
                        $"{p.Ops[x].Id} ne peut pas commencer à {newStart} sur le poste {p.Ops[x].WorkstationId} (opération figée) : décalée au premier instant possible."));
                    c = state.TryForward(x, gmX, newStart, long.MinValue);
                    if (c is null) throw new InvalidOperationException("No room left in the calendar for the moved operation.");
                }

                state.Commit(x, c.Value);
            }

            // 3. Re-insert the operations that must move, in routing order, never earlier than before.
            foreach (var o in p.Topo)
            {
                if (!affected[o] || state.Placed(o)) continue;
                var earliest = Math.Max(state.ReadyFromPredecessors(o, out var minEnd), o == x ? newStart : old[o].SetupStart);
                ScheduleState.Candidate? best = null;
                var machines = o == x ? [gmX] : state.MachinesFor(o);
                foreach (var gm in machines)
                {
                    var c = state.TryForward(o, gm, earliest, minEnd);
                    if (c is null) continue;
                    if (best is null || c.Value.End < best.Value.End || (c.Value.End == best.Value.End && gm == p.MachineOffset[p.Ws[o]] + old[o].Machine)) best = c;
                }

                if (best is null) state.PlaceForward(o);
                else state.Commit(o, best.Value);
            }

            break;
        }

        // Fixed operations that were already displaced in the previous plan (reported there) stay reported.
        for (var o = 0; o < p.N; o++)
        {
            var fix = p.Fix[o];
            if (fix is null || state.Displaced[o]) continue;
            var machineOk = fix.Machine is null || state.Machine[o] == p.MachineOffset[p.Ws[o]] + fix.Machine;
            if (state.Start[o] == fix.Start && machineOk) continue;
            state.Displaced[o] = true;
            state.Conflicts.Add(new ScheduleConflict(ConflictKind.FixedOverlap, [p.Ops[o].Id],
                $"L'opération figée {p.Ops[o].Id} n'est pas à sa place fixée ({fix.Start}) : elle est en conflit avec une autre opération figée."));
        }

        state.ReportFixedViolations();
        var result = ScheduleAnalysis.Build(state);
        var movedIds = new List<string>();
        for (var o = 0; o < p.N; o++)
        {
            var a = result.Assignments[o];
            if (a.Machine != old[o].Machine || a.Start != old[o].Start || a.End != old[o].End) movedIds.Add(a.OperationId);
        }

        return new RepairResult(result, updated, movedIds, true);
    }

    private static long EndAt(CompiledProblem p, int o, long start) =>
        p.Calendar[p.Ws[o]].PlaceForward(start, p.Dur[o], p.Interruptible[o])?.End ?? start + p.Dur[o];

    private static ScheduleState.Candidate? PlaceMovedExactly(ScheduleState s, int x, int gm, long newStart)
    {
        var p = s.P;
        var cal = p.Calendar[p.Ws[x]];
        var placed = cal.PlaceForward(newStart, p.Dur[x], p.Interruptible[x]);
        if (placed is null || placed.Value.Start != newStart) return null;
        var c = s.TryForward(x, gm, newStart, long.MinValue);
        // TryForward returns the earliest gap at or after newStart; accept it only if processing starts exactly there.
        return c is not null && c.Value.Start == newStart ? c : TrySetupBefore(s, x, gm, newStart, placed.Value.End);
    }

    /// <summary>Processing at exactly <paramref name="start"/> with the setup before it, if that fits in a gap.</summary>
    private static ScheduleState.Candidate? TrySetupBefore(ScheduleState s, int x, int gm, long start, long end)
    {
        var p = s.P;
        var tl = s.Timeline[gm];
        var g = 0;
        while (g < tl.Count && s.Start[tl[g]] < start) g++;
        var prev = g > 0 ? tl[g - 1] : -1;
        var w = p.Ws[x];
        var su = p.Setups[w].Get(prev >= 0 ? p.Family[prev] : null, p.Family[x]);
        var ss = su == 0 ? start : p.Interruptible[x] ? p.Calendar[w].PlaceBackward(start, su, true)?.Start ?? long.MinValue : start - su;
        if (prev >= 0 && ss < s.End[prev]) return null;
        var fromNow = s.TryForward(x, gm, ss, long.MinValue);
        return fromNow is not null && fromNow.Value.Start == start && fromNow.Value.End == end ? fromNow : null;
    }

    private static void MarkWithSuccessors(CompiledProblem p, bool[] affected, int o)
    {
        var stack = new Stack<int>();
        stack.Push(o);
        while (stack.Count > 0)
        {
            var c = stack.Pop();
            if (affected[c] || p.Fix[c] is not null && c != o) continue;
            affected[c] = true;
            foreach (var s in p.Succs[c]) stack.Push(s);
        }
    }
}
