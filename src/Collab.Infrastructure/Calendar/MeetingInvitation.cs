namespace Collab.Infrastructure.Calendar;

/// <summary>Someone invited to a meeting.</summary>
public sealed record CalendarPerson(string Email, string? Name = null, bool Required = true);

/// <summary>How a meeting series repeats. Weekly on <see cref="Days"/> (e.g. Monday–Friday for a daily production meeting).</summary>
public sealed record MeetingRecurrence
{
    public RecurrenceFrequency Frequency { get; init; } = RecurrenceFrequency.Weekly;
    public int Interval { get; init; } = 1;
    /// <summary>Days of the week (weekly); empty = the start day.</summary>
    public DayOfWeek[] Days { get; init; } = [];
    /// <summary>Last day (inclusive, local date) or null.</summary>
    public DateOnly? Until { get; init; }
    /// <summary>Number of occurrences or null.</summary>
    public int? Count { get; init; }

    /// <summary>Every working day (Monday to Friday).</summary>
    public static MeetingRecurrence Weekdays(DateOnly? until = null) => new()
    {
        Frequency = RecurrenceFrequency.Weekly,
        Days = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
        Until = until,
    };
}

public enum RecurrenceFrequency { Daily, Weekly, Monthly }

/// <summary>
/// A meeting series or single occurrence as the meeting grains keep it. <see cref="Uid"/> is stable
/// for the life of the series; <see cref="Sequence"/> is incremented by the owner at every change
/// that attendees must see (time, place, cancellation). Times are local to <see cref="TimeZoneId"/>.
/// Arrays only (storable in grain state).
/// </summary>
public sealed record MeetingInvitation
{
    public string Uid { get; init; } = "";
    public int Sequence { get; init; }
    public string Summary { get; init; } = "";
    public string? Description { get; init; }
    public string? Location { get; init; }
    public CalendarPerson Organizer { get; init; } = new("");
    public CalendarPerson[] Attendees { get; init; } = [];
    /// <summary>Local start (in <see cref="TimeZoneId"/>).</summary>
    public DateTime Start { get; init; }
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(15);
    /// <summary>IANA time zone, e.g. Europe/Paris.</summary>
    public string TimeZoneId { get; init; } = "Europe/Paris";
    /// <summary>Null for a single meeting.</summary>
    public MeetingRecurrence? Recurrence { get; init; }
    /// <summary>
    /// For one occurrence of a series (moved or cancelled alone): its original local start. The
    /// <see cref="Uid"/> is then the series' UID.
    /// </summary>
    public DateTime? RecurrenceId { get; init; }
    /// <summary>Link to the meeting page (/reunions/{id}).</summary>
    public string? Url { get; init; }
}
