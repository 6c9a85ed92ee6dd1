namespace Collab.Planning.MasterData;

/// <summary>Hours worked per day of the week (Monday first), e.g. two 8-hour shifts Monday–Friday.</summary>
public sealed record ShiftPattern
{
    /// <summary>Seven values, Monday..Sunday.</summary>
    public IReadOnlyList<double> HoursByDay { get; init; } = [8, 8, 8, 8, 8, 0, 0];

    public static ShiftPattern Shifts(int shifts, double hoursPerShift = 8, int workingDays = 5) =>
        new() { HoursByDay = [.. Enumerable.Range(0, 7).Select(d => d < workingDays ? shifts * hoursPerShift : 0.0)] };

    public double HoursOn(DayOfWeek day) => HoursByDay[((int)day + 6) % 7];

    public double WeeklyHours => HoursByDay.Sum();
}

/// <summary>The site calendar: working days of the week and closures (jours fériés, fermetures).</summary>
public sealed record SiteCalendar
{
    public static readonly SiteCalendar MondayToFriday = new();

    public IReadOnlyList<DayOfWeek> WorkingDays { get; init; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    public IReadOnlyList<DateOnly> Closures { get; init; } = [];

    public bool IsWorkingDay(DateOnly day) => WorkingDays.Contains(day.DayOfWeek) && !Closures.Contains(day);

    /// <summary>Working days in [from, to).</summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        var n = 0;
        for (var d = from; d < to; d = d.AddDays(1))
        {
            if (IsWorkingDay(d))
            {
                n++;
            }
        }

        return n;
    }
}

/// <summary>
/// A workstation (poste de charge): shift pattern, closures, parallel machines and efficiency.
/// Available hours on a day = shift hours × machines × efficiency (0 on closures).
/// </summary>
public sealed record Workstation
{
    public required string Code { get; init; }
    public string Description { get; init; } = "";
    public ShiftPattern Shifts { get; init; } = new();
    public IReadOnlyList<DateOnly> Closures { get; init; } = [];
    public int Machines { get; init; } = 1;
    /// <summary>Efficiency (rendement), e.g. 0.85: standard hours produced per clock hour.</summary>
    public double Efficiency { get; init; } = 1.0;

    /// <summary>Shift hours of one machine on a day (0 when closed).</summary>
    public double ShiftHours(DateOnly day) => Closures.Contains(day) ? 0 : Shifts.HoursOn(day.DayOfWeek);

    /// <summary>Available standard hours on a day for all machines.</summary>
    public double AvailableHours(DateOnly day) => ShiftHours(day) * Machines * Efficiency;

    /// <summary>Available standard hours in [from, to).</summary>
    public double AvailableHours(DateOnly from, DateOnly to)
    {
        var h = 0.0;
        for (var d = from; d < to; d = d.AddDays(1))
        {
            h += AvailableHours(d);
        }

        return h;
    }
}

/// <summary>Bucket size of a plan.</summary>
public enum BucketSize
{
    Day,
    Week,
    Month,
}

/// <summary>A planning bucket [Start, End) numbered from 1.</summary>
public sealed record Bucket(int Number, DateOnly Start, DateOnly End)
{
    public int Days => End.DayNumber - Start.DayNumber;

    public bool Contains(DateOnly day) => Start <= day && day < End;
}

/// <summary>Builds day/week/month buckets and maps dates to bucket numbers.</summary>
public static class Buckets
{
    /// <summary>
    /// <paramref name="count"/> consecutive buckets from <paramref name="start"/> (weeks start on the
    /// Monday on or before it, months on the first of its month).
    /// </summary>
    public static IReadOnlyList<Bucket> Build(DateOnly start, BucketSize size, int count)
    {
        var first = size switch
        {
            BucketSize.Week => start.AddDays(-(((int)start.DayOfWeek + 6) % 7)),
            BucketSize.Month => new DateOnly(start.Year, start.Month, 1),
            _ => start,
        };
        var list = new List<Bucket>(count);
        var s = first;
        for (var n = 1; n <= count; n++)
        {
            var e = size switch
            {
                BucketSize.Day => s.AddDays(1),
                BucketSize.Week => s.AddDays(7),
                _ => s.AddMonths(1),
            };
            list.Add(new Bucket(n, s, e));
            s = e;
        }

        return list;
    }

    /// <summary>Bucket number of a date: ≤ 0 before the first bucket (0 = past due), count + 1 after the last.</summary>
    public static int NumberOf(IReadOnlyList<Bucket> buckets, DateOnly day)
    {
        if (buckets.Count == 0 || day < buckets[0].Start)
        {
            return 0;
        }

        if (day >= buckets[^1].End)
        {
            return buckets.Count + 1;
        }

        int lo = 0, hi = buckets.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (buckets[mid].Start <= day)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo + 1;
    }
}
