using System.Text;
using Collab.Cli;

namespace Collab.Planning.Tests.Mrp;

/// <summary>Absurd input is refused like any other bad input: exit 2 and the JSON path, quickly and in
/// bounded memory — never an unhandled crash (134), an overflow or minutes of splitting.</summary>
public sealed class MagnitudeLimitTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("collab-mrp-limits-");

    public void Dispose() => dir.Delete(recursive: true);

    private (int Code, string Error) Run(byte[] json)
    {
        var input = Path.Combine(dir.FullName, "plan.json");
        File.WriteAllBytes(input, json);
        var stderr = new StringWriter();
        var code = CliApp.Run(["mrp", "--input", input, "--output", Path.Combine(dir.FullName, "result.json")], new StringWriter(), stderr);
        return (code, stderr.ToString());
    }

    private (int Code, string Error) Run(string json) => Run(Encoding.UTF8.GetBytes(json));

    [Theory]
    [InlineData("1e308")]
    [InlineData("1e13")]
    [InlineData("1e11")]
    [InlineData("1000000001")]
    public void A_demand_beyond_a_billion_is_refused_with_its_path(string qty)
    {
        var (code, error) = Run($$"""{"periods": 4, "items": [{"code": "A", "maxQty": 10}], "demands": [{"item": "A", "period": 2, "qty": {{qty}}}]}""");
        Assert.Equal(2, code);
        Assert.Contains("$.demands[0].qty: quantity", error, StringComparison.Ordinal);
        Assert.Contains("exceeds the limit of 1E+09", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir.FullName, "result.json")));
    }

    [Fact]
    public void A_billion_is_still_planned()
    {
        var (code, error) = Run("""{"periods": 4, "items": [{"code": "A"}], "demands": [{"item": "A", "period": 2, "qty": 1000000000}]}""");
        Assert.True(code == 0, error);
    }

    [Fact]
    public void MaxQty_splitting_into_millions_of_orders_is_refused_before_building_them()
    {
        var (code, error) = Run("""{"periods": 4, "items": [{"code": "A", "maxQty": 1}], "demands": [{"item": "A", "period": 2, "qty": 900000000}]}""");
        Assert.Equal(2, code);
        Assert.Contains("$.items[0].maxQty", error, StringComparison.Ordinal);
        Assert.Contains("planned orders", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_explosion_reaching_absurd_quantities_names_the_item()
    {
        var (code, error) = Run("""
            {"periods": 4, "items": [{"code": "A"}, {"code": "B"}, {"code": "C"}],
             "bom": [{"parent": "A", "component": "B", "qtyPer": 1000000}, {"parent": "B", "component": "C", "qtyPer": 1000000}],
             "demands": [{"item": "A", "period": 4, "qty": 1000000000}]}
            """);
        Assert.Equal(2, code);
        Assert.Contains("$.items[1]", error, StringComparison.Ordinal);
        Assert.Contains("'B'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bom_quantity_per_beyond_a_million_is_refused()
    {
        var (code, error) = Run("""
            {"periods": 2, "items": [{"code": "A"}, {"code": "B"}], "bom": [{"parent": "A", "component": "B", "qtyPer": 1e7}]}
            """);
        Assert.Equal(2, code);
        Assert.Contains("$.bom[0].qtyPer", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_utf8_text_inside_a_string_is_refused_with_its_position()
    {
        var head = Encoding.UTF8.GetBytes("{\"periods\": 2,\n \"items\": [{\"code\": \"A");
        var tail = Encoding.UTF8.GetBytes("\"}]}");
        var (code, error) = Run([.. head, 0xE9, 0xFF, 0xFE, .. tail]); // Latin-1 'é' and garbage
        Assert.Equal(2, code);
        Assert.Contains("UTF-8", error, StringComparison.Ordinal);
        Assert.Contains("line 2", error, StringComparison.Ordinal);
    }
}
