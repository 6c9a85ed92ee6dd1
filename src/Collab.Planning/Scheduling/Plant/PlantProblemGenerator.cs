namespace Collab.Planning.Scheduling.Plant;

/// <summary>Options of <see cref="PlantProblemGenerator"/>.</summary>
/// <param name="Operations">Target number of operations (the last MO tree may add a few).</param>
/// <param name="Workstations">Number of workstations.</param>
/// <param name="Levels">Depth of the MO networks (1 = independent MOs; 3 = product, sub-assembly, part).</param>
/// <param name="Seed">Random seed: the same options give the same problem.</param>
/// <param name="Interruptible">Operations interruptible over calendar breaks (false: each operation with its setup fits in one shift).</param>
public sealed record PlantGeneratorOptions(int Operations = 2000, int Workstations = 50, int Levels = 3, int Seed = 1, bool Interruptible = false);

/// <summary>
/// Realistic plant scheduling problems (pure, deterministic for a seed): workstations with 1–3 parallel machines on
/// one-, two- or three-shift week calendars with maintenance closures, family setups, MO networks of
/// <see cref="PlantGeneratorOptions.Levels"/> levels (a sub-assembly MO's last operation precedes its parent's first
/// operation after a 60-minute transfer), purchased-material releases on the deepest level, due dates spread over the
/// load horizon so a fair share of orders is tight, weights 1–3. Times in minutes from a Monday 00:00; now = Monday 06:00.
/// </summary>
public static class PlantProblemGenerator
{
    public const long TransferMinutes = 60;

    public static SchedulingProblem Generate(PlantGeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Operations < 1 || options.Operations > 200_000) throw new SchedulingInputException("ops", "entre 1 et 200000");
        if (options.Workstations < 1 || options.Workstations > 5_000) throw new SchedulingInputException("workstations", "entre 1 et 5000");
        if (options.Levels < 1 || options.Levels > 10) throw new SchedulingInputException("levels", "entre 1 et 10");
        var rng = new Random(options.Seed);
        const long now = 6 * 60;

        // Workstations: machines, shifts per day (1: 06–14, 2: 06–22, 3: round the clock Mon–Fri), families and setups.
        var wsIds = Enumerable.Range(1, options.Workstations).Select(i => $"W{i:000}").ToArray();
        var machines = new int[wsIds.Length];
        var shifts = new int[wsIds.Length];
        var changeover = new long[wsIds.Length];
        for (var w = 0; w < wsIds.Length; w++)
        {
            var r = rng.NextDouble();
            machines[w] = r < 0.7 ? 1 : r < 0.95 ? 2 : 3;
            var s = rng.NextDouble();
            shifts[w] = s < 0.25 ? 1 : s < 0.85 ? 2 : 3;
            changeover[w] = rng.NextDouble() < 0.5 ? 15 * rng.Next(1, 4) : 0;
        }

        // MO networks until the operation target is reached.
        var orders = new List<ScheduledOrder>();
        var operations = new List<ScheduledOperation>();
        var pending = new List<(string Id, int Level, string? Parent, long Work)>();
        var moCount = 0;
        var routing = new Dictionary<string, List<ScheduledOperation>>();
        var parentOf = new Dictionary<string, string>();
        var levelOf = new Dictionary<string, int>();
        while (operations.Count < options.Operations)
        {
            var stack = new Stack<(int Level, string? Parent)>();
            stack.Push((0, null));
            while (stack.Count > 0 && operations.Count < options.Operations)
            {
                var (level, parent) = stack.Pop();
                var id = $"MO-{++moCount:00000}";
                var count = Math.Min(options.Operations - operations.Count, rng.Next(2, 7));
                var ops = new List<ScheduledOperation>();
                for (var k = 0; k < count; k++)
                {
                    var w = rng.Next(wsIds.Length);
                    var longest = shifts[w] == 1 ? 360 : 420;
                    var duration = Math.Min(longest, (long)Math.Round(Math.Exp(rng.NextDouble() * Math.Log(longest / 20.0)) * 20));
                    ops.Add(new ScheduledOperation($"{id}/{(k + 1) * 10}", id, wsIds[w], duration)
                    {
                        Predecessors = k == 0 ? [] : [new Precedence(ops[k - 1].Id)],
                        SetupFamily = changeover[w] > 0 ? $"F{rng.Next(1, 5)}" : null,
                        Interruptible = options.Interruptible,
                    });
                }

                routing[id] = ops;
                levelOf[id] = level;
                if (parent is not null) parentOf[id] = parent;
                operations.AddRange(ops);
                if (level + 1 < options.Levels)
                {
                    var children = rng.NextDouble() < 0.75 ? rng.Next(1, 3) : 0;
                    for (var c = 0; c < children; c++) stack.Push((level + 1, id));
                }
            }
        }

