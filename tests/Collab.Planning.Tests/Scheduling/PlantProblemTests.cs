using System.Text.Json.Nodes;
using Collab.Cli;
using Collab.Planning.Scheduling;
using Collab.Planning.Scheduling.Plant;

namespace Collab.Planning.Tests.Scheduling;

/// <summary>The plant problem format, its generator, the command line and the independent checker.</summary>
public class PlantProblemTests
{
    [Fact]
    public void The_generator_is_deterministic_for_a_seed_and_builds_linked_MO_networks_on_three_levels()
    {
        var a = PlantProblemJson.Write(PlantProblemGenerator.Generate(new PlantGeneratorOptions(300, 12, 3, 7)));
        var b = PlantProblemJson.Write(PlantProblemGenerator.Generate(new PlantGeneratorOptions(300, 12, 3, 7)));
        var c = PlantProblemJson.Write(PlantProblemGenerator.Generate(new PlantGeneratorOptions(300, 12, 3, 8)));

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        var p = PlantProblemJson.Read(a);
        Assert.Equal(300, p.Operations.Count);
        Assert.Equal(12, p.Workstations.Count);
        var links = p.Operations.SelectMany(o => o.Predecessors.Select(pr => (o, pr))).Where(x => x.pr.MinDelay == PlantProblemGenerator.TransferMinutes).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, x => Assert.NotEqual(x.o.OrderId, p.Operations.Single(y => y.Id == x.pr.PredecessorId).OrderId));
        // three levels: some sub-assembly feeds an MO that itself feeds another one
        var feeds = links.Select(x => (Child: p.Operations.Single(y => y.Id == x.pr.PredecessorId).OrderId, Parent: x.o.OrderId)).ToList();
        Assert.Contains(feeds, f => feeds.Any(g => g.Child == f.Parent));
        Assert.Contains(p.Workstations, w => w.MachineCount > 1);
        Assert.Contains(p.Workstations, w => w.Setups is not null);
        Assert.Contains(p.Orders, o => o.Release is not null);
    }

    [Fact]
    public void The_format_round_trips_and_bad_input_names_its_JSON_path()
    {
        var problem = PlantProblemGenerator.Generate(new PlantGeneratorOptions(120, 6, 2, 3, Interruptible: true));
        var json = PlantProblemJson.Write(problem);

        Assert.Equal(json, PlantProblemJson.Write(PlantProblemJson.Read(json)));
        var noWorkstations = JsonNode.Parse(json)!.AsObject();
        noWorkstations.Remove("workstations");
        Assert.Equal("$.workstations", Assert.Throws<SchedulingInputException>(() => PlantProblemJson.Read(noWorkstations.ToJsonString())).Field);
        var badDuration = JsonNode.Parse(json)!;
        badDuration["operations"]![3]!["duration"] = "long";
        Assert.Equal("$.operations[3].duration", Assert.Throws<SchedulingInputException>(() => PlantProblemJson.Read(badDuration.ToJsonString())).Field);
        var unknown = JsonNode.Parse(json)!;
        unknown["operations"]![0]!["workstation"] = "NOPE";
        Assert.Equal("operations[0].workstationId", Assert.Throws<SchedulingInputException>(() => PlantProblemJson.Read(unknown.ToJsonString())).Field);
        Assert.Equal("$", Assert.Throws<SchedulingInputException>(() => PlantProblemJson.Read("{ not json")).Field);
    }

    [Fact]
    public void Collab_schedule_plant_writes_a_schedule_the_independent_checker_accepts_and_the_checker_catches_a_broken_one()
    {
        var dir = Directory.CreateTempSubdirectory("collab-plant-");
        try
        {
            var problemPath = Path.Combine(dir.FullName, "problem.json");
            var schedulePath = Path.Combine(dir.FullName, "schedule.json");
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            Assert.Equal(0, CliApp.Run(["generate-schedule-problem", "--ops", "400", "--workstations", "12", "--levels", "3", "--seed", "5", "--output", problemPath], stdout, stderr));
            Assert.Equal(0, CliApp.Run(["schedule", "--plant", problemPath, "--time-limit", "1", "--output", schedulePath], stdout, stderr));

            var problemJson = File.ReadAllText(problemPath);
            var scheduleJson = File.ReadAllText(schedulePath);
            Assert.Empty(PlantScheduleChecker.Check(problemJson, scheduleJson));

            // The checker can fail: a sub-assembly's parent started before the sub-assembly ends.
            var problem = PlantProblemJson.Read(problemJson);
            var link = problem.Operations.First(o => o.Predecessors.Any(p => p.MinDelay > 0));
            var broken = JsonNode.Parse(scheduleJson)!;
            foreach (var op in broken["operations"]!.AsArray())
            {
                if ((string)op!["id"]! != link.Id) continue;
                op["setupStart"] = 0;
            }

            Assert.Contains(PlantScheduleChecker.Check(problemJson, broken.ToJsonString()), e => e.Contains(link.Id, StringComparison.Ordinal));

            // Interruptible operations over calendar breaks, checked the same way (engine output via the documented format).
            var interruptible = PlantProblemGenerator.Generate(new PlantGeneratorOptions(150, 5, 3, 9, Interruptible: true));
            var plan = Scheduler.Plan(interruptible);
            Assert.Empty(PlantScheduleChecker.Check(PlantProblemJson.Write(interruptible), PlantProblemJson.WriteSchedule(plan, "collab", 0)));

            Assert.Equal(2, CliApp.Run(["schedule", "--plant", Path.Combine(dir.FullName, "missing.json")], stdout, new StringWriter()));
            File.WriteAllText(Path.Combine(dir.FullName, "bad.json"), "{\"workstations\": []}");
            var err = new StringWriter();
            Assert.Equal(2, CliApp.Run(["schedule", "--plant", Path.Combine(dir.FullName, "bad.json")], stdout, err));
            Assert.Contains("$.orders", err.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void On_a_large_plant_the_optimiser_carries_several_moves_per_candidate_and_stays_valid_and_deterministic()
    {
        // 5,000 operations: the size from which a candidate carries several moves (one decode is costly there).
        var problem = PlantProblemGenerator.Generate(new PlantGeneratorOptions(5000, 50, 3, 4));
        var rules = Enum.GetValues<DispatchRule>().Select(rule => Scheduler.Plan(problem, new ScheduleOptions(ScheduleMode.Forward, rule)).Objective).Min();

        var a = Scheduler.Optimise(problem, new OptimiseOptions(7, MaxIterations: 12));
        var b = Scheduler.Optimise(problem, new OptimiseOptions(7, MaxIterations: 12));

        ScheduleAssert.Valid(problem, a);
        Assert.True(a.Objective <= rules, $"{a.Objective} vs {rules}");
        Assert.Equal(a.Objective, b.Objective);
        Assert.Equal(a.Assignments, b.Assignments);
    }
}
