using System.Globalization;

namespace Collab.Planning.Scheduling.JobShop;

/// <summary>
/// A classic job-shop instance: every job is a chain of operations, each on one machine
/// for a fixed duration; a machine runs one operation at a time; minimise the makespan.
/// </summary>
public sealed class JobShopInstance
{
    public JobShopInstance(IReadOnlyList<IReadOnlyList<(int Machine, int Duration)>> jobs, int machineCount, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        if (jobs.Count == 0) throw new ArgumentException("An instance needs at least one job.", nameof(jobs));
        if (machineCount <= 0) throw new ArgumentOutOfRangeException(nameof(machineCount));
        foreach (var job in jobs)
        {
            if (job.Count == 0) throw new ArgumentException("Every job needs at least one operation.", nameof(jobs));
            foreach (var (m, d) in job)
            {
                if (m < 0 || m >= machineCount) throw new ArgumentOutOfRangeException(nameof(jobs), $"Machine {m} outside 0..{machineCount - 1}.");
                if (d < 0) throw new ArgumentOutOfRangeException(nameof(jobs), "Negative duration.");
            }
        }

        Jobs = jobs;
        MachineCount = machineCount;
        Name = name;
    }

    public IReadOnlyList<IReadOnlyList<(int Machine, int Duration)>> Jobs { get; }
    public int JobCount => Jobs.Count;
    public int MachineCount { get; }
    public string? Name { get; }
    public int OperationCount => Jobs.Sum(j => j.Count);

    /// <summary>Trivial lower bound: the longest job or the most loaded machine.</summary>
    public int LowerBound()
    {
        var load = new long[MachineCount];
        long best = 0;
        foreach (var job in Jobs)
        {
            long len = 0;
            foreach (var (m, d) in job)
            {
                len += d;
                load[m] += d;
            }

            best = Math.Max(best, len);
        }

        return (int)Math.Max(best, load.Max());
    }

