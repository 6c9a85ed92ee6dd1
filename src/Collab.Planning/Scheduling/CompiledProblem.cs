namespace Collab.Planning.Scheduling;

/// <summary>The problem validated and flattened into arrays indexed by operation / workstation / order.</summary>
internal sealed class CompiledProblem
{
    public readonly SchedulingProblem Source;
    public readonly long Now;
    public readonly int N;
    public readonly ScheduledOperation[] Ops;
    public readonly int[] Ws, Order, SameMachineAs;
    public readonly long[] Dur, Release, TailWork;
    public readonly string?[] Family;
    public readonly bool[] Interruptible;
    public readonly OperationFix?[] Fix;
    public readonly (int Pred, double Fraction, long Delay)[][] Preds;
    public readonly int[][] Succs;
    public readonly int[] Topo;
    public readonly WorkCalendar[] Calendar;
    public readonly SetupMatrix[] Setups;
    public readonly int[] MachineCount, MachineOffset;
    public readonly int TotalMachines;
    public readonly ScheduledOrder[] Orders;
    public readonly int[][] OrderOps;
    public readonly bool[] FeedsFixed;
    public readonly Dictionary<string, int> OpIndex;

    public CompiledProblem(SchedulingProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        Source = problem;
        Now = problem.Now;
        var wsIndex = new Dictionary<string, int>();
        var wsCount = problem.Workstations.Count;
        Calendar = new WorkCalendar[wsCount];
        Setups = new SetupMatrix[wsCount];
        MachineCount = new int[wsCount];
        MachineOffset = new int[wsCount];
        for (var w = 0; w < wsCount; w++)
        {
            var ws = problem.Workstations[w];
            var field = $"workstations[{w}]";
            if (string.IsNullOrWhiteSpace(ws.Id)) throw new SchedulingInputException(field + ".id", "empty identifier");
            if (!wsIndex.TryAdd(ws.Id, w)) throw new SchedulingInputException(field + ".id", $"duplicate workstation '{ws.Id}'");
            if (ws.MachineCount < 1) throw new SchedulingInputException(field + ".machineCount", $"must be at least 1, found {ws.MachineCount}");
            Calendar[w] = ws.EffectiveCalendar;
            Setups[w] = ws.EffectiveSetups;
            MachineCount[w] = ws.MachineCount;
            MachineOffset[w] = TotalMachines;
            TotalMachines += ws.MachineCount;
        }

        var orderIndex = new Dictionary<string, int>();
        Orders = problem.Orders.ToArray();
        for (var k = 0; k < Orders.Length; k++)
        {
            var o = Orders[k];
            if (string.IsNullOrWhiteSpace(o.Id)) throw new SchedulingInputException($"orders[{k}].id", "empty identifier");
            if (!orderIndex.TryAdd(o.Id, k)) throw new SchedulingInputException($"orders[{k}].id", $"duplicate order '{o.Id}'");
            if (o.Weight < 0 || double.IsNaN(o.Weight)) throw new SchedulingInputException($"orders[{k}].weight", "must be a non-negative number");
        }

        Ops = problem.Operations.ToArray();
        N = Ops.Length;
        OpIndex = new Dictionary<string, int>(N);
        Ws = new int[N];
        Order = new int[N];
        SameMachineAs = Enumerable.Repeat(-1, N).ToArray();
        Dur = new long[N];
        Release = new long[N];
        Family = new string?[N];
        Interruptible = new bool[N];
        Fix = new OperationFix?[N];
        for (var i = 0; i < N; i++)
        {
            var op = Ops[i];
            var field = $"operations[{i}]";
            if (string.IsNullOrWhiteSpace(op.Id)) throw new SchedulingInputException(field + ".id", "empty identifier");
            if (!OpIndex.TryAdd(op.Id, i)) throw new SchedulingInputException(field + ".id", $"duplicate operation '{op.Id}'");
            if (!wsIndex.TryGetValue(op.WorkstationId, out Ws[i]))
                throw new SchedulingInputException(field + ".workstationId", $"unknown workstation '{op.WorkstationId}' (operation '{op.Id}')");
            if (!orderIndex.TryGetValue(op.OrderId, out Order[i]))
                throw new SchedulingInputException(field + ".orderId", $"unknown order '{op.OrderId}' (operation '{op.Id}')");
            if (op.Duration < 0) throw new SchedulingInputException(field + ".duration", $"negative duration {op.Duration} (operation '{op.Id}')");
            Dur[i] = op.Duration;
            Family[i] = op.SetupFamily;
            Interruptible[i] = op.Interruptible;
            Fix[i] = op.Fix;
            if (op.Fix?.Machine is int m && (m < 0 || m >= MachineCount[Ws[i]]))
                throw new SchedulingInputException(field + ".fix.machine", $"machine {m} outside 0..{MachineCount[Ws[i]] - 1} (operation '{op.Id}')");
            var order = Orders[Order[i]];
            Release[i] = Math.Max(Now, Math.Max(op.Release ?? long.MinValue, order.Release ?? long.MinValue));
        }

        var preds = new List<(int, double, long)>[N];
        for (var i = 0; i < N; i++)
        {
            preds[i] = [];
            var op = Ops[i];
            for (var k = 0; k < op.Predecessors.Count; k++)
            {
                var p = op.Predecessors[k];
                var field = $"operations[{i}].predecessors[{k}]";
                if (!OpIndex.TryGetValue(p.PredecessorId, out var pi))
                    throw new SchedulingInputException(field, $"unknown operation '{p.PredecessorId}' (predecessor of '{op.Id}')");
                if (pi == i) throw new SchedulingInputException(field, $"operation '{op.Id}' cannot precede itself");
                if (!(p.TransferFraction > 0 && p.TransferFraction <= 1))
                    throw new SchedulingInputException(field + ".transferFraction", $"must be in (0, 1], found {p.TransferFraction}");
                if (p.MinDelay < 0) throw new SchedulingInputException(field + ".minDelay", "must not be negative");
                preds[i].Add((pi, p.TransferFraction, p.MinDelay));
            }
        }

        for (var s = 0; s < problem.SequencePins.Count; s++)
        {
            var pin = problem.SequencePins[s];
            for (var k = 0; k < pin.OperationIds.Count; k++)
            {
                var field = $"sequencePins[{s}].operationIds[{k}]";
                if (!OpIndex.TryGetValue(pin.OperationIds[k], out var cur))
                    throw new SchedulingInputException(field, $"unknown operation '{pin.OperationIds[k]}'");
                if (k == 0) continue;
                var prev = OpIndex[pin.OperationIds[k - 1]];
                if (Ws[prev] != Ws[cur])
                    throw new SchedulingInputException(field, $"'{pin.OperationIds[k - 1]}' and '{pin.OperationIds[k]}' are on different workstations");
                if (SameMachineAs[cur] >= 0) throw new SchedulingInputException(field, $"'{pin.OperationIds[k]}' is in two sequence pins");
                SameMachineAs[cur] = prev;
                preds[cur].Add((prev, 1.0, 0));
            }
        }

        Preds = preds.Select(p => p.ToArray()).ToArray();
        var succs = new List<int>[N];
        for (var i = 0; i < N; i++) succs[i] = [];
        for (var i = 0; i < N; i++)
        {
            foreach (var (p, _, _) in Preds[i]) succs[p].Add(i);
        }

        Succs = succs.Select(s => s.ToArray()).ToArray();

        // Topological order (Kahn); a cycle is an input error.
        var indeg = Preds.Select(p => p.Length).ToArray();
        var queue = new Queue<int>(Enumerable.Range(0, N).Where(i => indeg[i] == 0));
        Topo = new int[N];
        var count = 0;
        while (queue.Count > 0)
        {
            var o = queue.Dequeue();
            Topo[count++] = o;
            foreach (var s in Succs[o])
            {
                if (--indeg[s] == 0) queue.Enqueue(s);
            }
        }

        if (count < N)
        {
            var inCycle = Enumerable.Range(0, N).Where(i => indeg[i] > 0).Select(i => Ops[i].Id).Take(5);
            throw new SchedulingInputException("operations.predecessors", $"precedence cycle through {string.Join(", ", inCycle)}");
        }

        TailWork = new long[N];
        FeedsFixed = new bool[N];
        for (var k = N - 1; k >= 0; k--)
        {
            var o = Topo[k];
            long tail = 0;
            foreach (var s in Succs[o])
            {
                tail = Math.Max(tail, TailWork[s]);
                if (Fix[s] is not null || FeedsFixed[s]) FeedsFixed[o] = true;
            }

            TailWork[o] = Dur[o] + tail;
        }

        OrderOps = new int[Orders.Length][];
        var byOrder = Enumerable.Range(0, Orders.Length).Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < N; i++) byOrder[Order[i]].Add(i);
        for (var k = 0; k < Orders.Length; k++) OrderOps[k] = byOrder[k].ToArray();
    }

    public int MachineOf(int globalMachine, out int ws)
    {
        for (var w = MachineOffset.Length - 1; w >= 0; w--)
        {
            if (MachineOffset[w] <= globalMachine)
            {
                ws = w;
                return globalMachine - MachineOffset[w];
            }
        }

        ws = 0;
        return globalMachine;
    }
}
