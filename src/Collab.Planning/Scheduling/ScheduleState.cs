namespace Collab.Planning.Scheduling;

/// <summary>
/// Mutable placement state: for every operation its machine and times, for every machine the time-ordered list of
/// its operations. Placement inserts into gaps and keeps sequence-dependent setups consistent with the actual
/// machine predecessor (the setup of the next operation is recomputed when something is inserted before it).
/// </summary>
internal sealed class ScheduleState
{
    public readonly CompiledProblem P;
    public readonly int[] Machine; // global machine index, -1 if not placed
    public readonly long[] SetupStart, Start, End;
    public readonly List<int>[] Timeline;
    public readonly List<ScheduleConflict> Conflicts = [];
    public readonly bool[] Displaced; // fixed operation that could not keep its fixed place (conflict reported)

    public ScheduleState(CompiledProblem p)
    {
        P = p;
        Machine = Enumerable.Repeat(-1, p.N).ToArray();
        SetupStart = new long[p.N];
        Start = new long[p.N];
        End = new long[p.N];
        Displaced = new bool[p.N];
        Timeline = new List<int>[p.TotalMachines];
        for (var m = 0; m < Timeline.Length; m++) Timeline[m] = [];
    }

    public bool Placed(int o) => Machine[o] >= 0;

    public readonly record struct Candidate(int GlobalMachine, int Index, long SetupStart, long Start, long End, long NextSetupStart);

    /// <summary>Earliest start of <paramref name="o"/> allowed by its placed predecessors and its release date.</summary>
    public long ReadyFromPredecessors(int o, out long minEnd)
    {
        var r = P.Release[o];
        minEnd = long.MinValue;
        foreach (var (p, f, delay) in P.Preds[o])
        {
            if (!Placed(p)) continue;
            r = Math.Max(r, ReadyPoint(p, f) + delay);
            if (f < 1) minEnd = Math.Max(minEnd, End[p] + delay);
        }

        return r;
    }

    /// <summary>Instant when <paramref name="f"/> of the work of placed operation <paramref name="p"/> is done.</summary>
    public long ReadyPoint(int p, double f)
    {
        if (f >= 1) return End[p];
        var w = P.Ws[p];
        var work = (long)Math.Ceiling(f * P.Dur[p]);
        var from = P.Fix[p]?.Kind == FixKind.InProgress ? Math.Max(Start[p], P.Now) : Start[p];
        return Math.Min(End[p], P.Calendar[w].AdvanceWork(from, work, P.Interruptible[p]));
    }

    /// <summary>Setup start of the already placed <paramref name="next"/> if an operation of <paramref name="family"/>
    /// is inserted just before it; not ok when that setup would cross its ready time or the calendar forbids it.</summary>
    private long SetupStartBefore(int next, string? family, out bool ok)
    {
        var ss = SetupStartBeforeCore(next, family, out ok);
        if (ok && P.Fix[next] is null && ss < SetupStart[next] && ss < ReadyFromPredecessors(next, out _)) ok = false;
        return ss;
    }

    private long SetupStartBeforeCore(int next, string? family, out bool ok)
    {
        ok = true;
        if (P.Fix[next]?.Kind == FixKind.InProgress) return Start[next];
        var w = P.Ws[next];
        var su = P.Setups[w].Get(family, P.Family[next]);
        if (su == 0) return Start[next];
        if (!P.Interruptible[next])
        {
            var ss = Start[next] - su;
            ok = P.Calendar[w].WithinOneInterval(ss, End[next]);
            return ss;
        }

        var placed = P.Calendar[w].PlaceBackward(Start[next], su, true);
        if (placed is null)
        {
            ok = false;
            return long.MinValue;
        }

        return placed.Value.Start;
    }

