namespace Collab.Planning.Scheduling;

/// <summary>Options of <see cref="Scheduler.Plan"/>.</summary>
public sealed record ScheduleOptions(ScheduleMode Mode = ScheduleMode.Forward, DispatchRule Rule = DispatchRule.EarliestDueDate);

/// <summary>Options of <see cref="Scheduler.Optimise"/>; the search stops on cancellation or after <see cref="MaxIterations"/>.</summary>
public sealed record OptimiseOptions(int Seed = 1, long? MaxIterations = null);

/// <summary>
/// Finite-capacity scheduling of operations on workstations (pure: time is a parameter, no I/O).
/// Forward and priority-rule plans are built by a serial schedule-generation scheme with gap insertion;
/// backward plans place operations just in time from the due dates and fall back to forward for orders
/// that would need the past; the optimiser improves the dispatching list by local search on late orders'
/// critical chains; repair re-times only the operations that a move forces to move.
/// </summary>
public static class Scheduler
{
    public static ScheduleResult Plan(SchedulingProblem problem, ScheduleOptions? options = null)
    {
        options ??= new ScheduleOptions();
        var p = new CompiledProblem(problem);
        var state = options.Mode == ScheduleMode.Backward ? Backward(p) : Forward(p, RuleKeys(p, options.Rule));
        return ScheduleAnalysis.Build(state);
    }

    /// <summary>
    /// Anytime optimisation: starts from the best priority-rule plan and improves weighted tardiness, then makespan,
    /// then flow time until <paramref name="cancellationToken"/> is cancelled (use CancelAfter for a time box) or the
    /// iteration cap is reached; always returns the best plan found. Progress is reported on each improvement.
    /// </summary>
    public static ScheduleResult Optimise(SchedulingProblem problem, OptimiseOptions? options = null,
        IProgress<ScheduleProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new OptimiseOptions();
        if (options.MaxIterations is null && !cancellationToken.CanBeCanceled)
            throw new ArgumentException("Give a cancellable token (time box) or an iteration cap.");
        var p = new CompiledProblem(problem);
        return ScheduleOptimiser.Run(p, options, progress, cancellationToken);
    }

    /// <summary>
    /// Moves (and optionally pins) one operation to <paramref name="newStart"/> (and machine), keeping every other
    /// operation at its current place unless the move pushes it later (right-shift repair, machine sequences kept).
    /// </summary>
    public static RepairResult Repair(SchedulingProblem problem, ScheduleResult previous, string operationId, long newStart,
        int? machine = null, bool pin = true)
        => ScheduleRepair.Run(problem, previous, operationId, newStart, machine, pin);

    /// <summary>
    /// Re-analyses a stored schedule (e.g. reloaded from storage) against its problem: order outcomes, late-order
    /// explanations, utilisation and objective, exactly as if the engine had just produced these placements. Every
    /// operation of the problem must have one assignment; times are taken as given (check them with
    /// <see cref="ScheduleValidator"/>). No conflicts are reported.
    /// </summary>
    public static ScheduleResult Evaluate(SchedulingProblem problem, IReadOnlyList<OperationAssignment> assignments)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        var p = new CompiledProblem(problem);
        var byId = new Dictionary<string, OperationAssignment>(assignments.Count);
        foreach (var a in assignments)
        {
            if (!byId.TryAdd(a.OperationId, a)) throw new SchedulingInputException("assignments", $"operation '{a.OperationId}' assigned twice");
        }

        var state = new ScheduleState(p);
        for (var o = 0; o < p.N; o++)
        {
            if (!byId.TryGetValue(p.Ops[o].Id, out var a))
                throw new SchedulingInputException("assignments", $"operation '{p.Ops[o].Id}' is not in the schedule");
            if (a.Machine < 0 || a.Machine >= p.MachineCount[p.Ws[o]])
                throw new SchedulingInputException("assignments", $"operation '{a.OperationId}': machine {a.Machine} outside 0..{p.MachineCount[p.Ws[o]] - 1}");
            var gm = p.MachineOffset[p.Ws[o]] + a.Machine;
            state.Machine[o] = gm;
            state.SetupStart[o] = a.SetupStart;
            state.Start[o] = a.Start;
            state.End[o] = a.End;
            state.Timeline[gm].Add(o);
        }

