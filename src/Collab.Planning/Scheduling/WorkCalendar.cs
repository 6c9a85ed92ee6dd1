namespace Collab.Planning.Scheduling;

/// <summary>A half-open interval of plan time [Start, End) in minutes from the plan origin.</summary>
public readonly record struct TimeInterval(long Start, long End)
{
    public long Length => End - Start;
}

/// <summary>
/// Working time of a workstation: sorted, disjoint availability intervals (shifts minus closures).
/// Operations consume working minutes; an interruptible operation is suspended over breaks and
/// resumes at the next interval, a non-interruptible one must fit inside a single interval.
/// </summary>
public sealed class WorkCalendar
{
    /// <summary>Far bounds used for "always open"; far enough to never be reached, small enough not to overflow.</summary>
    public const long Infinity = long.MaxValue / 4;

    private readonly long[] starts;
    private readonly long[] ends;

    public WorkCalendar(IEnumerable<TimeInterval> intervals)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        var sorted = intervals.Where(i => i.End > i.Start).OrderBy(i => i.Start).ToList();
        var merged = new List<TimeInterval>();
        foreach (var i in sorted)
        {
            if (merged.Count > 0 && i.Start <= merged[^1].End)
            {
                merged[^1] = merged[^1] with { End = Math.Max(merged[^1].End, i.End) };
            }
            else
            {
                merged.Add(i);
            }
        }

