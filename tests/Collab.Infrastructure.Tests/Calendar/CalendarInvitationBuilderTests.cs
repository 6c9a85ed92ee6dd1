using Collab.Contracts;
using Collab.Infrastructure.Calendar;
using Collab.Infrastructure.Mail;
using Collab.Infrastructure.Tests.Servers;
using Ical.Net;
using Ical.Net.DataTypes;
using MimeKit;

namespace Collab.Infrastructure.Tests.Calendar;

[Collection(MailServersCollection.Name)]
public sealed class CalendarInvitationBuilderTests(MailServersFixture servers)
{
    private static readonly DateTimeOffset Stamp = new(2026, 2, 27, 16, 0, 0, TimeSpan.Zero);

    private static MeetingInvitation DailyMeeting => new()
    {
        Uid = CalendarInvitationBuilder.UidFor("serie-reunion-prod-lyon", "usine-lyon.example.fr"),
        Sequence = 0,
        Summary = "Réunion de production quotidienne",
        Description = "Ordre du jour SQCDP : Sécurité, Qualité, Coût, Délai, Personnel.",
        Location = "Salle Atelier — écran mural",
        Organizer = new("animateur@usine-lyon.example.fr", "Camille Leroy"),
        Attendees =
        [
            new("chef.atelier@usine-lyon.example.fr", "Jérôme Petit"),
            new("qualite@usine-lyon.example.fr", "Inès Moreau"),
            new("achats@fournisseur.example.com", "Acheteur externe", Required: false),
        ],
        Start = new DateTime(2026, 3, 2, 8, 30, 0, DateTimeKind.Unspecified), // Monday
        Duration = TimeSpan.FromMinutes(15),
        TimeZoneId = "Europe/Paris",
        Recurrence = MeetingRecurrence.Weekdays(),
        Url = "https://collab.usine-lyon.example.fr/reunions/42",
    };

    [Fact]
    public void Request_parses_back_with_method_uid_sequence_recurrence_time_zone_and_people()
    {
        var payload = CalendarInvitationBuilder.Request(DailyMeeting, Stamp);
        Assert.Equal("text/calendar; method=REQUEST; charset=utf-8", payload.ContentType);
        Assert.Contains("METHOD:REQUEST", payload.Content);
        Assert.Contains("RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", payload.Content);
        Assert.Contains("DTSTART;TZID=Europe/Paris:20260302T083000", payload.Content);
        Assert.Contains("BEGIN:VTIMEZONE", payload.Content);

        var calendar = Ical.Net.Calendar.Load(payload.Content)!;
        Assert.Equal("REQUEST", calendar.Method);
        var evt = Assert.Single(calendar.Events);
        Assert.Equal("serie-reunion-prod-lyon@usine-lyon.example.fr", evt.Uid);
        Assert.Equal(0, evt.Sequence);
        Assert.Equal("Réunion de production quotidienne", evt.Summary);
        Assert.Equal("Salle Atelier — écran mural", evt.Location);
        Assert.Equal("Europe/Paris", evt.DtStart!.TzId);
        Assert.Equal(new DateTime(2026, 3, 2, 8, 30, 0), evt.DtStart.Value);
        Assert.Equal(new DateTime(2026, 3, 2, 8, 45, 0), evt.DtEnd!.Value);
        Assert.Equal("mailto:animateur@usine-lyon.example.fr", evt.Organizer!.Value!.ToString());
        Assert.Equal(3, evt.Attendees.Count);
        Assert.Equal("Jérôme Petit", evt.Attendees[0].CommonName);
        Assert.Equal("OPT-PARTICIPANT", evt.Attendees[2].Role);
        Assert.True(evt.Attendees[0].Rsvp);
        var rule = evt.RecurrenceRule!;
        Assert.Equal(FrequencyType.Weekly, rule.Frequency);
        Assert.Equal(5, rule.ByDay.Count);

        // The first 7 occurrences: Mon–Fri, then the next Mon–Tue, always 08:30 Paris time
        // (07:30 UTC in winter, 06:30 UTC after the switch to summer time on 29 March 2026).
        var occurrences = calendar.GetOccurrences(new CalDateTime(new DateTime(2026, 3, 1), "Europe/Paris")).Take(7)
            .Select(o => o.Period.StartTime.Value).ToList();
        Assert.Equal(
            [new(2026, 3, 2, 8, 30, 0), new(2026, 3, 3, 8, 30, 0), new(2026, 3, 4, 8, 30, 0), new(2026, 3, 5, 8, 30, 0),
             new(2026, 3, 6, 8, 30, 0), new(2026, 3, 9, 8, 30, 0), new(2026, 3, 10, 8, 30, 0)],
            occurrences);
        var afterDst = calendar.GetOccurrences(new CalDateTime(new DateTime(2026, 3, 30), "Europe/Paris")).First();
        Assert.Equal(new DateTime(2026, 3, 30, 6, 30, 0, DateTimeKind.Utc), afterDst.Period.StartTime.AsUtc);
    }

