using System.Diagnostics;

namespace Collab.Benchmarks;

/// <summary>Runs an action several times and reports the median time, allocations and peak working set.</summary>
internal static class Measure
{
    /// <summary>
    /// Median and minimum wall-clock time, median CPU time of this process (less sensitive to other
    /// processes competing for the cores) and the bytes allocated by one run.
    /// </summary>
    public static (double MedianMs, double MinMs, long AllocatedBytes, double CpuMs) TimeWithCpu(int runs, Action action, int warmup = 2)
    {
        var cpu = new double[runs + warmup];
        var k = 0;
        using var process = Process.GetCurrentProcess();
        var (median, min, allocated) = Time(runs, () =>
        {
            process.Refresh();
            var before = process.TotalProcessorTime;
            action();
            process.Refresh();
            cpu[k++] = (process.TotalProcessorTime - before).TotalMilliseconds;
        }, warmup);
        var measured = cpu.AsSpan(warmup).ToArray();
        Array.Sort(measured);
        return (median, min, allocated, measured[runs / 2]);
    }

    public static (double MedianMs, double MinMs, long AllocatedBytes) Time(int runs, Action action, int warmup = 1)
    {
        for (var k = 0; k < warmup; k++)
        {
            action();
        }

        var times = new double[runs];
        long allocated = 0;
        for (var k = 0; k < runs; k++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var before = GC.GetAllocatedBytesForCurrentThread();
            var sw = Stopwatch.StartNew();
            action();
            sw.Stop();
            times[k] = sw.Elapsed.TotalMilliseconds;
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Array.Sort(times);
        return (times[runs / 2], times[0], allocated);
    }

    public static string Mb(long bytes) => $"{bytes / (1024.0 * 1024.0):F1} MB";

    public static long PeakWorkingSet()
    {
        using var p = Process.GetCurrentProcess();
        p.Refresh();
        return p.PeakWorkingSet64;
    }
}

/// <summary>Percentiles of measured samples, the way every benchmark prints them.</summary>
internal static class Percentiles
{
    /// <summary>The <paramref name="q"/> quantile (nearest rank) of <paramref name="samples"/> (any order).</summary>
    public static double P(IReadOnlyCollection<double> samples, double q)
    {
        if (samples.Count == 0)
        {
            return double.NaN;
        }

        var sorted = samples.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    /// <summary>"p50 / p90 / p99 / max" in milliseconds.</summary>
    public static string Line(IReadOnlyCollection<double> ms) =>
        FormattableString.Invariant($"p50 {P(ms, 0.5):0.0} / p90 {P(ms, 0.9):0.0} / p99 {P(ms, 0.99):0.0} / max {ms.DefaultIfEmpty().Max():0.0} ms");
}