        starts = merged.Select(i => i.Start).ToArray();
        ends = merged.Select(i => i.End).ToArray();
    }

    /// <summary>Open all the time.</summary>
    public static WorkCalendar AlwaysOpen { get; } = new([new TimeInterval(-Infinity, Infinity)]);

    public IReadOnlyList<TimeInterval> Intervals => starts.Select((s, k) => new TimeInterval(s, ends[k])).ToArray();

    /// <summary>
    /// Builds a weekly-pattern calendar: <paramref name="shifts"/> are (start, end) minute offsets inside a
    /// 1440-minute day applied on every day of [from, to) whose index (0 = the day containing <paramref name="from"/>)
    /// passes <paramref name="isWorkingDay"/>; <paramref name="closures"/> are removed.
    /// </summary>
    public static WorkCalendar FromShifts(long from, long to, IReadOnlyList<(long Start, long End)> shifts,
        Func<long, bool>? isWorkingDay = null, IReadOnlyList<TimeInterval>? closures = null)
    {
        var list = new List<TimeInterval>();
        var firstDay = Math.DivRem(from, 1440, out var rem) - (rem < 0 ? 1 : 0);
        for (var day = firstDay; day * 1440 < to; day++)
        {
            if (isWorkingDay is not null && !isWorkingDay(day)) continue;
            foreach (var (s, e) in shifts)
            {
                list.Add(new TimeInterval(day * 1440 + s, day * 1440 + e));
            }
        }

        var calendar = new WorkCalendar(list);
        return closures is null || closures.Count == 0 ? calendar : calendar.Without(closures);
    }

    /// <summary>This calendar minus the given closures.</summary>
    public WorkCalendar Without(IEnumerable<TimeInterval> closures)
    {
        var result = new List<TimeInterval>();
        var cl = closures.Where(c => c.End > c.Start).OrderBy(c => c.Start).ToList();
        for (var k = 0; k < starts.Length; k++)
        {
            var pieces = new List<TimeInterval> { new(starts[k], ends[k]) };
            foreach (var c in cl)
            {
                var next = new List<TimeInterval>();
                foreach (var p in pieces)
                {
                    if (c.End <= p.Start || c.Start >= p.End)
                    {
                        next.Add(p);
                        continue;
                    }

                    if (c.Start > p.Start) next.Add(new TimeInterval(p.Start, c.Start));
                    if (c.End < p.End) next.Add(new TimeInterval(c.End, p.End));
                }

                pieces = next;
            }

            result.AddRange(pieces);
        }

        return new WorkCalendar(result);
    }

    /// <summary>Index of the first interval whose end is after <paramref name="t"/>, or the count.</summary>
    private int FirstEndingAfter(long t)
    {
        int lo = 0, hi = ends.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (ends[mid] <= t) lo = mid + 1;
            else hi = mid;
        }

        return lo;
    }

    /// <summary>Index of the last interval whose start is before <paramref name="t"/>, or -1.</summary>
    private int LastStartingBefore(long t)
    {
        int lo = 0, hi = starts.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (starts[mid] < t) lo = mid + 1;
            else hi = mid;
        }

        return lo - 1;
    }

    /// <summary>True when <paramref name="t"/> lies inside an availability interval.</summary>
    public bool IsOpen(long t)
    {
        var k = FirstEndingAfter(t);
        return k < starts.Length && starts[k] <= t;
    }

    /// <summary>First working instant at or after <paramref name="t"/>; null if the calendar ends before.</summary>
    public long? NextOpen(long t)
    {
        var k = FirstEndingAfter(t);
        return k < starts.Length ? Math.Max(t, starts[k]) : null;
    }

    /// <summary>
    /// Earliest placement of <paramref name="work"/> working minutes starting at or after <paramref name="earliest"/>.
    /// Returns (start, end) or null when the calendar is exhausted. Zero work is placed at the first working instant.
    /// </summary>
    public (long Start, long End)? PlaceForward(long earliest, long work, bool interruptible)
    {
        var k = FirstEndingAfter(earliest);
        if (k >= starts.Length) return null;
        if (!interruptible)
        {
            for (; k < starts.Length; k++)
            {
                var s = Math.Max(earliest, starts[k]);
                if (s + work <= ends[k]) return (s, s + work);
            }

            return null;
        }

        var start = Math.Max(earliest, starts[k]);
        var remaining = work;
        var t = start;
        while (true)
        {
            var available = ends[k] - t;
            if (remaining <= available) return (start, t + remaining);
            remaining -= available;
            k++;
            if (k >= starts.Length) return null;
            t = starts[k];
        }
    }

    /// <summary>
    /// Latest placement of <paramref name="work"/> working minutes ending at or before <paramref name="latestEnd"/>.
    /// Returns (start, end) or null when the calendar has not enough time before.
    /// </summary>
    public (long Start, long End)? PlaceBackward(long latestEnd, long work, bool interruptible)
    {
        var k = LastStartingBefore(latestEnd);
        if (k < 0) return null;
        if (work == 0)
        {
            var e0 = Math.Min(latestEnd, ends[k]);
            return (e0, e0);
        }

        if (!interruptible)
        {
            for (; k >= 0; k--)
            {
                var e = Math.Min(latestEnd, ends[k]);
                if (e - work >= starts[k]) return (e - work, e);
            }

            return null;
        }

        var end = Math.Min(latestEnd, ends[k]);
        var remaining = work;
        var t = end;
        while (true)
        {
            var available = t - starts[k];
            if (remaining <= available) return (t - remaining, end);
            remaining -= available;
            k--;
            if (k < 0) return null;
            t = ends[k];
        }
    }

    /// <summary>Instant at which <paramref name="work"/> minutes of work started at <paramref name="start"/> are done.</summary>
    public long AdvanceWork(long start, long work, bool interruptible)
    {
        if (work == 0) return start;
        if (!interruptible) return start + work;
        var placed = PlaceForward(start, work, true);
        return placed?.End ?? Infinity;
    }

    /// <summary>Working minutes inside [from, to).</summary>
    public long WorkBetween(long from, long to)
    {
        if (to <= from) return 0;
        long total = 0;
        for (var k = FirstEndingAfter(from); k < starts.Length && starts[k] < to; k++)
        {
            total += Math.Min(to, ends[k]) - Math.Max(from, starts[k]);
        }

        return total;
    }

    /// <summary>True when [from, to) lies inside one availability interval (or is empty).</summary>
    public bool WithinOneInterval(long from, long to)
    {
        if (to <= from) return true;
        var k = FirstEndingAfter(from);
        return k < starts.Length && starts[k] <= from && to <= ends[k];
    }
}
