using System.Text;
using Collab.Infrastructure.Mail;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace Collab.Infrastructure.Calendar;

/// <summary>An iCalendar payload ready to attach to a mail.</summary>
public sealed record CalendarPayload(string Method, string Uid, int Sequence, string Content)
{
    /// <summary>The MIME type mail clients expect for an invitation: <c>text/calendar; method=REQUEST; charset=utf-8</c>.</summary>
    public string ContentType => $"text/calendar; method={Method}; charset=utf-8";

    public MailAttachment ToAttachment(string fileName = "invitation.ics") =>
        new(fileName, ContentType, Encoding.UTF8.GetBytes(Content));
}

/// <summary>
/// Builds iTIP invitations (RFC 5546) with Ical.Net: METHOD:REQUEST to invite or update,
/// METHOD:CANCEL to cancel — same UID, higher SEQUENCE, so calendars update the existing entry.
/// </summary>
public static class CalendarInvitationBuilder
{
    public const string ProductId = "-//Collab//Production meetings//FR";

    /// <summary>A stable UID for a meeting series: <c>{seriesId}@{domain}</c>.</summary>
    public static string UidFor(string seriesId, string domain)
    {
        if (string.IsNullOrWhiteSpace(seriesId) || MailValidator.ContainsControlCharacter(seriesId) || seriesId.Any(char.IsWhiteSpace))
            throw new ArgumentException("Invalid series identifier.", nameof(seriesId));
        return $"{seriesId}@{domain}";
    }

    /// <summary>Invitation or update (METHOD:REQUEST) with the invitation's own SEQUENCE.</summary>
    public static CalendarPayload Request(MeetingInvitation invitation, DateTimeOffset stamp)
    {
        Validate(invitation);
        return Build("REQUEST", invitation, invitation.Sequence, stamp, cancelled: false);
    }

    /// <summary>
    /// Cancellation (METHOD:CANCEL, STATUS:CANCELLED) with the same UID and SEQUENCE + 1.
    /// The owner stores the returned <see cref="CalendarPayload.Sequence"/>.
    /// </summary>
    public static CalendarPayload Cancel(MeetingInvitation invitation, DateTimeOffset stamp)
    {
        Validate(invitation);
        return Build("CANCEL", invitation, invitation.Sequence + 1, stamp, cancelled: true);
    }

    private static CalendarPayload Build(string method, MeetingInvitation inv, int sequence, DateTimeOffset stamp, bool cancelled)
    {
        var calendar = new Ical.Net.Calendar { Method = method, ProductId = ProductId };
        calendar.AddTimeZone(inv.TimeZoneId);
        var start = new CalDateTime(inv.Start, inv.TimeZoneId);
        var evt = new CalendarEvent
        {
            Uid = inv.Uid,
            Sequence = sequence,
            Summary = inv.Summary,
            Description = inv.Description,
            Location = inv.Location,
            DtStart = start,
            DtEnd = start.AddMinutes((int)Math.Round(inv.Duration.TotalMinutes)),
            DtStamp = new CalDateTime(stamp.UtcDateTime, "UTC"),
            Status = cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
            Transparency = TransparencyType.Opaque,
            Organizer = new Organizer("mailto:" + inv.Organizer.Email) { CommonName = inv.Organizer.Name },
        };
        if (inv.Url is not null) evt.Url = new Uri(inv.Url);
        foreach (var a in inv.Attendees)
        {
            evt.Attendees.Add(new Attendee("mailto:" + a.Email)
            {
                CommonName = a.Name,
                Role = a.Required ? ParticipationRole.RequiredParticipant : ParticipationRole.OptionalParticipant,
                ParticipationStatus = EventParticipationStatus.NeedsAction,
                Rsvp = !cancelled,
            });
        }
        if (inv.RecurrenceId is { } rid)
        {
            evt.RecurrenceIdentifier = new RecurrenceIdentifier(new CalDateTime(rid, inv.TimeZoneId));
        }
        else if (inv.Recurrence is { } r)
        {
            var pattern = new RecurrencePattern(r.Frequency switch
            {
                RecurrenceFrequency.Daily => FrequencyType.Daily,
                RecurrenceFrequency.Weekly => FrequencyType.Weekly,
                RecurrenceFrequency.Monthly => FrequencyType.Monthly,
                _ => throw new ArgumentOutOfRangeException(nameof(inv)),
            }, Math.Max(1, r.Interval));
            foreach (var d in r.Days) pattern.ByDay.Add(new WeekDay(d));
            if (r.Count is { } count) pattern.Count = count;
            if (r.Until is { } until)
            {
                // UNTIL must be UTC when DTSTART has a time zone (RFC 5545 3.3.10): end of the last local day.
                var tz = TimeZoneInfo.FindSystemTimeZoneById(inv.TimeZoneId);
                var localEnd = until.ToDateTime(new TimeOnly(23, 59, 59));
                pattern.Until = new CalDateTime(TimeZoneInfo.ConvertTimeToUtc(localEnd, tz), "UTC");
            }
            evt.RecurrenceRule = pattern;
        }
        calendar.Events.Add(evt);
        var content = new CalendarSerializer().SerializeToString(calendar) ?? throw new InvalidOperationException("iCalendar serialisation failed");
        return new CalendarPayload(method, inv.Uid, sequence, content);
    }

    private static void Validate(MeetingInvitation inv)
    {
        ArgumentNullException.ThrowIfNull(inv);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(inv.Uid) || MailValidator.ContainsControlCharacter(inv.Uid)) errors.Add("missing or invalid UID");
        if (inv.Sequence < 0) errors.Add("negative sequence");
        if (string.IsNullOrWhiteSpace(inv.Summary)) errors.Add("missing summary");
        if (MailValidator.CheckAddress(inv.Organizer.Email) is { } o) errors.Add($"organizer '{inv.Organizer.Email}': {o}");
        foreach (var a in inv.Attendees)
        {
            if (MailValidator.CheckAddress(a.Email) is { } reason) errors.Add($"attendee '{a.Email.ReplaceLineEndings(" ")}': {reason}");
            if (MailValidator.ContainsControlCharacter(a.Name)) errors.Add($"attendee '{a.Email.ReplaceLineEndings(" ")}': name with a control character");
        }
        if (MailValidator.ContainsControlCharacter(inv.Summary) || MailValidator.ContainsControlCharacter(inv.Location))
            errors.Add("summary or location with a line break");
        if (inv.Duration <= TimeSpan.Zero) errors.Add("zero duration");
        if (inv.Start.Kind == DateTimeKind.Utc) errors.Add("the start must be local to the meeting's time zone");
        try { TimeZoneInfo.FindSystemTimeZoneById(inv.TimeZoneId); }
        catch (TimeZoneNotFoundException) { errors.Add($"unknown time zone '{inv.TimeZoneId}'"); }
        if (errors.Count > 0) throw new ArgumentException("Invalid invitation (the meeting service checks attendees first, so this is a programming error): " + string.Join("; ", errors) + ".", nameof(inv));
    }
}