    /// <summary>Processing start after <paramref name="setup"/> minutes of setup begun at <paramref name="setupStart"/>.</summary>
    private long AfterSetup(int o, long setupStart, long setup)
    {
        if (setup == 0) return setupStart;
        var w = P.Ws[o];
        if (!P.Interruptible[o]) return setupStart + setup;
        var t = P.Calendar[w].AdvanceWork(setupStart, setup, true);
        return P.Dur[o] > 0 ? P.Calendar[w].NextOpen(t) ?? t : t;
    }

    /// <summary>Earliest feasible insertion of <paramref name="o"/> on a machine: start ≥ earliest, end ≥ minEnd.</summary>
    public Candidate? TryForward(int o, int gm, long earliest, long minEnd)
    {
        var w = P.Ws[o];
        var cal = P.Calendar[w];
        var setups = P.Setups[w];
        var tl = Timeline[gm];
        // First gap that can contain something starting at or after 'earliest': skip operations ending before it.
        int lo = 0, hi = tl.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (End[tl[mid]] <= earliest) lo = mid + 1;
            else hi = mid;
        }

        for (var g = lo; g <= tl.Count; g++)
        {
            var prev = g > 0 ? tl[g - 1] : -1;
            var next = g < tl.Count ? tl[g] : -1;
            var from = prev >= 0 ? Math.Max(earliest, End[prev]) : earliest;
            if (next >= 0 && from >= Start[next]) continue;
            var su = setups.Get(prev >= 0 ? P.Family[prev] : null, P.Family[o]);
            var attempt = from;
            (long Start, long End)? placed = null;
            for (var guard = 0; guard < 64; guard++)
            {
                placed = cal.PlaceForward(attempt, su + P.Dur[o], P.Interruptible[o]);
                if (placed is null || placed.Value.End >= minEnd) break;
                attempt = placed.Value.Start + (minEnd - placed.Value.End);
            }

            if (placed is null) return null; // calendar exhausted: no later gap can do better
            var (ss, e) = placed.Value;
            var s = AfterSetup(o, ss, su);
            var nss = long.MaxValue;
            if (next >= 0)
            {
                nss = SetupStartBefore(next, P.Family[o], out var ok);
                if (!ok || e > nss) continue;
            }

            return new Candidate(gm, g, ss, s, e, nss);
        }

