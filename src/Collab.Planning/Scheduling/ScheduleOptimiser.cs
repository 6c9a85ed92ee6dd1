namespace Collab.Planning.Scheduling;

/// <summary>
/// Anytime improvement of a plan. A solution is a dispatching list (a priority order of all operations) decoded by
/// the forward schedule-generation scheme, so every candidate respects all constraints by construction. Moves target
/// the critical chain of a late order (or of the last order when none is late): an operation that queued behind
/// another one on a workstation is moved ahead of it in the list; sometimes a random operation of the chain is moved
/// earlier. Equal moves are accepted (plateaus); after a stagnation period the search restarts from the best list.
/// </summary>
internal static class ScheduleOptimiser
{
    public static ScheduleResult Run(CompiledProblem p, OptimiseOptions options, IProgress<ScheduleProgress>? progress, CancellationToken ct)
    {
        var rng = new Random(options.Seed);
        ScheduleState? best = null;
        var bestObj = default(ScheduleObjective);
        // Starts: the four priority rules, and the latest finish time of each operation derived from its order's due date
        // back through the whole network (routing and sub-assembly links), plain and weighted.
        var starts = Enum.GetValues<DispatchRule>().Select(r => Scheduler.RuleKeys(p, r)).Concat(LatestFinishKeys(p)).ToList();
        foreach (var keys in starts)
        {
            var st = Scheduler.Forward(p, keys);
            var obj = ScheduleAnalysis.Objective(st, out _, out _);
            if (best is null || obj < bestObj)
            {
                best = st;
                bestObj = obj;
            }
        }

        if (p.N == 0) return ScheduleAnalysis.Build(best!);
        progress?.Report(new ScheduleProgress(0, bestObj));

        // The list: operations by their start in the best rule plan.
        var list = Enumerable.Range(0, p.N).OrderBy(o => best!.SetupStart[o]).ThenBy(o => best!.Start[o]).ThenBy(o => o).ToArray();
        var current = Decode(p, list);
        var currentObj = ScheduleAnalysis.Objective(current, out _, out _);
        var bestList = (int[])list.Clone();
        if (currentObj < bestObj)
        {
            best = current;
            bestObj = currentObj;
        }

        // Late acceptance (Burke & Bykov): a candidate is also accepted when it is no worse than the current solution
        // was HistoryLength iterations ago, which lets the search cross ridges a pure descent cannot.
        const int HistoryLength = 40;
        var history = Enumerable.Repeat(currentObj, HistoryLength).ToArray();
        long iteration = 0;
        var sinceImprovement = 0;
        var stagnation = Math.Max(200, 4 * (int)Math.Sqrt(p.N) * 10);
        // On large plants one decode costs tens of milliseconds: a candidate carries several moves (on different late
        // orders, drawn independently) so the few decodes a time box allows each repair more of the plan.
        // (Measured at 10,000 operations: −1.3 % weighted tardiness in 5 s; not used below 5,000 where it did not help.)
        var movesPerIteration = p.N >= 5000 ? 1 + p.N / 2000 : 1;
        while (!ct.IsCancellationRequested && (options.MaxIterations is null || iteration < options.MaxIterations))
        {
            iteration++;
            var candidate = (int[])list.Clone();
            if (!Mutate(p, current, candidate, rng)) break; // nothing to improve (no order at all)
            var moves = movesPerIteration == 1 ? 1 : 1 + rng.Next(movesPerIteration);
            for (var k = 1; k < moves; k++) Mutate(p, current, candidate, rng);
            var st = Decode(p, candidate);
            var obj = ScheduleAnalysis.Objective(st, out _, out _);
            var slot = (int)(iteration % HistoryLength);
            if (obj <= currentObj || obj <= history[slot])
            {
                list = candidate;
                current = st;
                currentObj = obj;
                if (obj < bestObj)
                {
                    best = st;
                    bestObj = obj;
                    bestList = (int[])candidate.Clone();
                    sinceImprovement = 0;
                    progress?.Report(new ScheduleProgress(iteration, bestObj));
                }
            }

            history[slot] = currentObj;

            if (++sinceImprovement > stagnation)
            {
                sinceImprovement = 0;
                list = (int[])bestList.Clone();
                for (var k = 0; k < 3; k++) RandomShift(list, rng, 20);
                current = Decode(p, list);
                currentObj = ScheduleAnalysis.Objective(current, out _, out _);
                Array.Fill(history, currentObj);
            }

            if (bestObj.WeightedTardiness == 0 && bestObj.Makespan <= LowerBound(p)) break;
        }

        return ScheduleAnalysis.Build(best!);
    }