    [Fact]
    public void Update_keeps_the_uid_and_cancel_increments_the_sequence()
    {
        var moved = DailyMeeting with { Sequence = 3, Start = new DateTime(2026, 3, 2, 9, 0, 0) };
        var update = CalendarInvitationBuilder.Request(moved, Stamp);
        var cancel = CalendarInvitationBuilder.Cancel(moved, Stamp.AddDays(1));

        var u = Assert.Single(Ical.Net.Calendar.Load(update.Content)!.Events);
        var parsedCancel = Ical.Net.Calendar.Load(cancel.Content)!;
        var c = Assert.Single(parsedCancel.Events);
        Assert.Equal(u.Uid, c.Uid);
        Assert.Equal(3, u.Sequence);
        Assert.Equal(4, c.Sequence);
        Assert.Equal(4, cancel.Sequence);
        Assert.Equal("CANCEL", parsedCancel.Method);
        Assert.Equal("CANCELLED", c.Status);
        Assert.Equal("text/calendar; method=CANCEL; charset=utf-8", cancel.ContentType);
        Assert.Equal(3, c.Attendees.Count);
    }

    [Fact]
    public void One_occurrence_can_be_moved_alone_with_its_recurrence_id()
    {
        var single = DailyMeeting with { Sequence = 1, Start = new DateTime(2026, 3, 4, 10, 0, 0), RecurrenceId = new DateTime(2026, 3, 4, 8, 30, 0) };
        var payload = CalendarInvitationBuilder.Request(single, Stamp);
        Assert.Contains("RECURRENCE-ID;TZID=Europe/Paris:20260304T083000", payload.Content);
        Assert.DoesNotContain("RRULE:FREQ=WEEKLY", payload.Content);
    }

    [Theory]
    [InlineData("pas-une-adresse")]
    [InlineData("x@example.fr\r\nATTENDEE:mailto:intrus@evil.example")]
    public void Invalid_attendee_is_refused(string email)
    {
        var ex = Assert.Throws<ArgumentException>(() => CalendarInvitationBuilder.Request(DailyMeeting with { Attendees = [new(email)] }, Stamp));
        Assert.Contains("Invalid invitation", ex.Message);
    }

    [Fact]
    public async Task Invitation_mailed_through_the_smtp_server_arrives_as_text_calendar_method_request()
    {
        var payload = CalendarInvitationBuilder.Request(DailyMeeting, Stamp);
        var sender = new SmtpMailSender(new FixedMailSettingsProvider(new MailSettings
        {
            Host = "127.0.0.1", Port = servers.Smtp.Port, Security = MailSecurity.None, FromAddress = "collab@usine-lyon.example.fr",
        }), TimeProvider.System);
        var sent = await sender.SendAsync(new OutgoingMail
        {
            To = [new("chef.atelier@usine-lyon.example.fr", "Jérôme Petit")],
            Subject = "Invitation : Réunion de production quotidienne",
            TextBody = "Vous êtes invité(e) à la réunion de production, chaque jour ouvré à 8 h 30.",
            Attachments = [payload.ToAttachment()],
        });

        var received = servers.Smtp.FindByMessageId(sent.MessageId)!;
        var part = Assert.IsAssignableFrom<MimePart>(Assert.Single(received.Attachments));
        Assert.Equal("text/calendar", part.ContentType.MimeType);
        Assert.Equal("REQUEST", part.ContentType.Parameters["method"]);
        using var ms = new MemoryStream();
        await part.Content!.DecodeToAsync(ms);
        var calendar = Ical.Net.Calendar.Load(System.Text.Encoding.UTF8.GetString(ms.ToArray()))!;
        Assert.Equal(DailyMeeting.Uid, Assert.Single(calendar.Events).Uid);
    }
}