        return null;
    }

    /// <summary>Latest feasible insertion of <paramref name="o"/> on a machine ending at or before <paramref name="latestEnd"/>.</summary>
    public Candidate? TryBackward(int o, int gm, long latestEnd)
    {
        var w = P.Ws[o];
        var cal = P.Calendar[w];
        var setups = P.Setups[w];
        var tl = Timeline[gm];
        for (var g = tl.Count; g >= 0; g--)
        {
            var prev = g > 0 ? tl[g - 1] : -1;
            var next = g < tl.Count ? tl[g] : -1;
            var limit = latestEnd;
            var nss = long.MaxValue;
            if (next >= 0)
            {
                nss = SetupStartBefore(next, P.Family[o], out var ok);
                if (!ok) continue;
                limit = Math.Min(limit, nss);
            }

            if (prev >= 0 && End[prev] > limit) continue;
            var su = setups.Get(prev >= 0 ? P.Family[prev] : null, P.Family[o]);
            var placed = cal.PlaceBackward(limit, su + P.Dur[o], P.Interruptible[o]);
            if (placed is null) return null;
            var (ss, e) = placed.Value;
            if (prev >= 0 && ss < End[prev]) continue;
            return new Candidate(gm, g, ss, AfterSetup(o, ss, su), e, nss);
        }

        return null;
    }

    public void Commit(int o, Candidate c)
    {
        var tl = Timeline[c.GlobalMachine];
        tl.Insert(c.Index, o);
        Machine[o] = c.GlobalMachine;
        SetupStart[o] = c.SetupStart;
        Start[o] = c.Start;
        End[o] = c.End;
        if (c.Index + 1 < tl.Count) SetupStart[tl[c.Index + 1]] = c.NextSetupStart;
    }

    /// <summary>Candidate machines of an operation (a sequence pin forces the machine of its pinned predecessor).</summary>
    public IEnumerable<int> MachinesFor(int o)
    {
        var w = P.Ws[o];
        var same = P.SameMachineAs[o];
        if (same >= 0 && Placed(same))
        {
            yield return Machine[same];
            yield break;
        }

        if (P.Fix[o]?.Machine is int fm)
        {
            yield return P.MachineOffset[w] + fm;
            yield break;
        }

        for (var k = 0; k < P.MachineCount[w]; k++) yield return P.MachineOffset[w] + k;
    }

    /// <summary>Places <paramref name="o"/> as early as possible (best machine = earliest end).</summary>
    public void PlaceForward(int o)
    {
        var earliest = ReadyFromPredecessors(o, out var minEnd);
        Candidate? best = null;
        foreach (var gm in MachinesFor(o))
        {
            var c = TryForward(o, gm, earliest, minEnd);
            if (c is null) continue;
            if (best is null || c.Value.End < best.Value.End || (c.Value.End == best.Value.End && c.Value.SetupStart < best.Value.SetupStart))
                best = c;
        }

        if (best is null)
        {
            // The calendar has no room left: report, and append after the machine's last operation ignoring the calendar.
            var gm = MachinesFor(o).First();
            var tl = Timeline[gm];
            var s = Math.Max(earliest, tl.Count > 0 ? End[tl[^1]] : earliest);
            Conflicts.Add(new ScheduleConflict(ConflictKind.CalendarExhausted, [P.Ops[o].Id],
                $"Calendrier du poste {P.Ops[o].WorkstationId} épuisé : l'opération {P.Ops[o].Id} est placée hors calendrier."));
            best = new Candidate(gm, tl.Count, s, s, s + P.Dur[o], long.MaxValue);
        }

        Commit(o, best.Value);
    }

    /// <summary>
    /// Places the fixed operations (in progress, frozen, pinned) at their fixed start, in start order.
    /// Overlaps between them are reported and resolved by moving the later one to the earliest free time after.
    /// </summary>
    public void PlaceFixed()
    {
        var fixedOps = Enumerable.Range(0, P.N).Where(i => P.Fix[i] is not null)
            .OrderBy(i => P.Fix[i]!.Kind == FixKind.InProgress ? 0 : 1).ThenBy(i => P.Fix[i]!.Start).ThenBy(i => i).ToList();
        foreach (var o in fixedOps)
        {
            var fix = P.Fix[o]!;
            var w = P.Ws[o];
            var cal = P.Calendar[w];
            var s = fix.Start;
            long e;
            if (fix.Kind == FixKind.InProgress)
            {
                e = cal.PlaceForward(Math.Max(P.Now, s), P.Dur[o], true)?.End ?? Math.Max(P.Now, s) + P.Dur[o];
            }
            else
            {
                if (P.Dur[o] > 0 && !cal.IsOpen(s))
                {
                    var next = cal.NextOpen(s) ?? s;
                    Conflicts.Add(new ScheduleConflict(ConflictKind.FixedOutsideCalendar, [P.Ops[o].Id],
                        $"L'opération {P.Ops[o].Id} est fixée à {s}, hors calendrier du poste {P.Ops[o].WorkstationId} : début reporté à {next}."));
                    Displaced[o] = true;
                    s = next;
                }

                var placed = cal.PlaceForward(s, P.Dur[o], P.Interruptible[o]);
                if (placed is not null && placed.Value.Start != s)
                {
                    Conflicts.Add(new ScheduleConflict(ConflictKind.FixedOutsideCalendar, [P.Ops[o].Id],
                        $"L'opération {P.Ops[o].Id} (non interruptible) ne tient pas dans le créneau de {s} : début reporté à {placed.Value.Start}."));
                    Displaced[o] = true;
                    s = placed.Value.Start;
                }

                e = placed?.End ?? s + P.Dur[o];
            }

            Candidate? chosen = null;
            foreach (var gm in MachinesFor(o))
            {
                var c = FitExactly(o, gm, s, e);
                if (c is not null)
                {
                    chosen = c;
                    break;
                }
            }

            if (chosen is not null)
            {
                Commit(o, chosen.Value);
                continue;
            }

            // Overlap with another fixed operation on every allowed machine: report and move it after.
            var gm0 = MachinesFor(o).First();
            var blockers = Timeline[gm0].Where(x => End[x] > s && SetupStart[x] < e).Select(x => P.Ops[x].Id).ToList();
            Conflicts.Add(new ScheduleConflict(ConflictKind.FixedOverlap, [P.Ops[o].Id, .. blockers],
                $"Les opérations figées {P.Ops[o].Id} et {string.Join(", ", blockers)} se chevauchent sur le poste {P.Ops[o].WorkstationId} (machine {gm0 - P.MachineOffset[w]}) : {P.Ops[o].Id} est décalée."));
            Displaced[o] = true;
            var moved = TryForward(o, gm0, s, long.MinValue);
            if (moved is null)
            {
                var tl = Timeline[gm0];
                var t = tl.Count > 0 ? Math.Max(s, End[tl[^1]]) : s;
                moved = new Candidate(gm0, tl.Count, t, t, t + P.Dur[o], long.MaxValue);
            }

            Commit(o, moved.Value);
        }
    }

    private Candidate? FitExactly(int o, int gm, long s, long e)
    {
        var tl = Timeline[gm];
        var g = 0;
        while (g < tl.Count && Start[tl[g]] < s) g++;
        var prev = g > 0 ? tl[g - 1] : -1;
        var next = g < tl.Count ? tl[g] : -1;
        var w = P.Ws[o];
        long ss = s;
        if (P.Fix[o]!.Kind != FixKind.InProgress)
        {
            var su = P.Setups[w].Get(prev >= 0 ? P.Family[prev] : null, P.Family[o]);
            if (su > 0)
            {
                if (P.Interruptible[o])
                {
                    var placed = P.Calendar[w].PlaceBackward(s, su, true);
                    if (placed is null) return null;
                    ss = placed.Value.Start;
                }
                else
                {
                    ss = s - su;
                }
            }
        }

        if (prev >= 0 && End[prev] > ss) return null;
        var nss = long.MaxValue;
        if (next >= 0)
        {
            nss = SetupStartBefore(next, P.Family[o], out var ok);
            if (!ok || e > nss) return null;
        }

        return new Candidate(gm, g, ss, s, e, nss);
    }

    /// <summary>Reports fixed operations that start before a predecessor allows it or before their release.</summary>
    public void ReportFixedViolations()
    {
        for (var o = 0; o < P.N; o++)
        {
            var fix = P.Fix[o];
            if (fix is null || fix.Kind == FixKind.InProgress) continue;
            foreach (var (p, f, delay) in P.Preds[o])
            {
                if (!Placed(p)) continue;
                var ready = ReadyPoint(p, f) + delay;
                if (SetupStart[o] < ready || (f < 1 && End[o] < End[p] + delay))
                {
                    Conflicts.Add(new ScheduleConflict(ConflictKind.FixedBeforePredecessor, [P.Ops[o].Id, P.Ops[p].Id],
                        $"L'opération fixée {P.Ops[o].Id} commence à {SetupStart[o]} avant que son prédécesseur {P.Ops[p].Id} le permette ({ready})."));
                }
            }

            var order = P.Orders[P.Order[o]];
            var release = Math.Max(P.Ops[o].Release ?? long.MinValue, order.Release ?? long.MinValue);
            if (SetupStart[o] < release)
            {
                Conflicts.Add(new ScheduleConflict(ConflictKind.FixedBeforeRelease, [P.Ops[o].Id],
                    $"L'opération fixée {P.Ops[o].Id} commence à {SetupStart[o]} avant sa date de disponibilité {release}."));
            }
        }
    }
}
