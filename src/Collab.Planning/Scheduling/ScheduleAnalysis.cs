namespace Collab.Planning.Scheduling;

/// <summary>Turns a placement state into the public result: assignments, order outcomes, late-order explanations, utilisation.</summary>
internal static class ScheduleAnalysis
{
    public static ScheduleResult Build(ScheduleState s)
    {
        var p = s.P;
        var assignments = new OperationAssignment[p.N];
        for (var o = 0; o < p.N; o++)
        {
            var m = p.MachineOf(s.Machine[o], out var w);
            assignments[o] = new OperationAssignment(p.Ops[o].Id, p.Ops[o].OrderId, p.Ops[o].WorkstationId, m, s.SetupStart[o], s.Start[o], s.End[o]);
        }

        var objective = Objective(s, out var completion, out var last);
        var orders = new List<OrderOutcome>();
        var late = new List<LatenessExplanation>();
        for (var k = 0; k < p.Orders.Length; k++)
        {
            if (p.OrderOps[k].Length == 0) continue;
            var order = p.Orders[k];
            orders.Add(new OrderOutcome(order.Id, completion[k], order.Due, order.Weight));
            if (completion[k] > order.Due) late.Add(Explain(s, k, last[k], completion[k] - order.Due));
        }

        // Chained reasons: a late order that waits for another order (sub-assembly) names it, with its own lateness and bottleneck.
        var lateIndex = late.Select((l, i) => (l.OrderId, i)).ToDictionary(x => x.OrderId, x => x.i, StringComparer.Ordinal);
        var orderIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var k = 0; k < p.Orders.Length; k++) orderIndex[p.Orders[k].Id] = k;
        for (var i = 0; i < late.Count; i++)
        {
            var k = orderIndex[late[i].OrderId];
            foreach (var step in late[i].CriticalChain)
            {
                if (step.Cause != DelayCause.Predecessor || step.BlockingOperationId is null) continue;
                // Only a link into this order is its sub-assembly: the chain may queue behind another order on a machine
                // and follow that order's own routing; that order is the queue, not a component (it named the MO ahead
                // on the test bench "sous-ensemble" of every finished good behind it).
                if (!string.Equals(step.OrderId, late[i].OrderId, StringComparison.Ordinal)) continue;
                var b = p.OpIndex[step.BlockingOperationId];
                var child = p.Order[b];
                if (child == k) continue;
                var childLateness = completion[child] - p.Orders[child].Due;
                var childWhy = lateIndex.TryGetValue(p.Orders[child].Id, out var ci) ? late[ci] : Explain(s, child, last[child], childLateness);
                late[i] = late[i] with { SubAssembly = new SubAssemblyDelay(p.Orders[child].Id, step.BlockingOperationId, childLateness, childWhy.BottleneckWorkstationId) };
                break;
            }
        }

        var horizonEnd = p.N == 0 ? p.Now : Math.Max(p.Now, s.End.Max());
        var utilisation = new List<WorkstationUtilisation>();
        for (var w = 0; w < p.Calendar.Length; w++)
        {
            var cal = p.Calendar[w];
            long busy = 0;
            for (var k = 0; k < p.MachineCount[w]; k++)
            {
                foreach (var o in s.Timeline[p.MachineOffset[w] + k]) busy += cal.WorkBetween(Math.Max(p.Now, s.SetupStart[o]), s.End[o]);
            }

            var available = cal.WorkBetween(p.Now, horizonEnd) * p.MachineCount[w];
            utilisation.Add(new WorkstationUtilisation(p.Source.Workstations[w].Id, busy, available));
        }

