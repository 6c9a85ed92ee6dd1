using Collab.Planning.Exchange;
using Collab.Planning.Mrp;

namespace Collab.Cli;

/// <summary><c>collab mrp --input plan.json --output result.json</c>: the exchange-format MRP.</summary>
internal static class MrpCommand
{
    public const string Summary = "Net requirements (MRP/CBN) in the exchange format: --input plan.json [--output result.json]";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args is ["--help"] or ["-h"])
        {
            stdout.WriteLine("collab mrp --input plan.json [--output result.json] [--pegging] [--spec-only] [--indent]");
            stdout.WriteLine("  Reads the MRP exchange format, writes the bucketed records, planned orders and exceptions.");
            stdout.WriteLine("  --pegging    add single-level pegging links   --spec-only  only PAST_DUE_RELEASE exceptions");
            stdout.WriteLine("  Without --output the result goes to standard output. Invalid input: exit 2, problems on stderr.");
            return 0;
        }

        var a = CliArgs.Parse(args, new HashSet<string> { "--input", "--output" }, new HashSet<string> { "--pegging", "--spec-only", "--indent" });
        var inputPath = a.Get("--input");
        if (inputPath is null)
        {
            a.Errors.Add("missing --input plan.json");
        }

        if (a.Failed("mrp", stderr))
        {
            return 2;
        }

        if (CliArgs.ReadInput("mrp", inputPath!, stderr) is not { } bytes)
        {
            return 2;
        }

        var input = MrpJson.Read(bytes, out var problems);
        if (input is null || problems.Count > 0)
        {
            stderr.WriteLine($"collab mrp: invalid input '{inputPath}' ({problems.Count} problem(s)):");
            foreach (var p in problems)
            {
                stderr.WriteLine($"  {p.Path}: {p.Message}");
            }

            return 2;
        }

        MrpResult result;
        try
        {
            result = MrpEngine.Run(input);
        }
        catch (InvalidMrpInputException e)
        {
            stderr.WriteLine($"collab mrp: invalid input '{inputPath}' ({e.Problems.Count} problem(s)):");
            foreach (var p in e.Problems)
            {
                stderr.WriteLine($"  {p.Path}: {p.Message}");
            }

            return 2;
        }
        var output = MrpJson.Write(result, new MrpJsonWriteOptions
        {
            Pegging = a.Has("--pegging"),
            ExtraExceptions = !a.Has("--spec-only"),
            Indented = a.Has("--indent"),
        });
        return CliOutput.Emit(a.Get("--output"), output, stdout, stderr, "mrp");
    }
}

internal static class CliOutput
{
    /// <summary>Writes to the --output file (atomically) or to stdout.</summary>
    public static int Emit(string? path, byte[] output, TextWriter stdout, TextWriter stderr, string command)
    {
        if (path is null)
        {
            stdout.Write(System.Text.Encoding.UTF8.GetString(output));
            stdout.WriteLine();
            return 0;
        }

        try
        {
            CliArgs.WriteFileAtomically(path, output);
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"collab {command}: cannot write '{path}': {e.Message}");
            return 1;
        }
    }
}