    /// <summary>
    /// Parses the OR-Library / JSPLIB text format: lines starting with '#' are comments, blank lines are
    /// ignored; the first line gives "jobs machines"; then one line per job with "machine duration" pairs
    /// in route order (machines numbered from 0). Throws <see cref="JobShopFormatException"/> naming the line.
    /// </summary>
    public static JobShopInstance Parse(string text, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n');
        int jobCount = -1, machineCount = -1;
        var jobs = new List<IReadOnlyList<(int, int)>>();
        var lastLine = 1; // last non-blank line, for errors found at the end of the file
        for (var i = 0; i < lines.Length; i++)
        {
            var lineNo = i + 1;
            var line = lines[i].Trim();
            if (line.Length > 0) lastLine = lineNo;
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var tokens = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (jobCount < 0)
            {
                if (tokens.Length != 2)
                    throw new JobShopFormatException(lineNo, $"expected the header \"jobs machines\" (2 integers), found {tokens.Length} value(s): \"{Shorten(line)}\"");
                jobCount = ParsePositive(tokens[0], lineNo, "number of jobs");
                machineCount = ParsePositive(tokens[1], lineNo, "number of machines");
                continue;
            }

            if (jobs.Count == jobCount)
                throw new JobShopFormatException(lineNo, $"unexpected content after the {jobCount} job lines: \"{Shorten(line)}\"");
            if (tokens.Length != 2 * machineCount)
                throw new JobShopFormatException(lineNo, $"job {jobs.Count} must have {machineCount} (machine, duration) pairs = {2 * machineCount} integers, found {tokens.Length}");
            var ops = new (int, int)[machineCount];
            for (var k = 0; k < machineCount; k++)
            {
                if (!int.TryParse(tokens[2 * k], NumberStyles.Integer, CultureInfo.InvariantCulture, out var m))
                    throw new JobShopFormatException(lineNo, $"operation {k} of job {jobs.Count}: machine \"{tokens[2 * k]}\" is not an integer");
                if (m < 0 || m >= machineCount)
                    throw new JobShopFormatException(lineNo, $"operation {k} of job {jobs.Count}: machine {m} is outside 0..{machineCount - 1}");
                if (!int.TryParse(tokens[2 * k + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var d))
                    throw new JobShopFormatException(lineNo, $"operation {k} of job {jobs.Count}: duration \"{tokens[2 * k + 1]}\" is not an integer");
                if (d < 0)
                    throw new JobShopFormatException(lineNo, $"operation {k} of job {jobs.Count}: negative duration {d}");
                ops[k] = (m, d);
            }

            jobs.Add(ops);
        }

        if (jobCount < 0) throw new JobShopFormatException(lastLine, "the file has no header line \"jobs machines\"");
        if (jobs.Count < jobCount)
            throw new JobShopFormatException(lastLine, $"the header announces {jobCount} jobs but only {jobs.Count} job line(s) follow");
        return new JobShopInstance(jobs, machineCount, name);
    }

    private static int ParsePositive(string token, int lineNo, string what)
    {
        if (!int.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
            throw new JobShopFormatException(lineNo, $"{what} \"{token}\" is not an integer");
        if (v <= 0) throw new JobShopFormatException(lineNo, $"{what} must be positive, found {v}");
        return v;
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
}

/// <summary>A malformed job-shop file; <see cref="Line"/> is 1-based.</summary>
public sealed class JobShopFormatException(int line, string detail) : FormatException($"line {line}: {detail}")
{
    public int Line { get; } = line;
    public string Detail { get; } = detail;
}

/// <summary>A job-shop solution: start time of every operation, per job in route order.</summary>
public sealed record JobShopSchedule(int Makespan, IReadOnlyList<IReadOnlyList<int>> Starts)
{
    /// <summary>Returns the violated constraints (empty when the schedule is valid).</summary>
    public IReadOnlyList<string> Validate(JobShopInstance instance) => JobShopValidator.Validate(instance, this);
}

public static class JobShopValidator
{
    public static IReadOnlyList<string> Validate(JobShopInstance instance, JobShopSchedule schedule)
    {
        var errors = new List<string>();
        if (schedule.Starts.Count != instance.JobCount)
        {
            errors.Add($"{schedule.Starts.Count} jobs in the schedule, {instance.JobCount} in the instance");
            return errors;
        }

        var perMachine = new List<(int Start, int End, int Job, int Op)>[instance.MachineCount];
        for (var m = 0; m < perMachine.Length; m++) perMachine[m] = [];
        var makespan = 0;
        for (var j = 0; j < instance.JobCount; j++)
        {
            var ops = instance.Jobs[j];
            var starts = schedule.Starts[j];
            if (starts.Count != ops.Count)
            {
                errors.Add($"job {j}: {starts.Count} operations scheduled, {ops.Count} expected");
                continue;
            }

            var prevEnd = 0;
            for (var k = 0; k < ops.Count; k++)
            {
                var s = starts[k];
                if (s < 0) errors.Add($"job {j} op {k}: negative start {s}");
                if (s < prevEnd) errors.Add($"job {j} op {k}: starts at {s} before its predecessor ends at {prevEnd}");
                var e = s + ops[k].Duration;
                prevEnd = e;
                makespan = Math.Max(makespan, e);
                perMachine[ops[k].Machine].Add((s, e, j, k));
            }
        }

        for (var m = 0; m < perMachine.Length; m++)
        {
            var list = perMachine[m];
            list.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.End.CompareTo(b.End));
            for (var i = 1; i < list.Count; i++)
            {
                if (list[i].Start < list[i - 1].End)
                    errors.Add($"machine {m}: job {list[i - 1].Job} op {list[i - 1].Op} [{list[i - 1].Start},{list[i - 1].End}) overlaps job {list[i].Job} op {list[i].Op} [{list[i].Start},{list[i].End})");
            }
        }

        if (makespan != schedule.Makespan) errors.Add($"declared makespan {schedule.Makespan}, actual {makespan}");
        return errors;
    }
}
