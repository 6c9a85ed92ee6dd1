using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Collab.Planning.Scheduling.JobShop;

namespace Collab.Benchmarks;

/// <summary>
/// Job-shop benchmark: solves every instance listed in instances.json with the tabu search and prints
/// instance, size, best-known, ours, gap %, time to best, total time, validity; then the mean/worst gap.
/// Usage: jobshop [--dir DIR] [--time-limit SECONDS] [--seed S] [--threads T] [--only a,b,c] [--stop-at-optimum]
/// </summary>
public static class JobShopBenchmark
{
    public static int Run(string[] args)
    {
        var dir = "/work/shared/data/jobshop";
        var seconds = 10.0;
        var seed = 1;
        var threads = 2;
        var stopAtOptimum = false;
        HashSet<string>? only = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--dir": dir = args[++i]; break;
                case "--time-limit": seconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--seed": seed = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--only": only = [.. args[++i].Split(',')]; break;
                case "--stop-at-optimum": stopAtOptimum = true; break;
                default:
                    Console.Error.WriteLine($"jobshop: unknown option {args[i]}");
                    return 2;
            }
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "instances.json")));
        var rows = new List<(string Name, double Gap)>();
        Console.WriteLine($"Job-shop benchmark: time limit {seconds.ToString(CultureInfo.InvariantCulture)} s, {threads} thread(s), seed {seed}, stop at optimum: {stopAtOptimum}");
        Console.WriteLine($"{"instance",-9}{"size",8}{"best",8}{"ours",8}{"gap %",8}{"t_best s",10}{"time s",8}{"iters",12}  valid");
        var total = Stopwatch.StartNew();
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            var name = e.GetProperty("name").GetString()!;
            if (only is not null && !only.Contains(name)) continue;
            var optimum = e.GetProperty("optimum").GetInt32();
            var instance = JobShopInstance.Parse(File.ReadAllText(Path.Combine(dir, e.GetProperty("path").GetString()!)), name);
            var clock = Stopwatch.StartNew();
            var timeToBest = TimeSpan.Zero;
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
            var result = JobShopSolver.Solve(instance, new JobShopSolverOptions
            {
                Seed = seed,
                Threads = threads,
                TargetMakespan = stopAtOptimum ? optimum : null,
            }, new SyncProgress<JobShopProgress>(_ => timeToBest = clock.Elapsed), cts.Token);
            var elapsed = clock.Elapsed;
            var errors = result.Schedule.Validate(instance);
            var gap = 100.0 * (result.Schedule.Makespan - optimum) / optimum;
            rows.Add((name, gap));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-9}{instance.JobCount + "x" + instance.MachineCount,8}{optimum,8}{result.Schedule.Makespan,8}{gap,8:F2}{timeToBest.TotalSeconds,10:F2}{elapsed.TotalSeconds,8:F2}{result.Iterations,12}  {(errors.Count == 0 ? "yes" : "NO: " + errors[0])}"));
        }

        if (rows.Count == 0)
        {
            Console.WriteLine("no instance");
            return 1;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"instances {rows.Count}, mean gap {rows.Average(r => r.Gap):F2} %, worst gap {rows.Max(r => r.Gap):F2} % ({rows.MaxBy(r => r.Gap).Name}), optimal {rows.Count(r => r.Gap <= 0)}, total {total.Elapsed.TotalSeconds:F0} s"));
        return 0;
    }
}

/// <summary>An <see cref="IProgress{T}"/> that runs the handler on the reporting thread (no synchronisation context).</summary>
public sealed class SyncProgress<T>(Action<T> handler) : IProgress<T>
{
    private readonly object gate = new();

    public void Report(T value)
    {
        lock (gate) handler(value);
    }
}
