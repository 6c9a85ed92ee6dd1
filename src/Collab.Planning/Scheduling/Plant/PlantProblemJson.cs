using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Collab.Planning.Scheduling.Plant;

/// <summary>
/// The documented JSON format of a plant scheduling problem and of its schedule (docs/scheduling.md, "Plant problem
/// format"). Pure: text in, model out (no file access). Times are integer minutes from an origin chosen by the writer.
/// Errors name the JSON path (<see cref="SchedulingInputException.Field"/>).
/// </summary>
public static class PlantProblemJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static SchedulingProblem Read(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new SchedulingInputException("$", $"JSON invalide (invalid JSON), ligne {e.LineNumber + 1} : {e.Message}");
        }

        if (root is not JsonObject o) throw new SchedulingInputException("$", "un objet JSON est attendu (an object is expected)");
        var now = Long(o, "now", "$.now", required: false) ?? 0;
        var workstations = new List<Workstation>();
        foreach (var (w, i) in Array(o, "workstations", "$").Select((x, i) => (x, i)))
        {
            var path = $"$.workstations[{i}]";
            var wo = Obj(w, path);
            var id = Str(wo, "id", path)!;
            var machines = (int)(Long(wo, "machines", path + ".machines", required: false) ?? 1);
            WorkCalendar? calendar = null;
            if (wo["availability"] is JsonArray av)
            {
                var intervals = new List<TimeInterval>();
                for (var k = 0; k < av.Count; k++)
                {
                    var ip = $"{path}.availability[{k}]";
                    if (av[k] is not JsonArray pair || pair.Count != 2) throw new SchedulingInputException(ip, "[début, fin] attendu (expected [start, end])");
                    var s = LongOf(pair[0], ip + "[0]");
                    var e = LongOf(pair[1], ip + "[1]");
                    if (e <= s) throw new SchedulingInputException(ip, $"fin {e} ≤ début {s} (end must be after start)");
                    intervals.Add(new TimeInterval(s, e));
                }

                calendar = new WorkCalendar(intervals);
            }

            SetupMatrix? setups = null;
            if (wo["setups"] is JsonObject so)
            {
                var def = Long(so, "default", path + ".setups.default", required: false) ?? 0;
                Dictionary<(string, string), long>? pairs = null;
                if (so["pairs"] is JsonArray pa)
                {
                    pairs = [];
                    for (var k = 0; k < pa.Count; k++)
                    {
                        var pp = $"{path}.setups.pairs[{k}]";
                        var po = Obj(pa[k], pp);
                        pairs[(Str(po, "from", pp)!, Str(po, "to", pp)!)] = NonNegative(Long(po, "minutes", pp + ".minutes")!.Value, pp + ".minutes");
                    }
                }

                setups = new SetupMatrix(NonNegative(def, path + ".setups.default"), pairs);
            }

            workstations.Add(new Workstation(id, machines, calendar, setups));
        }

        var orders = new List<ScheduledOrder>();
        foreach (var (x, i) in Array(o, "orders", "$").Select((x, i) => (x, i)))
        {
            var path = $"$.orders[{i}]";
            var oo = Obj(x, path);
            var weight = oo["weight"] is null ? 1.0 : DoubleOf(oo["weight"], path + ".weight");
            orders.Add(new ScheduledOrder(Str(oo, "id", path)!, Long(oo, "due", path + ".due")!.Value, weight,
                (int)(Long(oo, "priority", path + ".priority", required: false) ?? 0), Long(oo, "release", path + ".release", required: false)));
        }

        var operations = new List<ScheduledOperation>();
        foreach (var (x, i) in Array(o, "operations", "$").Select((x, i) => (x, i)))
        {
            var path = $"$.operations[{i}]";
            var po = Obj(x, path);
            var preds = new List<Precedence>();
            if (po["predecessors"] is JsonArray pa)
            {
                for (var k = 0; k < pa.Count; k++)
                {
                    var pp = $"{path}.predecessors[{k}]";
                    if (pa[k] is JsonValue v && v.TryGetValue<string>(out var simple))
                    {
                        preds.Add(new Precedence(simple));
                        continue;
                    }

                    var pr = Obj(pa[k], pp);
                    preds.Add(new Precedence(Str(pr, "id", pp)!, pr["transferFraction"] is null ? 1.0 : DoubleOf(pr["transferFraction"], pp + ".transferFraction"),
                        Long(pr, "delay", pp + ".delay", required: false) ?? 0));
                }
            }

            OperationFix? fix = null;
            if (po["fix"] is JsonObject fo)
            {
                var kind = Str(fo, "kind", path + ".fix") switch
                {
                    "pinned" => FixKind.Pinned,
                    "frozen" => FixKind.Frozen,
                    "inProgress" => FixKind.InProgress,
                    var k => throw new SchedulingInputException(path + ".fix.kind", $"'{k}' inconnu : pinned, frozen ou inProgress"),
                };
                fix = new OperationFix(kind, Long(fo, "start", path + ".fix.start")!.Value, (int?)Long(fo, "machine", path + ".fix.machine", required: false));
            }

            operations.Add(new ScheduledOperation(Str(po, "id", path)!, Str(po, "order", path)!, Str(po, "workstation", path)!, Long(po, "duration", path + ".duration")!.Value)
            {
                Predecessors = preds,
                SetupFamily = po["family"] is null ? null : Str(po, "family", path),
                Release = Long(po, "release", path + ".release", required: false),
                Interruptible = po["interruptible"] is not JsonValue iv || !iv.TryGetValue<bool>(out var b) || b,
                Fix = fix,
            });
        }

        var problem = new SchedulingProblem(now, workstations, orders, operations);
        _ = new CompiledProblem(problem); // validates references, cycles, values (field = engine path)
        return problem;
    }

    public static string Write(SchedulingProblem problem)
    {
        var root = new JsonObject
        {
            ["now"] = problem.Now,
            ["workstations"] = new JsonArray([.. problem.Workstations.Select(w =>
            {
                var o = new JsonObject { ["id"] = w.Id, ["machines"] = w.MachineCount };
                if (w.Calendar is not null)
                    o["availability"] = new JsonArray([.. w.Calendar.Intervals.Select(i => (JsonNode)new JsonArray(i.Start, i.End))]);
                if (w.Setups is not null)
                {
                    var s = new JsonObject { ["default"] = w.Setups.DefaultChangeover };
                    if (w.Setups.Pairs is { Count: > 0 } pairs)
                        s["pairs"] = new JsonArray([.. pairs.Select(p => (JsonNode)new JsonObject { ["from"] = p.Key.From, ["to"] = p.Key.To, ["minutes"] = p.Value })]);
                    o["setups"] = s;
                }

                return (JsonNode)o;
            })]),
            ["orders"] = new JsonArray([.. problem.Orders.Select(k =>
            {
                var o = new JsonObject { ["id"] = k.Id, ["due"] = k.Due, ["weight"] = k.Weight };
                if (k.Priority != 0) o["priority"] = k.Priority;
                if (k.Release is { } r) o["release"] = r;
                return (JsonNode)o;
            })]),
            ["operations"] = new JsonArray([.. problem.Operations.Select(op =>
            {
                var o = new JsonObject { ["id"] = op.Id, ["order"] = op.OrderId, ["workstation"] = op.WorkstationId, ["duration"] = op.Duration };
                if (op.SetupFamily is not null) o["family"] = op.SetupFamily;
                if (!op.Interruptible) o["interruptible"] = false;
                if (op.Release is { } r) o["release"] = r;
                if (op.Predecessors.Count > 0)
                {
                    o["predecessors"] = new JsonArray([.. op.Predecessors.Select(p => p is { TransferFraction: 1, MinDelay: 0 }
                        ? (JsonNode)JsonValue.Create(p.PredecessorId)
                        : new JsonObject { ["id"] = p.PredecessorId, ["transferFraction"] = p.TransferFraction, ["delay"] = p.MinDelay })]);
                }

                if (op.Fix is { } f)
                {
                    var fo = new JsonObject { ["kind"] = f.Kind switch { FixKind.Pinned => "pinned", FixKind.Frozen => "frozen", _ => "inProgress" }, ["start"] = f.Start };
                    if (f.Machine is { } m) fo["machine"] = m;
                    o["fix"] = fo;
                }

                return (JsonNode)o;
            })]),
        };
        return root.ToJsonString(Indented);
    }

    /// <summary>The schedule: objective, late orders, per operation workstation/machine/setup start/start/end, per order completion.</summary>
    public static string WriteSchedule(ScheduleResult result, string solver, double seconds)
    {
        var root = new JsonObject
        {
            ["solver"] = solver,
            ["seconds"] = Math.Round(seconds, 3),
            ["objective"] = new JsonObject
            {
                ["weightedTardiness"] = result.Objective.WeightedTardiness,
                ["makespan"] = result.Objective.Makespan,
                ["totalFlowTime"] = result.Objective.TotalFlowTime,
            },
            ["lateOrders"] = result.Orders.Count(o => o.Tardiness > 0),
            ["operations"] = new JsonArray([.. result.Assignments.Select(a => (JsonNode)new JsonObject
            {
                ["id"] = a.OperationId, ["workstation"] = a.WorkstationId, ["machine"] = a.Machine,
                ["setupStart"] = a.SetupStart, ["start"] = a.Start, ["end"] = a.End,
            })]),
            ["orders"] = new JsonArray([.. result.Orders.Select(o => (JsonNode)new JsonObject
            {
                ["id"] = o.OrderId, ["completion"] = o.Completion, ["due"] = o.Due, ["tardiness"] = o.Tardiness,
            })]),
            ["conflicts"] = new JsonArray([.. result.Conflicts.Select(c => (JsonNode)new JsonObject
            {
                ["kind"] = c.Kind.ToString(), ["operations"] = new JsonArray([.. c.OperationIds.Select(x => (JsonNode)JsonValue.Create(x)!)]),
            })]),
        };
        return root.ToJsonString(Indented);
    }

    /// <summary>Reads the placements of a schedule written by <see cref="WriteSchedule"/> (e.g. to re-check it).</summary>
    public static IReadOnlyList<OperationAssignment> ReadAssignments(SchedulingProblem problem, string json)
    {
        var orderOf = problem.Operations.ToDictionary(o => o.Id, o => o.OrderId, StringComparer.Ordinal);
        var root = JsonNode.Parse(json) as JsonObject ?? throw new SchedulingInputException("$", "objet attendu");
        return [.. Array(root, "operations", "$").Select((x, i) =>
        {
            var path = $"$.operations[{i}]";
            var o = Obj(x, path);
            var id = Str(o, "id", path)!;
            return new OperationAssignment(id, orderOf.GetValueOrDefault(id, ""), Str(o, "workstation", path)!, (int)Long(o, "machine", path + ".machine")!.Value,
                Long(o, "setupStart", path + ".setupStart")!.Value, Long(o, "start", path + ".start")!.Value, Long(o, "end", path + ".end")!.Value);
        })];
    }

    private static JsonArray Array(JsonObject o, string name, string path) =>
        o[name] as JsonArray ?? throw new SchedulingInputException($"{path}.{name}", "tableau requis (array required)");

    private static JsonObject Obj(JsonNode? n, string path) =>
        n as JsonObject ?? throw new SchedulingInputException(path, "objet attendu (object expected)");

    private static string? Str(JsonObject o, string name, string path)
    {
        if (o[name] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s)) return s;
        throw new SchedulingInputException($"{path}.{name}", "texte non vide requis (non-empty string required)");
    }

    private static long? Long(JsonObject o, string name, string path, bool required = true)
    {
        var n = o[name];
        if (n is null)
        {
            if (required) throw new SchedulingInputException(path, "entier requis (integer required)");
            return null;
        }

        return LongOf(n, path);
    }

    private static long LongOf(JsonNode? n, string path)
    {
        if (n is JsonValue v && v.TryGetValue<long>(out var l) && Math.Abs(l) <= WorkCalendar.Infinity / 2) return l;
        if (n is JsonValue d && d.TryGetValue<double>(out var x) && Math.Abs(x) <= 1e15 && x == Math.Floor(x)) return (long)x;
        throw new SchedulingInputException(path, $"entier attendu (integer expected), trouvé {n?.ToJsonString() ?? "null"}");
    }

    private static double DoubleOf(JsonNode? n, string path)
    {
        if (n is JsonValue v && v.TryGetValue<double>(out var x) && double.IsFinite(x) && Math.Abs(x) <= 1e9) return x;
        throw new SchedulingInputException(path, string.Create(CultureInfo.InvariantCulture, $"nombre attendu (number expected), trouvé {n?.ToJsonString() ?? "null"}"));
    }

    private static long NonNegative(long v, string path) => v >= 0 ? v : throw new SchedulingInputException(path, "doit être ≥ 0 (must not be negative)");
}
