using Collab.Cli;
using Collab.Planning.Exchange;
using Collab.Planning.Mrp;

namespace Collab.Planning.Tests.Mrp;

public class ValidationTests
{
    [Fact]
    public void Every_problem_is_listed_with_its_json_path()
    {
        var input = new MrpInput
        {
            Periods = 0,
            Items =
            [
                new MrpItem { Code = "A", OnHand = -1 },
                new MrpItem { Code = "A" },
                new MrpItem { Code = "F", LotSizing = new LotSizing { Rule = LotSizingRule.Foq } },
                new MrpItem { Code = "E", LotSizing = new LotSizing { Rule = LotSizingRule.Eoq, AnnualDemand = 10, HoldingCost = 0 } },
                new MrpItem { Code = "P", LotSizing = new LotSizing { Rule = LotSizingRule.Poq, Periods = 0 }, LeadTime = -2 },
            ],
            Bom = [new MrpBomLine("A", "Z", 1), new MrpBomLine("F", "E", -3)],
            ScheduledReceipts = [new MrpScheduledReceipt("Q", 1, 5)],
            Demands = [new MrpDemand("A", 1, -4), new MrpDemand("A", 1, 4) { Firm = false, Probability = 1.5 }],
        };
        var problems = MrpValidator.Validate(input).Select(p => p.Path).ToList();
        Assert.Equal(
        [
            "$.periods", "$.items[0].onHand", "$.items[1].code", "$.items[2].lotSizing.quantity",
            "$.items[3].lotSizing.orderCost", "$.items[3].lotSizing.holdingCost", "$.items[4].leadTime", "$.items[4].lotSizing.periods",
            "$.bom[0].component", "$.bom[1].qtyPer", "$.scheduledReceipts[0].item", "$.demands[0].qty", "$.demands[1].probability",
        ], problems);
        Assert.Throws<InvalidMrpInputException>(() => MrpEngine.Run(input));
    }

