namespace Collab.Planning.Scheduling;

/// <summary>
/// Incremental repair after a planner moves one operation: machine sequences of the previous schedule are kept,
/// the moved operation is inserted at its new place, and operations are re-timed in topological order of
/// (routing + machine sequence) with their previous start as a lower bound, so only operations that the move
/// forces later actually move; nothing is pulled earlier (stability of the shop-floor plan). O(operations).
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
        if (!prevById.TryGetValue(operationId, out var moved))
            throw new SchedulingInputException("previous", $"operation '{operationId}' is not in the previous schedule");
        var targetMachine = machine ?? moved.Machine;
        var updatedOps = problem.Operations.ToArray();
        updatedOps[index.i] = op with { Fix = pin ? new OperationFix(FixKind.Pinned, newStart, machine) : null };
        var updated = problem with { Operations = updatedOps };
        var p = new CompiledProblem(updated);
        var x = index.i;
        if (targetMachine < 0 || targetMachine >= p.MachineCount[p.Ws[x]])
            throw new SchedulingInputException("machine", $"machine {targetMachine} outside 0..{p.MachineCount[p.Ws[x]] - 1}");

        // Previous sequences per machine.
        var old = new OperationAssignment[p.N];
        for (var o = 0; o < p.N; o++)
        {
            if (!prevById.TryGetValue(p.Ops[o].Id, out var a))
                throw new SchedulingInputException("previous", $"operation '{p.Ops[o].Id}' is not in the previous schedule");
            old[o] = a;
        }

        var sequences = new List<int>[p.TotalMachines];
        for (var m = 0; m < sequences.Length; m++) sequences[m] = [];
        foreach (var o in Enumerable.Range(0, p.N).Where(o => o != x).OrderBy(o => old[o].Start).ThenBy(o => old[o].SetupStart))
        {
            sequences[p.MachineOffset[p.Ws[o]] + old[o].Machine].Add(o);
        }

        var gmX = p.MachineOffset[p.Ws[x]] + targetMachine;
        var seqX = sequences[gmX];
        var insertAt = 0;
        while (insertAt < seqX.Count && old[seqX[insertAt]].End <= newStart) insertAt++;
        // Fixed operations still running at the new start stay before the moved one.
        while (insertAt < seqX.Count && p.Fix[seqX[insertAt]] is not null && old[seqX[insertAt]].Start < newStart) insertAt++;
        seqX.Insert(insertAt, x);

        // Topological order of routing + machine-sequence arcs.
        var machinePred = Enumerable.Repeat(-1, p.N).ToArray();
        var machineSucc = Enumerable.Repeat(-1, p.N).ToArray();
        foreach (var seq in sequences)
        {
            for (var i = 1; i < seq.Count; i++)
            {
                machinePred[seq[i]] = seq[i - 1];
                machineSucc[seq[i - 1]] = seq[i];
            }
        }

        var indeg = new int[p.N];
        for (var o = 0; o < p.N; o++) indeg[o] = p.Preds[o].Length + (machinePred[o] >= 0 ? 1 : 0);
        var stack = new Stack<int>(Enumerable.Range(0, p.N).Where(o => indeg[o] == 0));
        var order = new List<int>(p.N);
        while (stack.Count > 0)
        {
            var o = stack.Pop();
            order.Add(o);
            foreach (var s in p.Succs[o])
            {
                if (--indeg[s] == 0) stack.Push(s);
            }

            if (machineSucc[o] >= 0 && --indeg[machineSucc[o]] == 0) stack.Push(machineSucc[o]);
        }

        if (order.Count < p.N)
        {
            var conflict = new ScheduleConflict(ConflictKind.MoveContradictsRouting, [operationId],
                $"Déplacer {operationId} à {newStart} sur la machine {targetMachine} contredit la gamme (une opération passerait avant son propre prédécesseur) : déplacement refusé.");
            return new RepairResult(previous with { Conflicts = [.. previous.Conflicts, conflict] }, problem, [], false);
        }

        var state = new ScheduleState(p);
        for (var m = 0; m < sequences.Length; m++) state.Timeline[m].AddRange(sequences[m]);
        for (var o = 0; o < p.N; o++) state.Machine[o] = o == x ? gmX : p.MachineOffset[p.Ws[o]] + old[o].Machine;
        foreach (var o in order) Retime(state, o, x, newStart, old, machinePred[o]);
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

    private static void Retime(ScheduleState s, int o, int x, long newStart, OperationAssignment[] old, int prev)
    {
        var p = s.P;
        var w = p.Ws[o];
        var cal = p.Calendar[w];
        var prevEnd = prev >= 0 ? s.End[prev] : long.MinValue;
        var su = p.Setups[w].Get(prev >= 0 ? p.Family[prev] : null, p.Family[o]);
        var fix = p.Fix[o];
        if (fix?.Kind == FixKind.InProgress || (fix is not null && o != x))
        {
            // Other fixed operations keep their times; overlap with the machine predecessor is a reported conflict.
            s.SetupStart[o] = fix.Kind == FixKind.InProgress ? old[o].SetupStart : (su == 0 ? old[o].Start : cal.PlaceBackward(old[o].Start, su, p.Interruptible[o])?.Start ?? old[o].Start - su);
            s.Start[o] = old[o].Start;
            s.End[o] = old[o].End;
            if (prev >= 0 && s.SetupStart[o] < prevEnd)
            {
                s.Conflicts.Add(new ScheduleConflict(ConflictKind.FixedOverlap, [p.Ops[o].Id, p.Ops[prev].Id],
                    $"L'opération figée {p.Ops[o].Id} chevauche {p.Ops[prev].Id} sur le poste {p.Ops[o].WorkstationId} : {p.Ops[o].Id} est décalée."));
                s.Displaced[o] = true;
                PlaceAfter(s, o, prevEnd, su, long.MinValue);
            }

            return;
        }

        if (o == x && fix is null)
        {
            // Moved without pinning: the drop time is a lower bound, the routing still applies.
            var ready = s.ReadyFromPredecessors(o, out var minEndX);
            PlaceAfter(s, o, Math.Max(Math.Max(newStart, ready), prevEnd), su, minEndX);
            return;
        }

        if (o == x)
        {
            // The moved operation starts where the planner dropped it unless the machine is still busy (reported).
            var start = cal.NextOpen(newStart) ?? newStart;
            var placed = cal.PlaceForward(start, p.Dur[o], p.Interruptible[o]);
            var ss = su == 0 || placed is null ? placed?.Start ?? start
                : cal.PlaceBackward(placed.Value.Start, su, p.Interruptible[o])?.Start ?? placed.Value.Start - su;
            if (placed is not null && ss >= prevEnd && placed.Value.Start == newStart)
            {
                s.SetupStart[o] = ss;
                s.Start[o] = placed.Value.Start;
                s.End[o] = placed.Value.End;
                return;
            }

            var reason = placed is not null && placed.Value.Start != newStart ? ConflictKind.FixedOutsideCalendar : ConflictKind.FixedOverlap;
            s.Conflicts.Add(new ScheduleConflict(reason, prev >= 0 && reason == ConflictKind.FixedOverlap ? [p.Ops[o].Id, p.Ops[prev].Id] : [p.Ops[o].Id],
                $"{p.Ops[o].Id} ne peut pas commencer à {newStart} sur le poste {p.Ops[o].WorkstationId} : décalée au premier instant possible."));
            s.Displaced[o] = true;
            PlaceAfter(s, o, Math.Max(newStart, prevEnd), su, long.MinValue);
            return;
        }

        var earliest = Math.Max(old[o].SetupStart, s.ReadyFromPredecessors(o, out var minEnd));
        earliest = Math.Max(earliest, prevEnd);
        PlaceAfter(s, o, earliest, su, minEnd);
    }

    private static void PlaceAfter(ScheduleState s, int o, long earliest, long setup, long minEnd)
    {
        var p = s.P;
        var cal = p.Calendar[p.Ws[o]];
        (long Start, long End)? placed = null;
        var attempt = earliest;
        for (var guard = 0; guard < 64; guard++)
        {
            placed = cal.PlaceForward(attempt, setup + p.Dur[o], p.Interruptible[o]);
            if (placed is null || placed.Value.End >= minEnd) break;
            attempt = placed.Value.Start + (minEnd - placed.Value.End);
        }

        if (placed is null)
        {
            s.Conflicts.Add(new ScheduleConflict(ConflictKind.CalendarExhausted, [p.Ops[o].Id],
                $"Calendrier du poste {p.Ops[o].WorkstationId} épuisé : l'opération {p.Ops[o].Id} est placée hors calendrier."));
            placed = (earliest, earliest + setup + p.Dur[o]);
        }

        var (ss, e) = placed.Value;
        var start = setup == 0 ? ss : !p.Interruptible[o] ? ss + setup : cal.NextOpen(cal.AdvanceWork(ss, setup, true)) ?? ss + setup;
        if (p.Dur[o] == 0) start = Math.Min(start, e);
        s.SetupStart[o] = ss;
        s.Start[o] = start;
        s.End[o] = e;
    }
}
