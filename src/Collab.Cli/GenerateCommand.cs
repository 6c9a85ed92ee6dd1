using Collab.Planning.Exchange;
using Collab.Planning.Mrp;

namespace Collab.Cli;

/// <summary><c>collab generate --items N --levels L --periods P --seed S [--output plan.json]</c>.</summary>
internal static class GenerateCommand
{
    public const string Summary = "Reproducible synthetic plant in the MRP exchange format: --items N --levels L --periods P --seed S";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args is ["--help"] or ["-h"])
        {
            stdout.WriteLine("collab generate --items N --levels L --periods P --seed S [--output plan.json] [--indent]");
            stdout.WriteLine("  Defaults: 1000 items, 8 levels, 52 periods, seed 1. Same arguments → same file.");
            return 0;
        }

        var a = CliArgs.Parse(args, new HashSet<string> { "--items", "--levels", "--periods", "--seed", "--output" }, new HashSet<string> { "--indent" });
        var items = a.Int("--items", 1000, 1);
        var levels = a.Int("--levels", 8, 1);
        var periods = a.Int("--periods", 52, 1);
        var seed = a.Int("--seed", 1, 0);
        if (a.Failed("generate", stderr))
        {
            return 2;
        }

        var plant = PlantGenerator.Generate(items, levels, periods, (ulong)seed);
        return CliOutput.Emit(a.Get("--output"), MrpJson.WriteInput(plant, a.Has("--indent")), stdout, stderr, "generate");
    }
}
