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
        foreach (var rule in Enum.GetValues<DispatchRule>())
        {
            var st = Scheduler.Forward(p, Scheduler.RuleKeys(p, rule));
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

        long iteration = 0;
        var sinceImprovement = 0;
        var stagnation = Math.Max(200, 4 * (int)Math.Sqrt(p.N) * 10);
        while (!ct.IsCancellationRequested && (options.MaxIterations is null || iteration < options.MaxIterations))
        {
            iteration++;
            var candidate = (int[])list.Clone();
            if (!Mutate(p, current, candidate, rng)) break; // nothing to improve (no order at all)
            var st = Decode(p, candidate);
            var obj = ScheduleAnalysis.Objective(st, out _, out _);
            if (obj <= currentObj)
            {
                if (obj < currentObj) sinceImprovement = 0;
                list = candidate;
                current = st;
                currentObj = obj;
                if (obj < bestObj)
                {
                    best = st;
                    bestObj = obj;
                    bestList = (int[])candidate.Clone();
                    progress?.Report(new ScheduleProgress(iteration, bestObj));
                }
            }

            if (++sinceImprovement > stagnation)
            {
                sinceImprovement = 0;
                list = (int[])bestList.Clone();
                for (var k = 0; k < 3; k++) RandomShift(list, rng, 20);
                current = Decode(p, list);
                currentObj = ScheduleAnalysis.Objective(current, out _, out _);
            }

            if (bestObj.WeightedTardiness == 0 && bestObj.Makespan <= LowerBound(p)) break;
        }

        return ScheduleAnalysis.Build(best!);
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
