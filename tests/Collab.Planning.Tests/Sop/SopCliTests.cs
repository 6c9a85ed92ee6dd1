using System.Text.Json;
using Collab.Cli;

namespace Collab.Planning.Tests.Sop;

public class PlanningCliTests
{
    private static (int Code, string Stdout, string Stderr) Run(string json, string command, bool output = true)
    {
        var dir = Directory.CreateTempSubdirectory("collab-cli-");
        try
        {
            var input = Path.Combine(dir.FullName, "in.json");
            var result = Path.Combine(dir.FullName, "out.json");
            File.WriteAllText(input, json);
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var code = CliApp.Run(output ? [command, "--input", input, "--output", result] : [command, "--input", input], stdout, stderr);
            if (code != 0)
            {
                Assert.False(File.Exists(result));
            }

            return (code, File.Exists(result) ? File.ReadAllText(result) : stdout.ToString(), stderr.ToString());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Sop_command_compares_the_three_strategies()
    {
        var (code, json, err) = Run("""
            {"months": 4,
             "families": [{"code": "F", "openingInventory": 50, "firm": [200, 200, 100, 100], "hoursPerUnit": {"ASM": 0.5}}],
             "workstations": [{"code": "ASM", "capacityHoursPerMonth": 90}]}
            """, "sop");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(json);
        var comparison = doc.RootElement.GetProperty("comparison").EnumerateArray().ToList();
        Assert.Equal(["CHASE", "LEVEL", "LEVEL_WITH_TARGET"], comparison.Select(c => c.GetProperty("strategy").GetString()));
        Assert.Equal([550.0, 550, 700], comparison.Select(c => c.GetProperty("totalProduction").GetDouble()));
        Assert.Equal(125, comparison[1].GetProperty("backlog").GetDouble());
        var chase = doc.RootElement.GetProperty("workstations")[0].GetProperty("loads")[0];
        Assert.Equal([75.0, 100, 50, 50], chase.GetProperty("load").EnumerateArray().Select(v => v.GetDouble()));
    }

    [Fact]
    public void Sop_command_rejects_invalid_input_with_paths()
    {
        var (code, _, err) = Run("""{"months": 2, "families": [{"code": "F", "firm": [1, -2]}, {"code": "F"}]}""", "sop");
        Assert.Equal(2, code);
        Assert.Contains("$.families[0].firm[1]", err);
        Assert.Contains("$.families[1].code", err);
        var (typeCode, _, typeErr) = Run("""{"months": 2, "families": [{"code": "F", "firm": ["x"]}]}""", "sop");
        Assert.Equal(2, typeCode);
        Assert.Contains("$.families[0].firm[0]", typeErr);
    }

    [Fact]
    public void Capacity_command_reports_overloads_with_their_orders()
    {
        var (code, json, err) = Run("""
            {"start": "2027-01-04", "bucket": "WEEK", "buckets": 2,
             "workstations": [{"code": "W", "hoursByDay": [8, 8, 8, 8, 8, 0, 0]}],
             "routings": [{"item": "X", "sequence": 10, "workstation": "W", "setupHours": 0, "runHoursPerUnit": 1}],
             "orders": [{"id": "MO-1", "item": "X", "qty": 30, "needDate": "2027-01-08"},
                        {"id": "MO-2", "item": "X", "qty": 20, "needDate": "2027-01-08", "status": "RELEASED"}]}
            """, "capacity");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(json);
        var overload = doc.RootElement.GetProperty("overloads").EnumerateArray().Single();
        Assert.Equal(("W", 1, 40.0, 50.0), (overload.GetProperty("workstation").GetString(), overload.GetProperty("bucket").GetInt32(),
            overload.GetProperty("available").GetDouble(), overload.GetProperty("load").GetDouble()));
        Assert.Equal(["MO-1", "MO-2"], overload.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("order").GetString()));
        Assert.Equal("RELEASED", overload.GetProperty("orders")[1].GetProperty("status").GetString());
    }

    [Fact]
    public void Capacity_command_rejects_invalid_input_with_paths()
    {
        var (code, _, err) = Run("""
            {"start": "2027-01-04", "buckets": 2, "workstations": [{"code": "W", "machines": 0}],
             "routings": [{"item": "X", "workstation": "V"}], "orders": [{"id": "MO", "item": "X", "qty": -1}]}
            """, "capacity");
        Assert.Equal(2, code);
        Assert.Contains("$.workstations[0].machines", err);
        Assert.Contains("$.routings[0].workstation: unknown workstation 'V'", err);
        Assert.Contains("$.orders[0].needDate", err);
        Assert.Contains("$.orders[0].qty", err);
    }
}
