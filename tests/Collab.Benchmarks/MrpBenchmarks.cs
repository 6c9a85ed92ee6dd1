using Collab.Planning.Mrp;

namespace Collab.Benchmarks;

internal static class MrpBenchmarks
{
    public static void Full(string[] args)
    {
        Console.WriteLine("== Full MRP (regenerative), engine time = validate + compile + plan all items ==");
        var plant = PlantGenerator.Generate(10_000, 8, 52, 42);
        Report("10k items × 8 levels × 52 weeks", plant, runs: 15);
        Console.WriteLine($"peak working set after the 10k runs (process total, plant included): {Measure.Mb(Measure.PeakWorkingSet())}");
        Console.WriteLine();
        Console.WriteLine("-- growth with items (8 levels, 52 weeks) --");
        foreach (var n in new[] { 1_000, 10_000, 30_000 })
        {
            Report($"{n,6} items", PlantGenerator.Generate(n, 8, 52, 42), runs: n >= 30_000 ? 5 : 9);
        }

        Console.WriteLine("-- growth with periods (10k items, 8 levels) --");
        foreach (var h in new[] { 26, 52, 104, 260 })
        {
            Report($"{h,6} periods", PlantGenerator.Generate(10_000, 8, h, 42), runs: 5);
        }

        Console.WriteLine($"peak working set (after the 30k-item and 260-period plants): {Measure.Mb(Measure.PeakWorkingSet())}");
    }

    private static void Report(string label, MrpInput plant, int runs)
    {
        MrpResult? result = null;
        var (median, min, allocated, cpu) = Measure.TimeWithCpu(runs, () => result = MrpEngine.Run(plant));
        var orders = 0;
        for (var i = 0; i < result!.ItemCount; i++)
        {
            foreach (var q in result.PlannedOrderReceipts(i))
            {
                if (q > 0)
                {
                    orders++;
                }
            }
        }

        Console.WriteLine($"{label}: median {median,7:F1} ms  (min {min,6:F1} ms, CPU {cpu,6:F1} ms)  allocated {Measure.Mb(allocated),9}  " +
                          $"[{plant.Items.Count} items, {plant.Bom.Count} BOM lines, {plant.Demands.Count} demands, {result.Levels} levels, {orders} planned receipts]");
    }

    public static void NetChange(string[] args)
    {
        Console.WriteLine("== Net change on the 10k × 8 × 52 plant ==");
        var plant = PlantGenerator.Generate(10_000, 8, 52, 42);
        var session = MrpSession.Start(plant);
        var rng = new PlantGenerator.SplitMix64(7);
        var edits = 41;
        var times = new List<double>();
        var touched = new List<int>();
        for (var k = 0; k < edits; k++)
        {
            var d = rng.Next(plant.Demands.Count);
            var current = session.Input.Demands[d];
            var edited = current with { Qty = current.Qty + 5 * (1 + rng.Next(20)) };
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var n = session.UpdateDemand(d, edited);
            sw.Stop();
            times.Add(sw.Elapsed.TotalMilliseconds);
            touched.Add(n);
        }

        times.Sort();
        touched.Sort();
        Console.WriteLine($"one customer-order quantity edit: median {times[edits / 2]:F3} ms, p90 {times[edits * 9 / 10]:F2} ms, max {times[^1]:F2} ms; " +
                          $"items replanned median {touched[edits / 2]}, max {touched[^1]} of {plant.Items.Count}");

        var stockTimes = new List<double>();
        for (var k = 0; k < 21; k++)
        {
            var i = rng.Next(plant.Items.Count);
            var sw = System.Diagnostics.Stopwatch.StartNew();
            session.SetOnHand(plant.Items[i].Code, 10 * rng.Next(50));
            sw.Stop();
            stockTimes.Add(sw.Elapsed.TotalMilliseconds);
        }

        stockTimes.Sort();
        Console.WriteLine($"one on-hand stock edit: median {stockTimes[10]:F2} ms, max {stockTimes[^1]:F2} ms");
        var (full, fullMin, _, fullCpu) = Measure.TimeWithCpu(5, () => MrpEngine.Run(plant));
        Console.WriteLine($"full run for comparison: median {full:F1} ms (min {fullMin:F1} ms, CPU {fullCpu:F1} ms)");
    }
}
