using Collab.Planning.Scheduling;
using Collab.Planning.Scheduling.Plant;

namespace Collab.Cli;

/// <summary><c>collab generate-schedule-problem --ops 2000 --workstations 50 --levels 3 --seed N [--interruptible] [--output problem.json]</c>.</summary>
internal static class GenerateScheduleProblemCommand
{
    public const string Summary = "Problème d'ordonnancement d'atelier reproductible : --ops N --workstations W --levels L --seed S";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args is ["--help"] or ["-h"])
        {
            stdout.WriteLine("collab generate-schedule-problem --ops 2000 --workstations 50 --levels 3 --seed 1 [--interruptible] [--output problem.json]");
            stdout.WriteLine("  Postes à 1–3 machines, calendriers 1/2/3 équipes avec fermetures, réglages par famille, réseaux d'OF sur L niveaux");
            stdout.WriteLine("  (transfert 60 min), dates de disponibilité matière, échéances et poids. Mêmes arguments → même fichier.");
            return 0;
        }

        var a = CliArgs.Parse(args, new HashSet<string> { "--ops", "--workstations", "--levels", "--seed", "--output" }, new HashSet<string> { "--interruptible" });
        var ops = a.Int("--ops", 2000, 1);
        var ws = a.Int("--workstations", 50, 1);
        var levels = a.Int("--levels", 3, 1);
        var seed = a.Int("--seed", 1, 0);
        if (a.Failed("generate-schedule-problem", stderr))
        {
            return 2;
        }

        SchedulingProblem problem;
        try
        {
            problem = PlantProblemGenerator.Generate(new PlantGeneratorOptions(ops, ws, levels, seed, a.Has("--interruptible")));
        }
        catch (SchedulingInputException e)
        {
            stderr.WriteLine($"collab generate-schedule-problem: --{e.Field} {e.Message}");
            return 2;
        }

        return CliOutput.Emit(a.Get("--output"), System.Text.Encoding.UTF8.GetBytes(PlantProblemJson.Write(problem)), stdout, stderr, "generate-schedule-problem");
    }
}