        foreach (var tl in state.Timeline)
        {
            tl.Sort((x, y) => state.Start[x] != state.Start[y] ? state.Start[x].CompareTo(state.Start[y]) : state.SetupStart[x].CompareTo(state.SetupStart[y]));
        }

        return ScheduleAnalysis.Build(state);
    }

    internal static (double K1, double K2)[] RuleKeys(CompiledProblem p, DispatchRule rule)
    {
        var keys = new (double, double)[p.N];
        for (var o = 0; o < p.N; o++)
        {
            var order = p.Orders[p.Order[o]];
            keys[o] = rule switch
            {
                DispatchRule.EarliestDueDate => (order.Due, -p.TailWork[o]),
                DispatchRule.CriticalRatio => ((double)(order.Due - p.Release[o]) / Math.Max(1, p.TailWork[o]), order.Due),
                DispatchRule.ShortestProcessingTime => (p.Dur[o], order.Due),
                DispatchRule.CustomerPriority => (-order.Priority, order.Due),
                _ => throw new ArgumentOutOfRangeException(nameof(rule)),
            };
        }

        return keys;
    }

    /// <summary>Serial schedule generation: repeatedly place the best-keyed operation whose predecessors are placed.</summary>
    /// <param name="include">When given (state already holds the fixed operations), only these operations are placed;
    /// predecessors outside the set are ignored if not placed yet.</param>
    internal static ScheduleState Forward(CompiledProblem p, (double K1, double K2)[] keys, ScheduleState? state = null, bool[]? include = null)
    {
        state ??= new ScheduleState(p);
        if (include is null) state.PlaceFixed();
        var missing = new int[p.N];
        var queue = new PriorityQueue<int, (int Tier, double K1, double K2, int Index)>();
        for (var o = 0; o < p.N; o++)
        {
            if (state.Placed(o) || (include is not null && !include[o])) continue;
            foreach (var (pr, _, _) in p.Preds[o])
            {
                if (!state.Placed(pr) && (include is null || include[pr])) missing[o]++;
            }

            if (missing[o] == 0) queue.Enqueue(o, Priority(o));
        }

        while (queue.Count > 0)
        {
            var o = queue.Dequeue();
            state.PlaceForward(o);
            foreach (var s in p.Succs[o])
            {
                if (state.Placed(s) || (include is not null && !include[s])) continue;
                if (--missing[s] == 0) queue.Enqueue(s, Priority(s));
            }
        }

        if (include is null) state.ReportFixedViolations();
        return state;

        (int, double, double, int) Priority(int o) => (p.FeedsFixed[o] ? 0 : 1, keys[o].K1, keys[o].K2, o);
    }

    /// <summary>
    /// Backward (just-in-time) plan, order by order in due-date order: each order's operations are placed as late as
    /// possible before its due date (last operation first, gap insertion). An order that would need the past (start
    /// before now or before its release) or finds no room is taken out again and planned forward, as soon as possible.
    /// If cross-order links (assemblies) end up violated, the whole plan falls back to forward EDD.
    /// </summary>
    internal static ScheduleState Backward(CompiledProblem p)
    {
        var state = new ScheduleState(p);
        state.PlaceFixed();
        var topoPos = new int[p.N];
        for (var i = 0; i < p.N; i++) topoPos[p.Topo[i]] = i;
        var orderSequence = Enumerable.Range(0, p.Orders.Length)
            .OrderBy(k => p.Orders[k].Due).ThenByDescending(k => p.Orders[k].Priority).ThenBy(k => k).ToList();
        foreach (var k in orderSequence)
        {
            var ops = p.OrderOps[k].Where(o => p.Fix[o] is null).OrderByDescending(o => topoPos[o]).ToList();
            var undo = new List<(int Op, int Next, long NextSetupStart)>();
            var ok = true;
            foreach (var o in ops)
            {
                var deadline = Deadline(o);
                ScheduleState.Candidate? best = null;
                for (var attempt = 0; attempt < 8; attempt++)
                {
                    best = null;
                    foreach (var gm in state.MachinesFor(o))
                    {
                        var c = state.TryBackward(o, gm, deadline);
                        if (c is null) continue;
                        if (best is null || c.Value.Start > best.Value.Start) best = c;
                    }

                    if (best is null) break;
                    var late = Violation(o, best.Value);
                    if (late <= 0) break;
                    deadline = best.Value.End - late;
                    best = null;
                }

                if (best is null || best.Value.SetupStart < p.Release[o])
                {
                    ok = false;
                    break;
                }

                var tl = state.Timeline[best.Value.GlobalMachine];
                var next = best.Value.Index < tl.Count ? tl[best.Value.Index] : -1;
                undo.Add((o, next, next >= 0 ? state.SetupStart[next] : 0));
                state.Commit(o, best.Value);
            }

            if (ok) continue;
            // Take the order out again, restoring exactly the previous state, then plan it forward.
            for (var i = undo.Count - 1; i >= 0; i--)
            {
                var (o, next, nextSs) = undo[i];
                state.Timeline[state.Machine[o]].Remove(o);
                state.Machine[o] = -1;
                if (next >= 0) state.SetupStart[next] = nextSs;
            }

            foreach (var o in ops.AsEnumerable().Reverse()) state.PlaceForward(o);
        }

        if (!Consistent(state)) return Forward(p, RuleKeys(p, DispatchRule.EarliestDueDate));
        state.ReportFixedViolations();
        return state;

        long Deadline(int o)
        {
            var d = p.Orders[p.Order[o]].Due;
            foreach (var s in p.Succs[o])
            {
                if (!state.Placed(s)) continue;
                foreach (var (pr, f, delay) in p.Preds[s])
                {
                    if (pr == o) d = Math.Min(d, f >= 1 ? state.SetupStart[s] - delay : state.End[s] - delay);
                }
            }

            return d;
        }

        // How much the candidate makes its placed successors start too early (their setup start may itself change
        // when the candidate is inserted just before one of them on the same machine).
        long Violation(int o, ScheduleState.Candidate c)
        {
            var tl = state.Timeline[c.GlobalMachine];
            var next = c.Index < tl.Count ? tl[c.Index] : -1;
            long worst = 0;
            foreach (var s in p.Succs[o])
            {
                if (!state.Placed(s)) continue;
                var succSetupStart = s == next ? c.NextSetupStart : state.SetupStart[s];
                foreach (var (pr, f, delay) in p.Preds[s])
                {
                    if (pr != o) continue;
                    var readyPoint = c.End;
                    if (f < 1)
                    {
                        var work = (long)Math.Ceiling(f * p.Dur[o]);
                        readyPoint = Math.Min(c.End, p.Calendar[p.Ws[o]].AdvanceWork(c.Start, work, p.Interruptible[o]));
                        worst = Math.Max(worst, c.End + delay - state.End[s]);
                    }

                    worst = Math.Max(worst, readyPoint + delay - succSetupStart);
                }
            }

            return worst;
        }
    }

    /// <summary>Every non-fixed operation starts after what it waits for, and after its machine predecessor.</summary>
    private static bool Consistent(ScheduleState state)
    {
        var p = state.P;
        for (var o = 0; o < p.N; o++)
        {
            if (!state.Placed(o)) return false;
            if (p.Fix[o] is not null) continue;
            var ready = state.ReadyFromPredecessors(o, out var minEnd);
            if (state.SetupStart[o] < ready || state.End[o] < minEnd) return false;
        }

        foreach (var tl in state.Timeline)
        {
            for (var i = 1; i < tl.Count; i++)
            {
                if (state.SetupStart[tl[i]] < state.End[tl[i - 1]]) return false;
            }
        }

        return true;
    }
}