    [Fact]
    public void A_bom_cycle_is_reported_with_the_names_of_its_items()
    {
        var input = new MrpInput
        {
            Periods = 1,
            Items = [.. "ABCDEF".Select(c => new MrpItem { Code = c.ToString() })],
            Bom =
            [
                new MrpBomLine("F", "A", 1), new MrpBomLine("A", "B", 1), new MrpBomLine("B", "C", 1),
                new MrpBomLine("C", "A", 1), new MrpBomLine("C", "E", 1), new MrpBomLine("D", "D", 1),
            ],
        };
        var problems = MrpValidator.Validate(input);
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Message == "BOM cycle: A → B → C → A" && p.Path == "$.bom[1]");
        Assert.Contains(problems, p => p.Message == "BOM cycle: D → D" && p.Path == "$.bom[5]");
    }

    [Fact]
    public void Json_reader_reports_type_errors_and_missing_fields_with_paths()
    {
        const string json = """
            {"periods": "six",
             "items": [{"code": "A", "lotSizing": {"rule": "POQ"}}, {"leadTime": 1.5}, {"code": "B", "lotSizing": {"rule": "XYZ"}}],
             "bom": [{"parent": "A", "component": "B"}],
             "demands": [{"item": "A", "period": 1, "qty": "ten"}, {"item": "Nope", "period": 1, "qty": 1}]}
            """;
        var input = MrpJson.Read(System.Text.Encoding.UTF8.GetBytes(json), out var problems);
        Assert.NotNull(input);
        var paths = problems.Select(p => p.Path).ToHashSet();
        Assert.Superset(
            new HashSet<string>
            {
                "$.periods", "$.items[0].lotSizing.periods", "$.items[1].code", "$.items[1].leadTime", "$.items[2].lotSizing.rule",
                "$.bom[0].qtyPer", "$.demands[0].qty", "$.demands[1].item",
            },
            paths);
        Assert.Contains(problems, p => p.Path == "$.items[0].lotSizing.periods" && p.Message.Contains("missing"));
    }

    [Fact]
    public void Cli_exits_2_lists_problems_on_stderr_and_writes_no_output()
    {
        var dir = Directory.CreateTempSubdirectory("collab-mrp-bad-");
        try
        {
            var input = Path.Combine(dir.FullName, "plan.json");
            var output = Path.Combine(dir.FullName, "result.json");
            File.WriteAllText(input, """
                {"periods": 3, "items": [{"code": "A"}, {"code": "B"}, {"code": "A"}],
                 "bom": [{"parent": "A", "component": "B", "qtyPer": 1}, {"parent": "B", "component": "A", "qtyPer": 1}],
                 "demands": [{"item": "A", "period": 1, "qty": -5}, {"item": "X", "period": 1, "qty": 5}]}
                """);
            var stdout = new StringWriter();
            var stderr = new StringWriter();

            var code = CliApp.Run(["mrp", "--input", input, "--output", output], stdout, stderr);

            Assert.Equal(2, code);
            Assert.False(File.Exists(output));
            var err = stderr.ToString();
            Assert.Contains("$.items[2].code: duplicate item code 'A'", err);
            Assert.Contains("$.demands[0].qty: negative quantity -5", err);
            Assert.Contains("$.demands[1].item: unknown item 'X'", err);
            Assert.Contains("BOM cycle: A → B → A", err);
            Assert.Empty(dir.GetFiles("result*"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Cli_rejects_unreadable_json_and_missing_options()
    {
        var dir = Directory.CreateTempSubdirectory("collab-mrp-bad-");
        try
        {
            var input = Path.Combine(dir.FullName, "plan.json");
            File.WriteAllText(input, "{\"periods\": 3, ");
            var stderr = new StringWriter();
            Assert.Equal(2, CliApp.Run(["mrp", "--input", input], new StringWriter(), stderr));
            Assert.Contains("invalid JSON", stderr.ToString());
            Assert.Equal(2, CliApp.Run(["mrp"], new StringWriter(), new StringWriter()));
            Assert.Equal(2, CliApp.Run(["mrp", "--input", Path.Combine(dir.FullName, "missing.json")], new StringWriter(), new StringWriter()));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Generate_is_reproducible_and_its_plants_plan_through_the_cli()
    {
        var dir = Directory.CreateTempSubdirectory("collab-gen-");
        try
        {
            var a = Path.Combine(dir.FullName, "a.json");
            var b = Path.Combine(dir.FullName, "b.json");
            var result = Path.Combine(dir.FullName, "r.json");
            Assert.Equal(0, CliApp.Run(["generate", "--items", "300", "--levels", "5", "--periods", "12", "--seed", "9", "--output", a], new StringWriter(), new StringWriter()));
            Assert.Equal(0, CliApp.Run(["generate", "--items", "300", "--levels", "5", "--periods", "12", "--seed", "9", "--output", b], new StringWriter(), new StringWriter()));
            Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
            var stdout = new StringWriter();
            Assert.Equal(0, CliApp.Run(["generate", "--items", "300", "--levels", "5", "--periods", "12", "--seed", "10"], stdout, new StringWriter()));
            Assert.NotEqual(File.ReadAllText(a).Trim(), stdout.ToString().Trim());

            var stderr = new StringWriter();
            Assert.Equal(0, CliApp.Run(["mrp", "--input", a, "--output", result], new StringWriter(), stderr));
            var plant = MrpJson.Read(File.ReadAllBytes(a), out var problems)!;
            Assert.Empty(problems);
            Assert.Equal(300, plant.Items.Count);
            var planned = MrpEngine.Run(plant);
            Assert.Equal(5, planned.Levels);
            Assert.Equal(File.ReadAllBytes(result), MrpJson.Write(planned));
            Assert.Equal(2, CliApp.Run(["generate", "--items", "zero"], new StringWriter(), new StringWriter()));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
