namespace Collab.Cli;

/// <summary>
/// Entry point of the <c>collab</c> command line. Each sub-command is a class with a
/// static <c>Run(string[] args, TextWriter stdout, TextWriter stderr)</c> returning the exit code.
/// Exit codes: 0 success, 1 runtime failure, 2 invalid input or usage.
/// </summary>
public static class CliApp
{
    private sealed record Command(string Name, string Summary, Func<string[], TextWriter, TextWriter, int> Run);

    private static readonly Command[] Commands =
    [
        // Sub-commands are registered here, one line each.
        new("mrp", MrpCommand.Summary, MrpCommand.Run),
        new("generate", GenerateCommand.Summary, GenerateCommand.Run),
        new("sop", SopCommand.Summary, SopCommand.Run),
        new("capacity", CapacityCommand.Summary, CapacityCommand.Run),
        new("schedule", ScheduleCommand.Summary, ScheduleCommand.Run),
        new("generate-schedule-problem", GenerateScheduleProblemCommand.Summary, GenerateScheduleProblemCommand.Run),
        new("import", ExchangeCommands.ImportSummary, ExchangeCommands.Import),
        new("export", ExchangeCommands.ExportSummary, ExchangeCommands.Export),
        new("generate-plant", GeneratePlantCommand.Summary, GeneratePlantCommand.Run),
    ];

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            PrintHelp(stdout);
            return args.Length == 0 ? 2 : 0;
        }

        var command = Commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            stderr.WriteLine($"collab: unknown command '{args[0]}'. Run 'collab --help'.");
            return 2;
        }

        return command.Run(args[1..], stdout, stderr);
    }

    private static void PrintHelp(TextWriter stdout)
    {
        stdout.WriteLine("collab — the Collab planning engine on the command line (JSON/CSV in and out).");
        stdout.WriteLine();
        stdout.WriteLine("Usage: collab <command> [options]   (collab <command> --help for its options)");
        stdout.WriteLine();
        stdout.WriteLine("Commands:");
        if (Commands.Length == 0)
        {
            stdout.WriteLine("  (none yet)");
        }

        foreach (var c in Commands)
        {
            stdout.WriteLine($"  {c.Name,-12}{c.Summary}");
        }
    }
}
