using Collab.Planning.Exchange;
using Collab.Planning.Sop;

namespace Collab.Cli;

/// <summary><c>collab sop --input sop.json [--output plan.json]</c>: S&amp;OP plan, three strategies side by side.</summary>
internal static class SopCommand
{
    public const string Summary = "S&OP plan (PIC) per family and month, chase / level / level with target: --input sop.json";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) =>
        JsonCommand.Run("sop", args, stdout, stderr,
            "collab sop --input sop.json [--output result.json] [--indent]   (format: docs/planning.md)",
            bytes => (PlanningJson.ReadSop(bytes, out var problems), problems),
            (SopInput input, bool indent) => PlanningJson.WriteSop(SopEngine.Run(input), indent));
}

/// <summary>Shared shape of the JSON-in / JSON-out commands: exit 2 with every problem on stderr, nothing written.</summary>
internal static class JsonCommand
{
    public static int Run<T>(
        string name,
        string[] args,
        TextWriter stdout,
        TextWriter stderr,
        string usage,
        Func<byte[], (T? Input, IReadOnlyList<Collab.Planning.Mrp.InputProblem> Problems)> read,
        Func<T, bool, byte[]> compute)
        where T : class
    {
        if (args is ["--help"] or ["-h"])
        {
            stdout.WriteLine(usage);
            return 0;
        }

        var a = CliArgs.Parse(args, new HashSet<string> { "--input", "--output" }, new HashSet<string> { "--indent" });
        var path = a.Get("--input");
        if (path is null)
        {
            a.Errors.Add("missing --input file.json");
        }

        if (a.Failed(name, stderr))
        {
            return 2;
        }

        if (CliArgs.ReadInput(name, path!, stderr) is not { } bytes)
        {
            return 2;
        }

        var (input, problems) = read(bytes);
        if (input is null || problems.Count > 0)
        {
            stderr.WriteLine($"collab {name}: invalid input '{path}' ({problems.Count} problem(s)):");
            foreach (var p in problems)
            {
                stderr.WriteLine($"  {p.Path}: {p.Message}");
            }

            return 2;
        }

        return CliOutput.Emit(a.Get("--output"), compute(input, a.Has("--indent")), stdout, stderr, name);
    }
}