    /// <summary>
    /// Latest finish of each operation so its order (and every order it feeds) is on time: the order's due date, and
    /// for each successor (same routing or a parent MO) the successor's latest finish minus its work and delay.
    /// Keys: that latest finish, and the same slack divided by the order's weight.
    /// </summary>
    private static IEnumerable<(double K1, double K2)[]> LatestFinishKeys(CompiledProblem p)
    {
        var lft = new long[p.N];
        for (var k = p.N - 1; k >= 0; k--)
        {
            var o = p.Topo[k];
            var l = p.Orders[p.Order[o]].Due;
            foreach (var s in p.Succs[o])
            {
                long delay = 0;
                foreach (var (pr, _, d) in p.Preds[s])
                {
                    if (pr == o) delay = Math.Max(delay, d);
                }

                l = Math.Min(l, lft[s] - p.Dur[s] - delay);
            }

            lft[o] = l;
        }

        var plain = new (double, double)[p.N];
        var weighted = new (double, double)[p.N];
        for (var o = 0; o < p.N; o++)
        {
            var w = Math.Max(1e-3, p.Orders[p.Order[o]].Weight);
            plain[o] = (lft[o] - p.Dur[o], lft[o]);
            var slack = lft[o] - p.Dur[o] - p.Now;
            weighted[o] = (slack >= 0 ? slack / w : slack * w, lft[o]);
        }

        return [plain, weighted];
    }

    private static long LowerBound(CompiledProblem p)
    {
        long lb = 0;
        for (var o = 0; o < p.N; o++) lb = Math.Max(lb, p.Release[o] - p.Now + p.TailWork[o]);
        return lb;
    }

    private static ScheduleState Decode(CompiledProblem p, int[] list)
    {
        var keys = new (double, double)[p.N];
        for (var i = 0; i < list.Length; i++) keys[list[i]] = (i, 0);
        return Scheduler.Forward(p, keys);
    }

    private static bool Mutate(CompiledProblem p, ScheduleState s, int[] list, Random rng)
    {
        ScheduleAnalysis.Objective(s, out var completion, out var last);
        // Roulette over late orders by weighted tardiness; otherwise the order that ends last.
        double total = 0;
        for (var k = 0; k < p.Orders.Length; k++)
        {
            if (last[k] >= 0) total += p.Orders[k].Weight * Math.Max(0, completion[k] - p.Orders[k].Due);
        }

        var target = -1;
        if (total > 0)
        {
            var r = rng.NextDouble() * total;
            for (var k = 0; k < p.Orders.Length && target < 0; k++)
            {
                if (last[k] < 0) continue;
                r -= p.Orders[k].Weight * Math.Max(0, completion[k] - p.Orders[k].Due);
                if (r <= 0 && completion[k] > p.Orders[k].Due) target = k;
            }
        }

        if (target < 0)
        {
            for (var k = 0; k < p.Orders.Length; k++)
            {
                if (last[k] >= 0 && (target < 0 || completion[k] > completion[target] || (completion[k] == completion[target] && rng.Next(2) == 0))) target = k;
            }
        }

        if (target < 0) return false;
        var chain = ScheduleAnalysis.Chain(s, last[target]);
        var queued = chain.Where(c => c.Cause == DelayCause.Workstation && p.Fix[c.Op] is null).ToList();
        var position = new int[p.N];
        for (var i = 0; i < list.Length; i++) position[list[i]] = i;
        if (queued.Count > 0 && rng.Next(10) < 8)
        {
            var (op, _, blocking) = queued[rng.Next(queued.Count)];
            MoveTo(list, position[op], position[blocking]);
        }
        else
        {
            var movable = chain.Where(c => p.Fix[c.Op] is null).ToList();
            if (movable.Count == 0)
            {
                RandomShift(list, rng, 10);
                return true;
            }

            var op = movable[rng.Next(movable.Count)].Op;
            var from = position[op];
            MoveTo(list, from, Math.Max(0, from - 1 - rng.Next(10)));
        }

        return true;
    }

    private static void RandomShift(int[] list, Random rng, int span)
    {
        var from = rng.Next(list.Length);
        var to = Math.Clamp(from + rng.Next(-span, span + 1), 0, list.Length - 1);
        MoveTo(list, from, to);
    }

    private static void MoveTo(int[] list, int from, int to)
    {
        if (from == to) return;
        var x = list[from];
        if (from > to) Array.Copy(list, to, list, to + 1, from - to);
        else Array.Copy(list, from + 1, list, from, to - from);
        list[to] = x;
    }
}
