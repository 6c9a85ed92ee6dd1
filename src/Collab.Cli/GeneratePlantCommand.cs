using System.Globalization;
using Collab.Domain.Demo;
using Collab.Infrastructure.Exchange;

namespace Collab.Cli;

/// <summary>
/// <c>collab generate-plant --items N --levels L --workstations W --mos M --pos P --cos C --seed S --output plant.xlsx</c>:
/// the large plant of <c>--demo-scale large</c> (<see cref="LargePlantGenerator"/>, same plant for the same seed and
/// date) as the import workbook read by <c>collab import</c> and Administration → Import.
/// </summary>
internal static class GeneratePlantCommand
{
    public const string Summary = "A large plant as the import workbook: --items N --levels L --workstations W --mos M --pos P --cos C --seed S --output plant.xlsx";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args is ["--help"] or ["-h"])
        {
            stdout.WriteLine("collab generate-plant [--items 10000] [--levels 8] [--workstations 100] [--mos 2000] [--pos 4000] [--cos 5000] [--seed 1] [--today yyyy-MM-dd] [--english] --output plant.xlsx");
            stdout.WriteLine("  The plant of --demo-scale large: items over BOM levels, routings, suppliers, customers, open customer orders,");
            stdout.WriteLine("  and the open MOs / POs its first plan asks for (--mos / --pos are upper bounds: a small plant may need fewer).");
            stdout.WriteLine("  Same options and --today (default: today) → same workbook. --english writes the English sheet and column names.");
            return 0;
        }

        var a = CliArgs.Parse(args, new HashSet<string> { "--items", "--levels", "--workstations", "--mos", "--pos", "--cos", "--seed", "--today", "--output" }, new HashSet<string> { "--english" });
        var d = new LargePlantOptions();
        var options = new LargePlantOptions(a.Int("--items", d.Items, 0), a.Int("--levels", d.Levels, 0), a.Int("--workstations", d.Workstations, 0),
            a.Int("--mos", d.ManufacturingOrders, 0), a.Int("--pos", d.PurchaseOrders, 0), a.Int("--cos", d.CustomerOrders, 0), a.Int("--seed", d.Seed, 0));
        var today = DateOnly.FromDateTime(DateTime.Today);
        if (a.Get("--today") is { } t && !DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out today))
        {
            a.Errors.Add($"--today must be a date yyyy-MM-dd (got '{t}')");
        }

        var output = a.Get("--output");
        if (output is null)
        {
            a.Errors.Add("missing --output plant.xlsx");
        }
        else if (!output.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
        {
            a.Errors.Add("--output must be an .xlsx file");
        }

        if (a.Errors.Count == 0)
        {
            a.Errors.AddRange(options.Problems());
        }

        if (a.Failed("generate-plant", stderr))
        {
            return 2;
        }

        var plant = LargePlantGenerator.Generate(today, options);
        using var buffer = new MemoryStream();
        ExchangeFileWriter.WriteXlsx(buffer, LargePlantWorkbook.Tables(plant, a.Has("--english")));
        var code = CliOutput.Emit(output, buffer.ToArray(), stdout, stderr, "generate-plant");
        if (code == 0)
        {
            stdout.WriteLine($"{output}: {plant.Data.Items.Count} items, {plant.Data.Bom.Count} BOM lines, {plant.Data.Routings.Count} operations, " +
                $"{plant.Data.Workstations.Count} workstations, {plant.Data.Suppliers.Count} suppliers, {plant.Data.Customers.Count} customers, " +
                $"{plant.ManufacturingOrders.Count} MOs, {plant.PurchaseOrders.Count} POs, {plant.CustomerOrders.Count} COs ({buffer.Length / 1024} KB)");
        }

        return code;
    }
}
