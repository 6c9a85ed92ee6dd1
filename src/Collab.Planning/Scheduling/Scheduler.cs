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
    internal static ScheduleState Forward(CompiledProblem p, (double K1, double K2)[] keys, ScheduleState? state = null, bool[]? skip = null)
    {
        state ??= new ScheduleState(p);
        if (skip is null) state.PlaceFixed();
        var missing = new int[p.N];
        var queue = new PriorityQueue<int, (int Tier, double K1, double K2, int Index)>();
        for (var o = 0; o < p.N; o++)
        {
            if (state.Placed(o)) continue;
            foreach (var (pr, _, _) in p.Preds[o])
            {
                if (!state.Placed(pr)) missing[o]++;
            }

            if (missing[o] == 0) queue.Enqueue(o, Priority(o));
        }

        while (queue.Count > 0)
        {
            var o = queue.Dequeue();
            state.PlaceForward(o);
            foreach (var s in p.Succs[o])
            {
                if (state.Placed(s)) continue;
                if (--missing[s] == 0) queue.Enqueue(s, Priority(s));
            }
        }

        if (skip is null) state.ReportFixedViolations();
        return state;

        (int, double, double, int) Priority(int o) => (p.FeedsFixed[o] ? 0 : 1, keys[o].K1, keys[o].K2, o);
    }

    /// <summary>
    /// Backward (just-in-time) plan: each order is placed as late as possible before its due date, latest first;
    /// orders that would start in the past or before their release, or that conflict with a forward-planned
    /// predecessor, are planned forward (EDD) in the remaining capacity.
    /// </summary>
    internal static ScheduleState Backward(CompiledProblem p)
    {
        var forwardOrders = new bool[p.Orders.Length];
        for (var pass = 0; pass < 6; pass++)
        {
            var state = new ScheduleState(p);
            state.PlaceFixed();
            BackwardPass(p, state, forwardOrders);
            var failed = false;
            for (var o = 0; o < p.N; o++)
            {
                if (!state.Placed(o) || p.Fix[o] is not null || forwardOrders[p.Order[o]]) continue;
                var ready = state.ReadyFromPredecessors(o, out var minEnd);
                if (state.SetupStart[o] < ready || state.End[o] < minEnd)
                {
                    forwardOrders[p.Order[o]] = true;
                    failed = true;
                }
            }

            if (failed) continue;
            var keys = RuleKeys(p, DispatchRule.EarliestDueDate);
            Forward(p, keys, state, skip: forwardOrders);
            // A backward-placed operation may depend on a forward-placed one (assembly across orders): check.
            var violated = false;
            for (var o = 0; o < p.N; o++)
            {
                if (p.Fix[o] is not null || forwardOrders[p.Order[o]]) continue;
                var ready = state.ReadyFromPredecessors(o, out var minEnd);
                if (state.SetupStart[o] < ready || state.End[o] < minEnd)
                {
                    forwardOrders[p.Order[o]] = true;
                    violated = true;
                }
            }

            if (!violated)
            {
                state.ReportFixedViolations();
                return state;
            }
        }

        return Forward(p, RuleKeys(p, DispatchRule.EarliestDueDate));
    }

    private static void BackwardPass(CompiledProblem p, ScheduleState state, bool[] forwardOrders)
    {
        bool InPass(int o) => p.Fix[o] is null && !forwardOrders[p.Order[o]];
        var missing = new int[p.N];
        var queue = new PriorityQueue<int, (double, int)>();
        for (var o = 0; o < p.N; o++)
        {
            if (!InPass(o)) continue;
            foreach (var s in p.Succs[o])
            {
                if (InPass(s)) missing[o]++;
            }

            if (missing[o] == 0) queue.Enqueue(o, (-Deadline(o), -o));
        }

        while (queue.Count > 0)
        {
            var o = queue.Dequeue();
            var deadline = Deadline(o);
            ScheduleState.Candidate? best = null;
            for (var attempt = 0; attempt < 8 && best is null; attempt++)
            {
                foreach (var gm in state.MachinesFor(o))
                {
                    var c = state.TryBackward(o, gm, deadline);
                    if (c is null) continue;
                    if (best is null || c.Value.Start > best.Value.Start) best = c;
                }

                if (best is null) break;
                // Overlapping successors also need the transfer-batch ready point early enough.
                var shift = 0L;
                foreach (var s in p.Succs[o])
                {
                    if (!state.Placed(s)) continue;
                    foreach (var (pr, f, delay) in p.Preds[s])
                    {
                        if (pr != o || f >= 1) continue;
                        var work = (long)Math.Ceiling(f * p.Dur[o]);
                        var readyPoint = Math.Min(best.Value.End, p.Calendar[p.Ws[o]].AdvanceWork(best.Value.Start, work, p.Interruptible[o]));
                        shift = Math.Max(shift, readyPoint + delay - state.SetupStart[s]);
                    }
                }

                if (shift > 0)
                {
                    deadline = best.Value.End - shift;
                    best = null;
                }
            }

            if (best is null)
            {
                forwardOrders[p.Order[o]] = true; // no room before the due date: plan this order forward
                continue;
            }

            state.Commit(o, best.Value);
            foreach (var pr in p.Preds[o])
            {
                if (!InPass(pr.Pred)) continue;
                if (--missing[pr.Pred] == 0) queue.Enqueue(pr.Pred, (-Deadline(pr.Pred), -pr.Pred));
            }
        }

        // Orders switched to forward during the pass: remove their backward-placed operations.
        for (var o = 0; o < p.N; o++)
        {
            if (p.Fix[o] is null && forwardOrders[p.Order[o]] && state.Placed(o)) Remove(state, o);
        }

        long Deadline(int o)
        {
            var d = p.Orders[p.Order[o]].Due;
            foreach (var s in p.Succs[o])
            {
                if (!state.Placed(s)) continue;
                foreach (var (pr, f, delay) in p.Preds[s])
                {
                    if (pr != o) continue;
                    d = Math.Min(d, f >= 1 ? state.SetupStart[s] - delay : state.End[s] - delay);
                }
            }

            return d;
        }
    }

    internal static void Remove(ScheduleState state, int o)
    {
        var p = state.P;
        var tl = state.Timeline[state.Machine[o]];
        var idx = tl.IndexOf(o);
        tl.RemoveAt(idx);
        if (idx < tl.Count)
        {
            // The next operation's setup now follows the previous one; keep its start, recompute its setup start.
            var next = tl[idx];
            var prev = idx > 0 ? tl[idx - 1] : -1;
            if (p.Fix[next]?.Kind != FixKind.InProgress)
            {
                var w = p.Ws[next];
                var su = p.Setups[w].Get(prev >= 0 ? p.Family[prev] : null, p.Family[next]);
                state.SetupStart[next] = su == 0 ? state.Start[next]
                    : p.Interruptible[next] ? p.Calendar[w].PlaceBackward(state.Start[next], su, true)?.Start ?? state.Start[next] - su
                    : state.Start[next] - su;
            }
        }

        state.Machine[o] = -1;
    }
}
