using System.Globalization;
using System.Text.Json;

namespace Collab.Planning.Tests.Scheduling;

/// <summary>
/// Independent checker of a plant schedule against its problem, both read as raw JSON (the documented formats): it
/// shares no code with the engine, its reader or its validator. Checks: every operation exactly once on an existing
/// machine of its workstation; the machine busy over [setupStart, end) with no overlap; the work (and, after the
/// first operation of a machine, the family setup) done inside the availability intervals — within one interval for
/// non-interruptible operations; precedences from the successor's setup start with their transfer delay (and transfer
/// fractions: start after the fraction, end after the predecessor); releases and now; fixed operations at their start;
/// the reported weighted tardiness and late-order count recomputed.
/// </summary>
public static class PlantScheduleChecker
{
    private sealed record Op(string Id, string Order, string Ws, long Duration, string? Family, bool Interruptible, long? Release,
        List<(string Id, double Fraction, long Delay)> Preds, long? FixStart, string? FixKind);

    private sealed record Slot(string Id, string Ws, int Machine, long SetupStart, long Start, long End);

    public static List<string> Check(string problemJson, string scheduleJson)
    {
        var errors = new List<string>();
        using var pd = JsonDocument.Parse(problemJson);
        using var sd = JsonDocument.Parse(scheduleJson);
        var p = pd.RootElement;
        var now = p.TryGetProperty("now", out var n) ? n.GetInt64() : 0;
        var ws = new Dictionary<string, (int Machines, List<(long S, long E)>? Open, long Default, Dictionary<(string, string), long> Pairs)>();
        foreach (var w in p.GetProperty("workstations").EnumerateArray())
        {
            List<(long, long)>? open = null;
            if (w.TryGetProperty("availability", out var av)) open = [.. av.EnumerateArray().Select(x => (x[0].GetInt64(), x[1].GetInt64())).OrderBy(x => x.Item1)];
            long def = 0;
            var pairs = new Dictionary<(string, string), long>();
            if (w.TryGetProperty("setups", out var su))
            {
                if (su.TryGetProperty("default", out var d)) def = d.GetInt64();
                if (su.TryGetProperty("pairs", out var pa))
                {
                    foreach (var x in pa.EnumerateArray()) pairs[(x.GetProperty("from").GetString()!, x.GetProperty("to").GetString()!)] = x.GetProperty("minutes").GetInt64();
                }
            }

            ws[w.GetProperty("id").GetString()!] = (w.TryGetProperty("machines", out var m) ? m.GetInt32() : 1, open, def, pairs);
        }

        var orders = p.GetProperty("orders").EnumerateArray().ToDictionary(o => o.GetProperty("id").GetString()!,
            o => (Due: o.GetProperty("due").GetInt64(), Weight: o.TryGetProperty("weight", out var wt) ? wt.GetDouble() : 1.0,
                Release: o.TryGetProperty("release", out var r) ? r.GetInt64() : (long?)null));
        var ops = new Dictionary<string, Op>();
        foreach (var o in p.GetProperty("operations").EnumerateArray())
        {
            var preds = new List<(string, double, long)>();
            if (o.TryGetProperty("predecessors", out var pr))
            {
                foreach (var x in pr.EnumerateArray())
                {
                    preds.Add(x.ValueKind == JsonValueKind.String ? (x.GetString()!, 1.0, 0L)
                        : (x.GetProperty("id").GetString()!, x.TryGetProperty("transferFraction", out var f) ? f.GetDouble() : 1.0, x.TryGetProperty("delay", out var d) ? d.GetInt64() : 0));
                }
            }

            o.TryGetProperty("fix", out var fix);
            ops[o.GetProperty("id").GetString()!] = new Op(o.GetProperty("id").GetString()!, o.GetProperty("order").GetString()!, o.GetProperty("workstation").GetString()!,
                o.GetProperty("duration").GetInt64(), o.TryGetProperty("family", out var fam) ? fam.GetString() : null,
                !o.TryGetProperty("interruptible", out var it) || it.GetBoolean(), o.TryGetProperty("release", out var rel) ? rel.GetInt64() : null, preds,
                fix.ValueKind == JsonValueKind.Object ? fix.GetProperty("start").GetInt64() : null, fix.ValueKind == JsonValueKind.Object ? fix.GetProperty("kind").GetString() : null);
        }

        var slots = new Dictionary<string, Slot>();
        foreach (var s in sd.RootElement.GetProperty("operations").EnumerateArray())
        {
            var slot = new Slot(s.GetProperty("id").GetString()!, s.GetProperty("workstation").GetString()!, s.GetProperty("machine").GetInt32(),
                s.GetProperty("setupStart").GetInt64(), s.GetProperty("start").GetInt64(), s.GetProperty("end").GetInt64());
            if (!slots.TryAdd(slot.Id, slot)) errors.Add($"{slot.Id} placed twice");
        }

        foreach (var op in ops.Values.Where(o => !slots.ContainsKey(o.Id))) errors.Add($"{op.Id} not placed");
        foreach (var s in slots.Values.Where(s => !ops.ContainsKey(s.Id))) errors.Add($"{s.Id} is not in the problem");
        if (errors.Count > 0) return errors;

        long Work(string w, long from, long to)
        {
            var open = ws[w].Open;
            if (open is null) return Math.Max(0, to - from);
            long total = 0;
            foreach (var (a, b) in open) total += Math.Max(0, Math.Min(b, to) - Math.Max(a, from));
            return total;
        }

        bool WithinOne(string w, long from, long to) => ws[w].Open is not { } open || open.Any(i => i.S <= from && to <= i.E);

        // Machines, calendar, work.
        foreach (var s in slots.Values)
        {
            var op = ops[s.Id];
            if (s.Ws != op.Ws) errors.Add($"{s.Id} on workstation {s.Ws}, expected {op.Ws}");
            if (s.Machine < 0 || s.Machine >= ws[op.Ws].Machines) errors.Add($"{s.Id} on machine {s.Machine} of {op.Ws} ({ws[op.Ws].Machines} machines)");
            if (!(s.SetupStart <= s.Start && s.Start <= s.End)) errors.Add($"{s.Id} times out of order");
            var from = op.FixKind == "inProgress" ? Math.Max(s.Start, now) : s.Start;
            if (op.Duration > 0 && Work(op.Ws, from, s.End) != op.Duration) errors.Add($"{s.Id}: {Work(op.Ws, from, s.End)} working minutes in [{from}, {s.End}), duration {op.Duration}");
            if (!op.Interruptible && op.Duration > 0 && !WithinOne(op.Ws, s.SetupStart, s.End)) errors.Add($"{s.Id} (non-interruptible) is not inside one availability interval");
            if (op.FixStart is { } fs && s.Start != fs) errors.Add($"{s.Id} fixed at {fs}, placed at {s.Start}");
            var release = Math.Max(now, Math.Max(op.Release ?? long.MinValue, orders[op.Order].Release ?? long.MinValue));
            if (op.FixKind is null && s.SetupStart < release) errors.Add($"{s.Id} starts at {s.SetupStart} before its release {release}");
        }

        // No overlap per machine; setups between consecutive operations.
        foreach (var lane in slots.Values.GroupBy(s => (s.Ws, s.Machine)))
        {
            var seq = lane.OrderBy(s => s.Start).ThenBy(s => s.SetupStart).ToList();
            for (var i = 1; i < seq.Count; i++)
            {
                if (seq[i].SetupStart < seq[i - 1].End) errors.Add($"{seq[i - 1].Id} and {seq[i].Id} overlap on {lane.Key.Ws}/{lane.Key.Machine}");
                var (prev, cur) = (ops[seq[i - 1].Id], ops[seq[i].Id]);
                if (prev.Family is null || cur.Family is null || ops[seq[i].Id].FixKind == "inProgress") continue;
                var w = ws[cur.Ws];
                var need = w.Pairs.TryGetValue((prev.Family, cur.Family), out var v) ? v : prev.Family == cur.Family ? 0 : w.Default;
                if (Work(cur.Ws, seq[i].SetupStart, seq[i].Start) < need) errors.Add($"{seq[i].Id}: setup of {need} min after {seq[i - 1].Id} not done");
            }
        }

        // Precedences.
        foreach (var op in ops.Values.Where(o => o.FixKind is null))
        {
            var s = slots[op.Id];
            foreach (var (pid, f, delay) in op.Preds)
            {
                var q = slots[pid];
                var ready = q.End;
                if (f < 1)
                {
                    var need = (long)Math.Ceiling(f * ops[pid].Duration);
                    ready = q.Start;
                    while (Work(ops[pid].Ws, q.Start, ready) < need && ready < q.End) ready++;
                    if (s.End < q.End + delay) errors.Add($"{op.Id} ends before its predecessor {pid}");
                }

                if (s.SetupStart < ready + delay) errors.Add($"{op.Id} starts at {s.SetupStart} before {pid} allows it ({ready} + {delay})");
            }
        }

        // Reported objective.
        double wt = 0;
        var late = 0;
        foreach (var g in slots.Values.GroupBy(s => ops[s.Id].Order))
        {
            var completion = g.Max(s => s.End);
            var o = orders[g.Key];
            if (completion > o.Due) late++;
            wt += o.Weight * Math.Max(0, completion - o.Due);
        }

        var reported = sd.RootElement.GetProperty("objective").GetProperty("weightedTardiness").GetDouble();
        if (Math.Abs(reported - wt) > 1e-6 * Math.Max(1, wt)) errors.Add(string.Create(CultureInfo.InvariantCulture, $"reported weighted tardiness {reported}, recomputed {wt}"));
        if (sd.RootElement.GetProperty("lateOrders").GetInt32() != late) errors.Add($"reported late orders {sd.RootElement.GetProperty("lateOrders").GetInt32()}, recomputed {late}");
        return errors;
    }
}
