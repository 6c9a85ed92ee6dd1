using Collab.Cli;
using Collab.Contracts.Common;
using Collab.Contracts.Sites;
using Collab.Domain.Demo;
using Collab.Domain.Exchange;
using Collab.Infrastructure.Exchange;

namespace Collab.Web.Tests.Exchange;

/// <summary>
/// <c>collab generate-plant</c> (issue #17): the large plant's generator written as the import workbook, read back by
/// the import page's own reader and analysis (parse → map → merge → validate → orders) with no error, the counts the
/// options ask for, the same plant as <see cref="LargePlantGenerator"/> for the seed, and bad options refused.
/// </summary>
public sealed class GeneratePlantCommandTests : IDisposable
{
    private static readonly DateOnly Today = new(2026, 12, 7);
    private static readonly LargePlantOptions Small = new(Items: 300, Levels: 4, Workstations: 10, ManufacturingOrders: 40, PurchaseOrders: 30, CustomerOrders: 100, Seed: 3);
    private readonly string directory = Directory.CreateTempSubdirectory("collab-plant-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private string Generate(string name, LargePlantOptions o)
    {
        var path = Path.Combine(directory, name);
        var (code, _, err) = Run("generate-plant", "--items", $"{o.Items}", "--levels", $"{o.Levels}", "--workstations", $"{o.Workstations}",
            "--mos", $"{o.ManufacturingOrders}", "--pos", $"{o.PurchaseOrders}", "--cos", $"{o.CustomerOrders}", "--seed", $"{o.Seed}",
            "--today", Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "--output", path);
        Assert.True(code == 0, err);
        return path;
    }

    private static ImportAnalysis Import(string path)
    {
        using var file = File.OpenRead(path);
        var tables = ExchangeFileReader.Read(file, Path.GetFileName(path), 200_000);
        return ImportAnalysis.Analyse(MasterDataSet.Empty, tables, ImportMode.Merge, []);
    }

    [Fact]
    public void The_generated_workbook_imports_without_error_with_the_counts_asked_for()
    {
        var analysis = Import(Generate("plant.xlsx", Small));

        Assert.Empty(analysis.Errors.Select(e => $"{e.Source}:{e.Line} {e.Column} {e.Code} {e.Rule} {string.Join(" ", e.Args)}"));
        var data = analysis.Merged.Data;
        Assert.Equal(Small.Items, data.Items.Count);
        Assert.Equal(Small.Workstations, data.Workstations.Count);
        Assert.Equal(Small.CustomerOrders, analysis.Orders.Count(o => o.Ref.Kind == ObjectKind.CustomerOrder));
        Assert.Equal(Small.ManufacturingOrders, analysis.Orders.Count(o => o.Ref.Kind == ObjectKind.ManufacturingOrder));
        Assert.Equal(Small.PurchaseOrders, analysis.Orders.Count(o => o.Ref.Kind == ObjectKind.PurchaseOrder));

        // The same plant as the generator's (what --demo-scale large seeds for these options and date).
        var plant = LargePlantGenerator.Generate(Today, Small);
        Assert.Equal(plant.Data.Items.Select(i => i.Code).Order(StringComparer.Ordinal), data.Items.Select(i => i.Code).Order(StringComparer.Ordinal));
        Assert.Equal(plant.Data.Bom.Count, data.Bom.Count);
        Assert.Equal(plant.Data.Routings.Count, data.Routings.Count);
        Assert.Equal(plant.Data.Workstations.OrderBy(w => w.Code, StringComparer.Ordinal).Select(w => (w.Code, w.HoursByDay.Sum(), w.Machines)),
            data.Workstations.OrderBy(w => w.Code, StringComparer.Ordinal).Select(w => (w.Code, w.HoursByDay.Sum(), w.Machines)));
        Assert.Equal(plant.CustomerOrders.Sum(c => c.Lines.Count), analysis.Orders.Where(o => o.Customer is not null).Sum(o => o.Customer!.Lines.Count));
        Assert.Equal(plant.ManufacturingOrders.Select(m => (m.Item, m.Qty, m.Due)), analysis.Orders.Where(o => o.Manufacturing is not null).Select(o => (o.Manufacturing!.Item, o.Manufacturing.Qty, o.Manufacturing.Due)));
    }

    [Fact]
    public void Same_seed_gives_the_same_plant_another_seed_another()
    {
        var a = Import(Generate("a.xlsx", Small)).Merged.Data;
        var b = Import(Generate("b.xlsx", Small)).Merged.Data;
        var c = Import(Generate("c.xlsx", Small with { Seed = 4 })).Merged.Data;

        Assert.Equal(a.Bom, b.Bom);
        Assert.Equal(a.Items, b.Items);
        Assert.NotEqual(a.Bom, c.Bom);
    }

    [Fact]
    public void Bad_options_are_refused_all_at_once_and_nothing_is_written()
    {
        var path = Path.Combine(directory, "bad.xlsx");
        var (code, _, err) = Run("generate-plant", "--items", "10", "--levels", "30", "--workstations", "1", "--output", path);

        Assert.Equal(2, code);
        Assert.Contains("--items must be between 50 and 200000", err, StringComparison.Ordinal);
        Assert.Contains("--levels must be between 2 and 20", err, StringComparison.Ordinal);
        Assert.Contains("--workstations must be between 2 and 2000", err, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
        Assert.Equal(2, Run("generate-plant", "--items", "300").Code);
    }
}
