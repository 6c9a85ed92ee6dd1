using System.Text.Json;
using Collab.Cli;
using Collab.Planning.Scheduling.JobShop;

namespace Collab.Planning.Tests.Scheduling;

public class JobShopTests
{
    internal static readonly string DataDir = FindDataDir();

    private static string FindDataDir()
    {
        foreach (var candidate in new[] { Environment.GetEnvironmentVariable("COLLAB_JOBSHOP_DIR"), "/work/shared/data/jobshop" })
        {
            if (candidate is not null && File.Exists(Path.Combine(candidate, "instances.json"))) return candidate;
        }

        // Walk up from the test binaries to a sibling "shared/data/jobshop" folder.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var c = Path.Combine(dir.FullName, "shared", "data", "jobshop");
            if (File.Exists(Path.Combine(c, "instances.json"))) return c;
        }

        throw new DirectoryNotFoundException("job-shop instances not found (set COLLAB_JOBSHOP_DIR)");
    }

    private static JobShopInstance Load(string name) => JobShopInstance.Parse(File.ReadAllText(Path.Combine(DataDir, name)), name);

    private static int Optimum(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(DataDir, "instances.json")));
        return doc.RootElement.EnumerateArray().Single(e => e.GetProperty("name").GetString() == name).GetProperty("optimum").GetInt32();
    }

    [Fact]
    public void Two_threads_with_the_same_seed_and_iteration_cap_give_the_same_schedule()
    {
        var instance = Load("la19");
        var options = new JobShopSolverOptions { Seed = 5, Threads = 2, MaxIterationsPerThread = 3 * JobShopSolver.EpochIterations + 500 };

        var a = JobShopSolver.Solve(instance, options);
        var b = JobShopSolver.Solve(instance, options);

        Assert.Equal(a.Schedule.Makespan, b.Schedule.Makespan);
        Assert.Equal(a.Iterations, b.Iterations);
        Assert.Equal(a.Schedule.Starts.Select(j => j.ToArray()), b.Schedule.Starts.Select(j => j.ToArray()));
        Assert.Empty(a.Schedule.Validate(instance));
    }

    [Fact]
    public void Ft06_is_solved_to_its_optimum_55()
    {
        var instance = Load("ft06");
        Assert.Equal((6, 6), (instance.JobCount, instance.MachineCount));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20)); // safety net only
        var result = JobShopSolver.Solve(instance, new JobShopSolverOptions { TargetMakespan = 55 }, null, cts.Token);
        Assert.Empty(result.Schedule.Validate(instance));
        Assert.Equal(55, result.Schedule.Makespan);
        Assert.False(result.Cancelled);
    }

    [Theory]
    [InlineData("la01")]
    [InlineData("ft10")]
    [InlineData("abz6")]
    [InlineData("orb02")]
    [InlineData("la11")]
    public void Short_runs_give_valid_near_optimal_schedules(string name)
    {
        var instance = Load(name);
        var optimum = Optimum(name);
        var result = JobShopSolver.Solve(instance, new JobShopSolverOptions { Threads = 1, Seed = 3, MaxIterationsPerThread = 20_000, TargetMakespan = optimum });
        Assert.Empty(result.Schedule.Validate(instance));
        Assert.InRange(result.Schedule.Makespan, optimum, (int)(optimum * 1.05));
        Assert.True(result.InitialMakespan >= result.Schedule.Makespan);
    }

    [Fact]
    public void Cancellation_returns_the_best_schedule_so_far()
    {
        var instance = Load("abz5");
        using var cts = new CancellationTokenSource();
        var best = int.MaxValue;
        var reports = 0;
        var result = JobShopSolver.Solve(instance, new JobShopSolverOptions { Threads = 2 }, new SyncProgress<JobShopProgress>(p =>
        {
            lock (cts)
            {
                best = Math.Min(best, p.BestMakespan);
                if (++reports == 5) cts.Cancel();
            }
        }), cts.Token);
        Assert.True(result.Cancelled);
        Assert.Empty(result.Schedule.Validate(instance));
        Assert.Equal(best, result.Schedule.Makespan);
    }

    [Fact]
    public void Validator_detects_overlap_precedence_and_makespan_errors()
    {
        var instance = JobShopInstance.Parse("2 2\n0 3 1 2\n0 2 1 4\n");
        var good = new JobShopSchedule(9, [[0, 5], [3, 5]]);
        Assert.Equal(["machine 1: job 0 op 1 [5,7) overlaps job 1 op 1 [5,9)"], good.Validate(instance));
        var valid = new JobShopSchedule(11, [[0, 3], [3, 7]]);
        Assert.Empty(valid.Validate(instance));
        var early = new JobShopSchedule(11, [[0, 2], [3, 7]]);
        Assert.Contains(early.Validate(instance), e => e.Contains("before its predecessor"));
        Assert.Contains(new JobShopSchedule(12, [[0, 3], [3, 7]]).Validate(instance), e => e.Contains("declared makespan"));
    }

    [Theory]
    [InlineData("# only a comment\n", 1, "no header")]
    [InlineData("# c\n2 x\n", 2, "number of machines")]
    [InlineData("2 2 7\n0 1 1 1\n0 1 1 1\n", 1, "header")]
    [InlineData("2 2\n0 1 1 1\n# comment\n0 1 1\n", 4, "4 integers, found 3")]
    [InlineData("2 2\n0 1 1 1\n0 1 2 1\n", 3, "machine 2 is outside 0..1")]
    [InlineData("2 2\n0 1 1 1\n0 -1 1 1\n", 3, "negative duration")]
    [InlineData("2 2\n0 1 1 1\n", 2, "only 1 job line")]
    [InlineData("2 2\n0 1 1 1\n1 1 0 1\n0 1 1 1\n", 4, "unexpected content")]
    [InlineData("2 2\n0 1 1 1\n1 a 0 1\n", 3, "duration \"a\"")]
    public void Malformed_instances_are_reported_with_their_line(string text, int line, string fragment)
    {
        var ex = Assert.Throws<JobShopFormatException>(() => JobShopInstance.Parse(text));
        Assert.Equal(line, ex.Line);
        Assert.Contains(fragment, ex.Message);
        Assert.StartsWith($"line {line}:", ex.Message);
    }

    [Fact]
    public void Cli_writes_the_schedule_json_and_reports_malformed_files()
    {
        var dir = Directory.CreateTempSubdirectory("collab-jobshop-");
        try
        {
            var output = Path.Combine(dir.FullName, "sched.json");
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var rc = CliApp.Run(["schedule", "--jobshop", Path.Combine(DataDir, "ft06"), "--time-limit", "1", "--output", output], stdout, stderr);
            Assert.True(rc == 0, stderr.ToString());
            using var doc = JsonDocument.Parse(File.ReadAllText(output));
            var jobs = doc.RootElement.GetProperty("jobs");
            var instance = Load("ft06");
            var starts = jobs.EnumerateArray().Select(j => (IReadOnlyList<int>)j.EnumerateArray().Select(o => o.GetProperty("start").GetInt32()).ToList()).ToList();
            var makespan = doc.RootElement.GetProperty("makespan").GetInt32();
            Assert.Empty(new JobShopSchedule(makespan, starts).Validate(instance));
            Assert.Equal(55, makespan);
            var firstJob = jobs[0].EnumerateArray().ToList();
            Assert.Equal(instance.Jobs[0].Select(o => o.Machine), firstJob.Select(o => o.GetProperty("machine").GetInt32()));
            Assert.All(firstJob.Zip(instance.Jobs[0]), t => Assert.Equal(t.First.GetProperty("start").GetInt32() + t.Second.Duration, t.First.GetProperty("end").GetInt32()));

            var bad = Path.Combine(dir.FullName, "bad.txt");
            File.WriteAllText(bad, "# test\n2 2\n0 1 1 1\n0 1 5 1\n");
            stderr = new StringWriter();
            rc = CliApp.Run(["schedule", "--jobshop", bad, "--time-limit", "1", "--output", output], stdout, stderr);
            Assert.Equal(2, rc);
            Assert.Contains("ligne 4", stderr.ToString());
            Assert.Equal(2, CliApp.Run(["schedule", "--jobshop", Path.Combine(DataDir, "ft06"), "--time-limit", "zero"], stdout, new StringWriter()));

            // Without --output the JSON goes to standard output.
            var json = new StringWriter();
            Assert.Equal(0, CliApp.Run(["schedule", "--jobshop", Path.Combine(DataDir, "la05"), "--time-limit", "1"], json, new StringWriter()));
            using var fromStdout = JsonDocument.Parse(json.ToString());
            Assert.Equal(593, fromStdout.RootElement.GetProperty("makespan").GetInt32()); // la05: lower bound = optimum, immediate
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}

public class JobShopThroughGeneralEngineTests
{
    [Fact]
    public void A_job_shop_instance_planned_by_the_general_engine_is_valid_and_not_better_than_the_optimum()
    {
        var instance = JobShopInstance.Parse(File.ReadAllText(Path.Combine(JobShopTests.DataDir, "ft06")), "ft06");
        var ws = Enumerable.Range(0, instance.MachineCount).Select(m => new Collab.Planning.Scheduling.Workstation($"M{m}")).ToList();
        var orders = Enumerable.Range(0, instance.JobCount).Select(j => new Collab.Planning.Scheduling.ScheduledOrder($"J{j}", Due: 10_000)).ToList();
        var ops = new List<Collab.Planning.Scheduling.ScheduledOperation>();
        for (var j = 0; j < instance.JobCount; j++)
        {
            for (var k = 0; k < instance.Jobs[j].Count; k++)
            {
                ops.Add(new Collab.Planning.Scheduling.ScheduledOperation($"J{j}-{k}", $"J{j}", $"M{instance.Jobs[j][k].Machine}", instance.Jobs[j][k].Duration)
                {
                    Predecessors = k == 0 ? [] : [new Collab.Planning.Scheduling.Precedence($"J{j}-{k - 1}")],
                });
            }
        }

        var problem = new Collab.Planning.Scheduling.SchedulingProblem(0, ws, orders, ops);
        var edd = Collab.Planning.Scheduling.Scheduler.Plan(problem);
        ScheduleAssert.Valid(problem, edd);
        var result = Collab.Planning.Scheduling.Scheduler.Optimise(problem, new Collab.Planning.Scheduling.OptimiseOptions(1, MaxIterations: 300));
        ScheduleAssert.Valid(problem, result);
        Assert.Empty(result.LateOrders);
        Assert.InRange(result.Objective.Makespan, 55, edd.Objective.Makespan); // never below the proven optimum, never worse than EDD
    }
}