        // Links: the sub-assembly's last operation precedes the parent's first one (after the transfer).
        foreach (var (child, parent) in parentOf)
        {
            var first = routing[parent][0];
            var index = operations.IndexOf(first);
            operations[index] = first with { Predecessors = [.. first.Predecessors, new Precedence(routing[child][^1].Id, 1.0, TransferMinutes)] };
            routing[parent][0] = operations[index];
        }

        // Load horizon: total work over the plant's working minutes per calendar day.
        double capacityPerDay = 0;
        for (var w = 0; w < wsIds.Length; w++) capacityPerDay += machines[w] * (shifts[w] == 1 ? 480 : shifts[w] == 2 ? 960 : 1440) * 5 / 7.0;
        var totalWork = operations.Sum(o => o.Duration + changeover[Array.IndexOf(wsIds, o.WorkstationId)] / 2);
        // Workstations are not evenly loaded: the horizon is set by the busiest one, roughly 1.6 × the average.
        var horizonDays = Math.Max(3.0, 1.6 * totalWork / capacityPerDay);

        // Due dates top-down: top MOs spread over the horizon; a sub-assembly is due before its parent's routing needs it.
        var due = new Dictionary<string, long>();
        foreach (var id in routing.Keys.OrderBy(levelOf.GetValueOrDefault))
        {
            var work = routing[id].Sum(o => o.Duration);
            if (!parentOf.TryGetValue(id, out var parent))
            {
                due[id] = now + (long)((0.35 + 0.9 * rng.NextDouble()) * horizonDays * 1440) + 2 * work;
            }
            else
            {
                var parentWork = routing[parent].Sum(o => o.Duration);
                due[id] = Math.Max(now + work, due[parent] - 3 * parentWork - 1440);
            }
        }

        foreach (var id in routing.Keys)
        {
            var leaf = !routing.Keys.Any(c => parentOf.GetValueOrDefault(c) == id);
            long? release = leaf && rng.NextDouble() < 0.3 ? now + rng.Next(0, 5 * 1440) : null;
            var weight = parentOf.ContainsKey(id) ? 1 : rng.NextDouble() < 0.4 ? 2 : rng.NextDouble() < 0.1 ? 3 : 1;
            orders.Add(new ScheduledOrder(id, due[id], weight, parentOf.ContainsKey(id) ? 0 : weight, release));
        }

        // Calendars, long enough for a bad plan: 4 × the horizon + 8 weeks, with 0–2 maintenance days per workstation.
        var days = (int)Math.Ceiling(4 * horizonDays) + 56;
        var workstations = new List<Workstation>();
        for (var w = 0; w < wsIds.Length; w++)
        {
            var intervals = new List<TimeInterval>();
            var closed = new HashSet<int>();
            var closures = rng.Next(0, 3);
            for (var c = 0; c < closures; c++) closed.Add(rng.Next(1, Math.Max(2, (int)horizonDays + 10)));
            for (var d = 0; d < days; d++)
            {
                if (d % 7 >= 5 || closed.Contains(d)) continue;
                var day = d * 1440L;
                switch (shifts[w])
                {
                    case 1: intervals.Add(new TimeInterval(day + 360, day + 840)); break;
                    case 2: intervals.Add(new TimeInterval(day + 360, day + 1320)); break;
                    default: intervals.Add(new TimeInterval(day, day + 1440)); break;
                }
            }

            workstations.Add(new Workstation(wsIds[w], machines[w], new WorkCalendar(intervals),
                changeover[w] > 0 ? new SetupMatrix(changeover[w]) : null));
        }

        return new SchedulingProblem(now, workstations, orders, operations);
    }
}
