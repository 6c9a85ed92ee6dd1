using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Collab.Planning.Scheduling;
using Collab.Planning.Scheduling.JobShop;
using Collab.Planning.Scheduling.Plant;

namespace Collab.Cli;

/// <summary>
/// <c>collab schedule --jobshop FILE [--time-limit SECONDS] [--seed S] [--threads T] [--output FILE]</c>:
/// solves a classic job-shop instance (OR-Library format) and writes
/// <c>{"makespan": M, "jobs": [[{"machine": m, "start": s, "end": e}, …], …]}</c>.
/// </summary>
public static class ScheduleCommand
{
    public const string Summary = "ordonnancement : --plant PROBLEME.json (atelier) ou --jobshop FICHIER (benchmark OR-Library)";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? jobshop = null, output = null, plant = null;
        var seconds = 10.0;
        var seed = 1;
        var threads = Math.Max(1, Math.Min(2, Environment.ProcessorCount));
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a is "--help" or "-h")
            {
                PrintHelp(stdout);
                return 0;
            }

            if (i + 1 >= args.Length)
            {
                stderr.WriteLine($"collab schedule: option {a} attend une valeur (expects a value).");
                return 2;
            }

            var v = args[++i];
            switch (a)
            {
                case "--jobshop": jobshop = v; break;
                case "--plant": plant = v; break;
                case "--output": output = v; break;
                case "--time-limit":
                    if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out seconds) || !(seconds > 0) || seconds > 86_400)
                    {
                        stderr.WriteLine($"collab schedule: --time-limit doit être un nombre de secondes > 0 (got '{v}').");
                        return 2;
                    }

                    break;
                case "--seed":
                    if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed))
                    {
                        stderr.WriteLine($"collab schedule: --seed doit être un entier (got '{v}').");
                        return 2;
                    }

                    break;
                case "--threads":
                    if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out threads) || threads < 1 || threads > 64)
                    {
                        stderr.WriteLine($"collab schedule: --threads doit être un entier entre 1 et 64 (got '{v}').");
                        return 2;
                    }

                    break;
                default:
                    stderr.WriteLine($"collab schedule: option inconnue '{a}' (unknown option). Voir 'collab schedule --help'.");
                    return 2;
            }
        }

        if (plant is not null)
        {
            return RunPlant(plant, seconds, seed, output, stdout, stderr);
        }

        if (jobshop is null)
        {
            stderr.WriteLine("collab schedule: --plant PROBLEME.json ou --jobshop FICHIER est requis (required).");
            PrintHelp(stderr);
            return 2;
        }

        string text;
        try
        {
            text = File.ReadAllText(jobshop);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"collab schedule: impossible de lire '{jobshop}' : {e.Message}");
            return 2;
        }

        JobShopInstance instance;
        try
        {
            instance = JobShopInstance.Parse(text, Path.GetFileName(jobshop));
        }
        catch (JobShopFormatException e)
        {
            stderr.WriteLine($"collab schedule: {jobshop}: instance mal formée, ligne {e.Line} : {e.Detail}");
            return 2;
        }

        var clock = Stopwatch.StartNew();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var result = JobShopSolver.Solve(instance, new JobShopSolverOptions { Seed = seed, Threads = threads }, null, cts.Token);
        var errors = result.Schedule.Validate(instance);
        if (errors.Count > 0)
        {
            stderr.WriteLine($"collab schedule: internal error, invalid schedule: {errors[0]}");
            return 1;
        }

        try
        {
            if (output is null)
            {
                using var buffer = new MemoryStream();
                WriteJson(buffer, instance, result.Schedule);
                stdout.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            }
            else
            {
                using var file = File.Create(output);
                WriteJson(file, instance, result.Schedule);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"collab schedule: impossible d'écrire '{output}' : {e.Message}");
            return 1;
        }

        (output is null ? stderr : stdout).WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{instance.Name}: {instance.JobCount}x{instance.MachineCount}, makespan {result.Schedule.Makespan} (borne inférieure {result.LowerBound}, construction {result.InitialMakespan}), {result.Iterations} itérations, {clock.Elapsed.TotalSeconds:F1} s"));
        return 0;
    }

    /// <summary>Plant problem (documented JSON, docs/scheduling.md): the anytime optimiser within the time limit.</summary>
    private static int RunPlant(string path, double seconds, int seed, string? output, TextWriter stdout, TextWriter stderr)
    {
        SchedulingProblem problem;
        try
        {
            problem = PlantProblemJson.Read(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"collab schedule: impossible de lire '{path}' : {e.Message}");
            return 2;
        }
        catch (SchedulingInputException e)
        {
            stderr.WriteLine($"collab schedule: {path}: problème invalide en {e.Field} : {e.Message}");
            return 2;
        }

        var clock = Stopwatch.StartNew();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var result = Scheduler.Optimise(problem, new OptimiseOptions(seed), null, cts.Token);
        var elapsed = clock.Elapsed.TotalSeconds;
        var errors = ScheduleValidator.Validate(problem, result, excuseReportedConflicts: true);
        if (errors.Count > 0)
        {
            stderr.WriteLine($"collab schedule: internal error, invalid schedule: {errors[0]}");
            return 1;
        }

        var json = PlantProblemJson.WriteSchedule(result, "collab", elapsed);
        try
        {
            if (output is null) stdout.WriteLine(json);
            else CliArgs.WriteFileAtomically(output, System.Text.Encoding.UTF8.GetBytes(json));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"collab schedule: impossible d'écrire '{output}' : {e.Message}");
            return 1;
        }

        (output is null ? stderr : stdout).WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{problem.Operations.Count} opérations, {problem.Orders.Count} OF : retard pondéré {result.Objective.WeightedTardiness:0}, OF en retard {result.Orders.Count(o => o.Tardiness > 0)}, makespan {result.Objective.Makespan} min, {elapsed:F1} s"));
        return 0;
    }

    public static void WriteJson(Stream stream, JobShopInstance instance, JobShopSchedule schedule)
    {
        using var w = new Utf8JsonWriter(stream);
        w.WriteStartObject();
        w.WriteNumber("makespan", schedule.Makespan);
        w.WriteStartArray("jobs");
        for (var j = 0; j < instance.JobCount; j++)
        {
            w.WriteStartArray();
            var ops = instance.Jobs[j];
            for (var k = 0; k < ops.Count; k++)
            {
                var s = schedule.Starts[j][k];
                w.WriteStartObject();
                w.WriteNumber("machine", ops[k].Machine);
                w.WriteNumber("start", s);
                w.WriteNumber("end", s + ops[k].Duration);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void PrintHelp(TextWriter w)
    {
        w.WriteLine("Usage: collab schedule --plant PROBLEME.json [--time-limit SECONDES=10] [--seed S=1] [--output schedule.json]");
        w.WriteLine("  Ordonnance un atelier (format JSON documenté dans docs/scheduling.md : postes et disponibilités, opérations,");
        w.WriteLine("  précédences dont les liens entre OF, dates de disponibilité / échéances / poids) et écrit par opération");
        w.WriteLine("  poste, machine, début de réglage, début, fin, et l'objectif (retard pondéré, makespan).");
        w.WriteLine("Usage: collab schedule --jobshop FICHIER [--time-limit SECONDES=10] [--seed S=1] [--threads T=2] [--output sched.json]");
        w.WriteLine("  Résout une instance job-shop (format OR-Library : ligne « jobs machines », puis une ligne par job de paires");
        w.WriteLine("  « machine durée », machines numérotées depuis 0, lignes « # » = commentaires) par recherche tabou, et écrit");
        w.WriteLine("  {\"makespan\": M, \"jobs\": [[{\"machine\": m, \"start\": s, \"end\": e}, …], …]} (sortie standard sans --output).");
        w.WriteLine("  Codes de sortie : 0 succès, 1 échec d'exécution, 2 entrée invalide.");
    }
}