        return new ScheduleResult(assignments, orders, late.OrderByDescending(l => l.Lateness).ToList(), utilisation, s.Conflicts.ToList(), objective);
    }

    public static ScheduleObjective Objective(ScheduleState s, out long[] completion, out int[] lastOp)
    {
        var p = s.P;
        completion = new long[p.Orders.Length];
        lastOp = Enumerable.Repeat(-1, p.Orders.Length).ToArray();
        Array.Fill(completion, long.MinValue);
        long makespanEnd = p.Now;
        for (var o = 0; o < p.N; o++)
        {
            var k = p.Order[o];
            if (s.End[o] > completion[k] || lastOp[k] < 0)
            {
                completion[k] = s.End[o];
                lastOp[k] = o;
            }

            makespanEnd = Math.Max(makespanEnd, s.End[o]);
        }

        double wt = 0;
        long flow = 0;
        for (var k = 0; k < p.Orders.Length; k++)
        {
            if (lastOp[k] < 0) continue;
            var order = p.Orders[k];
            wt += order.Weight * Math.Max(0, completion[k] - order.Due);
            flow += completion[k] - Math.Max(p.Now, order.Release ?? p.Now);
        }

        return new ScheduleObjective(wt, makespanEnd - p.Now, flow);
    }

    /// <summary>What made operation <paramref name="o"/> start when it does, and which operation it waited for.</summary>
    public static DelayCause Cause(ScheduleState s, int o, out int blocking)
    {
        var p = s.P;
        blocking = -1;
        if (p.Fix[o] is not null && !s.Displaced[o]) return DelayCause.Fixed;
        var ss = s.SetupStart[o];
        var tl = s.Timeline[s.Machine[o]];
        var idx = tl.IndexOf(o);
        var prev = idx > 0 ? tl[idx - 1] : -1;
        // Predecessor first: the material was not there.
        foreach (var (pr, f, delay) in p.Preds[o])
        {
            if (s.Placed(pr) && s.ReadyPoint(pr, f) + delay >= ss)
            {
                blocking = pr;
                return DelayCause.Predecessor;
            }
        }

        if (prev >= 0 && s.End[prev] >= ss)
        {
            blocking = prev;
            return DelayCause.Workstation;
        }

        if (ss <= p.Release[o]) return p.Release[o] > p.Now ? DelayCause.Release : DelayCause.Now;
        var cal = p.Calendar[p.Ws[o]];
        var earliest = Math.Max(p.Release[o], prev >= 0 ? s.End[prev] : long.MinValue);
        foreach (var (pr, f, delay) in p.Preds[o])
        {
            if (s.Placed(pr)) earliest = Math.Max(earliest, s.ReadyPoint(pr, f) + delay);
        }

        if (cal.WorkBetween(earliest, ss) == 0)
        {
            // Nothing but closed time between what it waited for and its start.
            if (prev >= 0 && s.End[prev] == earliest)
            {
                blocking = prev;
                return DelayCause.Workstation;
            }

            // What it waited for ended in closed time: name it (a material release arriving on a closed day or
            // before the shift is the material, not the calendar).
            foreach (var (pr, f, delay) in p.Preds[o])
            {
                if (s.Placed(pr) && s.ReadyPoint(pr, f) + delay == earliest)
                {
                    blocking = pr;
                    return DelayCause.Predecessor;
                }
            }

            if (p.Release[o] == earliest && p.Release[o] > p.Now) return DelayCause.Release;
            return DelayCause.Calendar;
        }

        return DelayCause.JustInTime;
    }

    public static List<(int Op, DelayCause Cause, int Blocking)> Chain(ScheduleState s, int last)
    {
        var chain = new List<(int, DelayCause, int)>();
        var seen = new HashSet<int>();
        var o = last;
        while (o >= 0 && seen.Add(o))
        {
            var cause = Cause(s, o, out var blocking);
            chain.Add((o, cause, blocking));
            o = blocking;
        }

        return chain;
    }

    private static LatenessExplanation Explain(ScheduleState s, int order, int last, long lateness)
    {
        var p = s.P;
        var chain = Chain(s, last);
        var steps = chain.Select(c => new ChainStep(p.Ops[c.Op].Id, p.Ops[c.Op].OrderId, p.Ops[c.Op].WorkstationId, c.Cause,
            c.Blocking >= 0 ? p.Ops[c.Blocking].Id : null)).ToList();
        // Bottleneck: the workstation where the chain queued longest (time the blocking operations held the machine).
        var waits = new Dictionary<int, long>();
        foreach (var (op, cause, blocking) in chain)
        {
            if (cause != DelayCause.Workstation) continue;
            waits[p.Ws[op]] = waits.GetValueOrDefault(p.Ws[op]) + (s.End[blocking] - s.SetupStart[blocking]);
        }

        string? bottleneck = null;
        if (waits.Count > 0)
        {
            bottleneck = p.Source.Workstations[waits.MaxBy(kv => kv.Value).Key].Id;
        }
        else if (chain.Count > 0)
        {
            var busiest = chain.GroupBy(c => p.Ws[c.Op]).MaxBy(g => g.Sum(c => s.End[c.Op] - s.SetupStart[c.Op]))!.Key;
            bottleneck = p.Source.Workstations[busiest].Id;
        }

        // The predecessor (routing step or component from another order) the late operation waited for, if any.
        string? delayingPredecessor = null;
        foreach (var (op, cause, blocking) in chain)
        {
            if (cause == DelayCause.Predecessor)
            {
                delayingPredecessor = p.Ops[blocking].Id;
                break;
            }

            if (cause != DelayCause.Workstation) break;
        }

        return new LatenessExplanation(p.Orders[order].Id, lateness, steps, bottleneck, delayingPredecessor);
    }
}
