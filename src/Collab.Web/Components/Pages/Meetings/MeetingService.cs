using System.Globalization;
using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Meetings;
using Collab.Contracts.Sites;
using Collab.Infrastructure.Calendar;
using Collab.Infrastructure.Mail;
using Collab.Infrastructure.Pdf;
using Collab.Web.Identity;
using Collab.Grains.Meetings;
using Collab.Web.Services;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Collab.Web.Components.Pages.Meetings;

/// <summary>A Collab user that can be invited (picker of the series form).</summary>
public sealed record MeetingPerson(string UserName, string DisplayName, string? Email);

/// <summary>Outcome of a mailing: who got it, who has no address.</summary>
public sealed record MeetingMailResult(IReadOnlyList<string> Recipients, IReadOnlyList<string> WithoutAddress, string? MessageId, int Sequence = 0);

/// <summary>
/// Production meetings: series and invitations (iCalendar REQUEST/CANCEL mailed with the app's
/// <see cref="IMailSender"/>), live capture, big screen, minutes PDF (<see cref="IMinutesRenderer"/>) and mail,
/// history, kiosk display links. Facilitator commands need <see cref="Policies.CanFacilitate"/>; capture
/// (notes, decisions, actions) is open to every contributor (every role but Lecteur); display links need
/// <see cref="Policies.CanAdminister"/>.
/// </summary>
public sealed class MeetingService(
    PlanContext ctx,
    IMailSender mail,
    IMailSettingsProvider mailSettings,
    IMinutesRenderer minutes,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IConfiguration configuration,
    AgendaText text,
    Collab.Web.Services.IProjectService projects)
{
    private IMeetingIndexGrain Index => ctx.Grains.GetGrain<IMeetingIndexGrain>(ctx.Site);

    private IKioskDisplayGrain Kiosk => ctx.Grains.GetGrain<IKioskDisplayGrain>(ctx.Site);

    private IMeetingGrain Meeting(string id) => ctx.Grains.GetGrain<IMeetingGrain>(id);

    private IMeetingSeriesGrain Series(string id) => ctx.Grains.GetGrain<IMeetingSeriesGrain>(id);

    public string Site => ctx.Site;

    public DateOnly Today => ctx.Today;

    // ---- Series and invitations ----

    public Task<IReadOnlyList<MeetingSeriesSummary>> ListSeriesAsync() => Index.ListSeriesAsync();

    public Task<MeetingSeriesView?> GetSeriesAsync(string id) => Series(id).GetAsync();

    public async Task<IReadOnlyList<MeetingPerson>> ListPeopleAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CollabUser>>();
        var list = await users.Users.AsNoTracking().ToListAsync();
        return [.. list.Select(u => new MeetingPerson(u.UserName!, string.IsNullOrWhiteSpace(u.DisplayName) ? u.UserName! : u.DisplayName!, u.Email))
            .OrderBy(p => p.DisplayName, StringComparer.CurrentCulture)];
    }

    public async Task<MeetingSeriesView> CreateSeriesAsync(MeetingSeriesDefinition definition, string user)
    {
        await ctx.RequireAsync(user, Policies.CanFacilitate);
        var withNames = await CompleteUsersAsync(definition);
        return await Series(MeetingRules.NewSeriesId()).CreateAsync(ctx.Site, withNames, user);
    }

    /// <summary>
    /// "Planifier une revue" on a project page (policy CanLeadProjects or CanFacilitate): a weekly "revue de projet"
    /// series for the project, on today's weekday (Monday on a weekend) at 10:00 for 45 minutes, facilitated by the
    /// user, inviting the project's lead, sponsor and team members who are Collab users.
    /// </summary>
    public async Task<MeetingSeriesView> PlanProjectReviewAsync(string number, string user)
    {
        try
        {
            await ctx.RequireAsync(user, Policies.CanLeadProjects);
        }
        catch (ForbiddenActionException)
        {
            await ctx.RequireAsync(user, Policies.CanFacilitate);
        }

        // The project is read through its own feature's service (one feature service never drives another's grain).
        var key = Collab.Contracts.Projects.ProjectKey.Of(ctx.Site, number);
        var project = await projects.GetAsync(number)
            ?? throw new CommandRejectedException(Refusal.NotFound, MeetingRules.Escape(number));
        if (project.Status != Collab.Contracts.Projects.ProjectStatus.Active)
        {
            throw new CommandRejectedException(Refusal.ReviewNeedsActiveProject);
        }

        var people = (await ListPeopleAsync()).ToDictionary(p => p.UserName, StringComparer.OrdinalIgnoreCase);
        var invited = new[] { project.Lead, project.Sponsor }.Concat(project.Team).Append(user)
            .Where(u => u is not null && people.ContainsKey(u)).Select(u => people[u!].UserName).Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(u => new MeetingAttendee(u, u, null, false));
        var day = ctx.Today.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? DayOfWeek.Monday : ctx.Today.DayOfWeek;
        var title = $"Revue de projet — {project.Title}";
        var definition = new MeetingSeriesDefinition(MeetingType.ProjectReview, title.Length > MeetingRules.MaxTitle ? title[..MeetingRules.MaxTitle] : title,
            new TimeOnly(10, 0), 45, [day], null, user, [.. invited], new ObjectRef(ObjectKind.ImprovementProject, key));
        return await Series(MeetingRules.NewSeriesId()).CreateAsync(ctx.Site, await CompleteUsersAsync(definition), user);
    }

    public async Task<MeetingSeriesView> UpdateSeriesAsync(string id, MeetingSeriesDefinition definition, long expectedVersion, string user)
    {
        await ctx.RequireAsync(user, Policies.CanFacilitate);
        return await Series(id).UpdateAsync(await CompleteUsersAsync(definition), expectedVersion, user);
    }

    /// <summary>Mails METHOD:REQUEST (stable UID, current SEQUENCE) to every attendee with an address.</summary>
    public async Task<MeetingMailResult> SendInvitationsAsync(string seriesId, string user, string? baseUri = null)
    {
        await ctx.RequireAsync(user, Policies.CanFacilitate);
        var series = await Series(seriesId).GetAsync() ?? throw new CommandRejectedException(Refusal.UnknownSeries);
        if (series.Cancelled)
        {
            throw new CommandRejectedException(Refusal.SeriesCancelled);
        }

        var settings = await mailSettings.GetAsync();
        var uid = series.Uid ?? CalendarInvitationBuilder.UidFor(series.Id, settings.EffectiveMessageIdDomain);
        var (invitation, to, without) = await InvitationAsync(series, uid, series.Sequence, settings, baseUri);
        var payload = CalendarInvitationBuilder.Request(invitation, clock.GetUtcNow());
        var sent = await SendCalendarAsync(to, payload, $"Invitation : {series.Definition.Title}", InvitationText(series, false));
        await Series(seriesId).RecordInvitationsAsync(uid, payload.Sequence, user);
        return new MeetingMailResult([.. to.Select(t => t.Address)], without, sent?.MessageId, payload.Sequence);
    }

    /// <summary>Cancels the series (SEQUENCE + 1) and mails METHOD:CANCEL with the same UID.</summary>
    public async Task<MeetingMailResult> CancelSeriesAsync(string seriesId, long expectedVersion, string user)
    {
        await ctx.RequireAsync(user, Policies.CanFacilitate);
        var before = await Series(seriesId).GetAsync() ?? throw new CommandRejectedException(Refusal.UnknownSeries);
        if (before.SequenceSent is null)
        {
            // Nobody was invited: nothing to tell calendars.
            var quiet = await Series(seriesId).CancelAsync(expectedVersion, user);
            return new MeetingMailResult([], [], null, quiet.Sequence);
        }

        var settings = await mailSettings.GetAsync();
        var uid = before.Uid ?? CalendarInvitationBuilder.UidFor(before.Id, settings.EffectiveMessageIdDomain);
        var (invitation, to, without) = await InvitationAsync(before, uid, before.Sequence, settings, null);
        // Validate the mail before cancelling: an invalid address cancels nothing and sends nothing.
        var payload = CalendarInvitationBuilder.Cancel(invitation, clock.GetUtcNow());
        var message = CalendarMail(to, payload, $"Annulé : {before.Definition.Title}", InvitationText(before, true));
        MailValidator.EnsureValid(message, settings.MaxAttachmentBytes);
        var cancelled = await Series(seriesId).CancelAsync(expectedVersion, user);
        var sent = await mail.SendAsync(message);
        await Series(seriesId).RecordInvitationsAsync(uid, cancelled.Sequence, user);
        return new MeetingMailResult([.. to.Select(t => t.Address)], without, sent.MessageId, cancelled.Sequence);
    }

    public async Task<string> StartMeetingAsync(string seriesId, string user)
    {
        await ctx.RequireAsync(user, Policies.CanFacilitate);
        return await Series(seriesId).StartMeetingAsync(ctx.Today, user);
    }

    // ---- Meeting ----

    public Task<MeetingView?> GetAsync(string id) => Meeting(id).GetAsync();

    public Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(string id) => Meeting(id).GetRecentHistoryAsync();

    public Task<IReadOnlyList<MeetingSummary>> SearchAsync(MeetingSearch search) => Index.SearchAsync(search);

    public Task<MeetingSummary?> GetRunningAsync() => Index.GetRunningAsync();

    public async Task<MeetingView> AddNoteAsync(string id, Guid item, string text, string user)
    {
        await ctx.RequireContributorAsync(user);
        return await Meeting(id).AddNoteAsync(item, text, user);
    }

    public async Task<MeetingView> AddDecisionAsync(string id, Guid item, string text, string user)
    {
        await ctx.RequireContributorAsync(user);
        return await Meeting(id).AddDecisionAsync(item, text, user);
    }

    /// <summary>
    /// Creates the action on the object of the agenda line (or of the item; the site when neither), referencing
    /// the meeting, then records it in the meeting. The owner is notified by the object (shared inbox).
    /// </summary>
    public async Task<MeetingView> AddActionAsync(string id, Guid item, ObjectRef? on, string title, string owner, DateOnly due, string user)
    {
        await ctx.RequireContributorAsync(user);
        owner = await ctx.People.RequireOwnerAsync(owner); // picked from the users, never assumed
        var meeting = await Meeting(id).GetAsync() ?? throw new CommandRejectedException(Refusal.UnknownMeeting);
        if (meeting.IsClosed)
        {
            throw new CommandRejectedException(Refusal.MeetingClosed, meeting.ClosedAt ?? DateTimeOffset.MinValue, ctx.People.Name(meeting.ClosedBy));
        }

        var agendaItem = meeting.Agenda.FirstOrDefault(i => i.Id == item) ?? throw new CommandRejectedException(Refusal.ItemGone);
        // The object chosen on the line, else the item's object, else the object of its first line, else the site.
        var target = on ?? agendaItem.Object ?? agendaItem.Lines.Select(l => l.Object).FirstOrDefault(o => o is not null) ?? new ObjectRef(ObjectKind.Site, ctx.Site);
        if (target.Kind is ObjectKind.Meeting or ObjectKind.Plan or ObjectKind.ImprovementProject)
        {
            target = new ObjectRef(ObjectKind.Site, ctx.Site);
        }

        var action = await ctx.Holder(target).AddActionAsync(
            new NewAction(title, null, owner, due, ActionPriority.Normal, new ObjectRef(ObjectKind.Meeting, id)), user);
        return await Meeting(id).RecordActionAsync(item, action, user);
    }

    public async Task<MeetingView> SetPresentAsync(string id, string attendee, bool present, string user)
    {
        await ctx.RequireContributorAsync(user);
        return await Meeting(id).SetPresentAsync(attendee, present, user);
    }

    public async Task<MeetingView> GoToAsync(string id, int index, string user)
    {
        return await Meeting(id).GoToAsync(index, user, await ControlAsync(user));
    }

    public async Task<MeetingView> SetTimerAsync(string id, bool running, string user)
    {
        return await Meeting(id).SetTimerAsync(running, user, await ControlAsync(user));
    }

    public async Task<MeetingView> AddItemAsync(string id, string title, SqcdpCategory category, string user)
    {
        return await Meeting(id).AddItemAsync(title, category, null, user, await ControlAsync(user));
    }

    public async Task<MeetingView> MoveItemAsync(string id, Guid item, int offset, long expectedVersion, string user)
    {
        return await Meeting(id).MoveItemAsync(item, offset, expectedVersion, user, await ControlAsync(user));
    }

    public async Task<MeetingView> SetSkippedAsync(string id, Guid item, bool skipped, string user)
    {
        return await Meeting(id).SetSkippedAsync(item, skipped, user, await ControlAsync(user));
    }

    public async Task<MeetingView> RefreshAgendaAsync(string id, string user)
    {
        return await Meeting(id).RefreshAgendaAsync(user, await ControlAsync(user));
    }

    /// <summary>Closes the meeting and stores the minutes PDF rendered from it.</summary>
    public async Task<MeetingView> CloseAsync(string id, string user)
    {
        var closed = await Meeting(id).CloseAsync(user, await ControlAsync(user));
        var pdf = minutes.Render(await MinutesOfAsync(closed));
        await Meeting(id).StoreMinutesAsync(pdf, user);
        return (await Meeting(id).GetAsync())!;
    }

    public Task<byte[]?> GetMinutesPdfAsync(string id) => Meeting(id).GetMinutesAsync();

    /// <summary>"Envoyer le compte rendu": one mail to every attendee with an address, the PDF attached.</summary>
    public async Task<MeetingMailResult> SendMinutesAsync(string id, string user)
    {
        await ctx.RequireAsync(user, Policies.CanFacilitate);
        var meeting = await Meeting(id).GetAsync() ?? throw new CommandRejectedException(Refusal.UnknownMeeting);
        var pdf = await Meeting(id).GetMinutesAsync() ?? throw new CommandRejectedException(Refusal.MinutesNotYet);
        var (to, without) = await RecipientsAsync(meeting.Attendees);
        if (to.Count == 0)
        {
            throw new CommandRejectedException(Refusal.NoAttendeeEmail);
        }

        var date = text.Date(meeting.Day);
        var sent = await mail.SendAsync(new OutgoingMail
        {
            To = [.. to],
            Subject = text["Minutes.Subject", meeting.Title, date],
            TextBody = text["Minutes.Body", meeting.Title, date, meeting.Agenda.Sum(i => i.Decisions.Length), meeting.Actions.Count, meeting.Facilitator],
            Attachments = [new MailAttachment(text["Minutes.FileName", meeting.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)], "application/pdf", pdf)],
        });
        await Meeting(id).RecordMinutesSentAsync([.. to.Select(t => t.Address)], user);
        return new MeetingMailResult([.. to.Select(t => t.Address)], without, sent.MessageId);
    }

    public async Task<MeetingView> ReopenAsync(string id, string reason, string user)
    {
        return await Meeting(id).ReopenAsync(reason, user, await ControlAsync(user));
    }

    /// <summary>
    /// Meeting control (agenda, timer, close, reopen) needs the facilitator role here, and the grain lets only the
    /// facilitator of the meeting or an administrator through: returns whether <paramref name="user"/> is Admin.
    /// </summary>
    private async Task<bool> ControlAsync(string user)
    {
        await ctx.RequireAsync(user, Policies.CanFacilitate);
        try
        {
            await ctx.RequireAsync(user, Policies.CanAdminister);
            return true;
        }
        catch (ForbiddenActionException)
        {
            return false;
        }
    }

    /// <summary>True when the plan was recalculated since the agenda was built (the page offers to refresh it).</summary>
    public async Task<bool> PlanChangedSinceAsync(MeetingView meeting) =>
        Follows(meeting) && (await ctx.Plan.GetSummaryAsync())?.RunId is { } run && run != meeting.PlanRunId;

    /// <summary>
    /// The same answer from the plan's change event, which names its latest run: no call to the plan (the path
    /// "reply → PO → plan → agenda → big screen" of docs/architecture.md); an event without a run id asks the plan.
    /// </summary>
    public Task<bool> PlanChangedSinceAsync(MeetingView meeting, ChangeEvent change) =>
        change.RunId is { } run ? Task.FromResult(Follows(meeting) && run != meeting.PlanRunId) : PlanChangedSinceAsync(meeting);

    private static bool Follows(MeetingView meeting) => !meeting.IsClosed && meeting.Type != MeetingType.ProjectReview;

    /// <summary>
    /// The minutes model of a meeting in the current UI language (French by default; the facilitator's language at
    /// close): attendance, items with notes and decisions, actions, KPIs at close, the load chart.
    /// </summary>
    public async Task<MeetingMinutes> MinutesOfAsync(MeetingView m)
    {
        var plant = (await ctx.Grains.GetGrain<ISiteGrain>(m.Site).GetInfoAsync()).Name;
        var chart = m.Agenda.Select(i => i.Chart).FirstOrDefault(c => c is not null);
        var facilitator = m.Attendees.FirstOrDefault(a => string.Equals(a.Key, m.Facilitator, StringComparison.OrdinalIgnoreCase))?.Name ?? ctx.People.Name(m.Facilitator);
        return new MeetingMinutes
        {
            Plant = plant,
            Language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "fr",
            MeetingTitle = text.MinutesTitle(m.Type, m.Title),
            Start = m.Day.ToDateTime(m.Start),
            Duration = TimeSpan.FromMinutes(m.DurationMinutes),
            Location = m.Room,
            Facilitator = facilitator,
            Attendees = [.. m.Attendees.Select(a => new MinutesAttendee(a.Name, a.External ? text["Minutes.External"] : null, m.Present.Contains(a.Key, StringComparer.OrdinalIgnoreCase)))],
            Items = [.. m.Agenda.Where(i => !i.Skipped || i.Notes.Length + i.Decisions.Length > 0).Select(i => new MinutesItem
            {
                Title = text.Title(i),
                Category = text.Category(i.Category),
                ObjectReference = i.Object?.Id,
                Notes = [.. m.Type == MeetingType.ProjectReview ? text.MinutesLines(i) : [], .. i.Notes.Select(n => n.Text)],
                Decisions = [.. i.Decisions.Select(d => d.Text)],
            })],
            Actions = [.. m.Actions.Select(a => new MinutesAction(a.Title, ctx.People.Name(a.Owner), a.Due, a.Origin.Kind == ObjectKind.Site ? null : a.Origin.Id))],
            Kpis = [.. (m.KpisAtClose.Count > 0 ? m.KpisAtClose : m.KpisAtOpen).Select(k => text.Kpi(k) is var w ? new MinutesKpi(w.Name, w.Value, w.Target, k.OnTarget) : null!)],
            Chart = chart is null ? null : new MinutesChart(text["Chart.Title", chart.Title],
                [.. chart.Values.Select((v, n) => new PdfBar(chart.Weeks is { } w && n < w.Length ? text.WeekShort(w[n]) : chart.Labels.ElementAtOrDefault(n) ?? "", v))], chart.Unit, chart.Reference, text["Board.Capacity"]),
            GeneratedAt = clock.GetUtcNow(),
        };
    }

    // ---- Kiosk display links ----

    public async Task<IReadOnlyList<KioskDisplay>> ListDisplaysAsync(string user)
    {
        await ctx.RequireAsync(user, Policies.CanAdminister);
        return await Kiosk.ListAsync();
    }

    public async Task<NewKioskDisplay> CreateDisplayAsync(string name, string user)
    {
        await ctx.RequireAsync(user, Policies.CanAdminister);
        return await Kiosk.CreateAsync(name, user);
    }

    public async Task RevokeDisplayAsync(Guid id, string user)
    {
        await ctx.RequireAsync(user, Policies.CanAdminister);
        await Kiosk.RevokeAsync(id, user);
    }

    /// <summary>Anonymous: true only for the token of an active display link.</summary>
    public Task<bool> ValidateDisplayAsync(string? token) => string.IsNullOrEmpty(token) ? Task.FromResult(false) : Kiosk.ValidateAsync(token);

    // ---- helpers ----

    private async Task<MeetingSeriesDefinition> CompleteUsersAsync(MeetingSeriesDefinition d)
    {
        var people = (await ListPeopleAsync()).ToDictionary(p => p.UserName, StringComparer.OrdinalIgnoreCase);
        var errors = new List<RefusalReason>();
        var attendees = new List<MeetingAttendee>();
        foreach (var a in d.Attendees ?? [])
        {
            if (a.External)
            {
                attendees.Add(a);
            }
            else if (people.TryGetValue(a.Key?.Trim() ?? "", out var p))
            {
                attendees.Add(a with { Key = p.UserName, Name = string.IsNullOrWhiteSpace(a.Name) || a.Name == a.Key ? p.DisplayName : a.Name });
            }
            else
            {
                errors.Add(new(Refusal.NotAUser, MeetingRules.Escape(a.Key)));
            }
        }

        if (!people.ContainsKey(d.Facilitator?.Trim() ?? ""))
        {
            errors.Add(new(Refusal.UnknownFacilitator, MeetingRules.Escape(d.Facilitator)));
        }

        return errors.Count > 0 ? throw new CommandRejectedException(errors) : d with { Attendees = [.. attendees] };
    }

    private async Task<(List<MailRecipient> To, List<string> Without)> RecipientsAsync(IEnumerable<MeetingAttendee> attendees)
    {
        var people = (await ListPeopleAsync()).ToDictionary(p => p.UserName, StringComparer.OrdinalIgnoreCase);
        var to = new List<MailRecipient>();
        var without = new List<string>();
        foreach (var a in attendees)
        {
            var address = a.Email ?? (people.TryGetValue(a.Key, out var p) ? p.Email : null);
            if (string.IsNullOrWhiteSpace(address))
            {
                without.Add(a.Name);
            }
            else if (!to.Any(t => string.Equals(t.Address, address, StringComparison.OrdinalIgnoreCase)))
            {
                to.Add(new MailRecipient(address, a.Name));
            }
        }

        return (to, without);
    }

    private async Task<(MeetingInvitation, List<MailRecipient>, List<string>)> InvitationAsync(MeetingSeriesView s, string uid, int sequence, MailSettings settings, string? baseUri)
    {
        var (to, without) = await RecipientsAsync(s.Definition.Attendees);
        if (to.Count == 0)
        {
            throw new CommandRejectedException(Refusal.NoAttendeeEmail);
        }

        var d = s.Definition;
        var first = NextOccurrence(ctx.Today, d.Days);
        var baseUrl = configuration["Collab:PublicUrl"] ?? baseUri;
        var invitation = new MeetingInvitation
        {
            Uid = uid,
            Sequence = sequence,
            Summary = d.Title,
            Description = d.Type switch
            {
                MeetingType.DailyProduction => "Réunion de production quotidienne (SQCDP) sur le plan partagé.",
                MeetingType.WeeklySop => "Réunion hebdomadaire PIC / S&OP.",
                _ => $"Revue de projet {d.Project?.Id}.",
            },
            Location = d.Room,
            Organizer = new CalendarPerson(settings.FromAddress, settings.FromName),
            Attendees = [.. to.Select(t => new CalendarPerson(t.Address, t.DisplayName))],
            Start = first.ToDateTime(d.Start),
            Duration = TimeSpan.FromMinutes(d.DurationMinutes),
            Recurrence = new MeetingRecurrence { Frequency = RecurrenceFrequency.Weekly, Days = d.Days },
            Url = baseUrl is null ? null : new Uri(new Uri(baseUrl), "reunions").ToString(),
        };
        return (invitation, to, without);
    }

    private static DateOnly NextOccurrence(DateOnly from, DayOfWeek[] days)
    {
        for (var d = from; ; d = d.AddDays(1))
        {
            if (days.Contains(d.DayOfWeek))
            {
                return d;
            }
        }
    }

    private static OutgoingMail CalendarMail(List<MailRecipient> to, CalendarPayload payload, string subject, string text) => new()
    {
        To = [.. to],
        Subject = subject,
        TextBody = text,
        Attachments = [payload.ToAttachment(payload.Method == "CANCEL" ? "annulation.ics" : "invitation.ics")],
    };

    private async Task<SentMail> SendCalendarAsync(List<MailRecipient> to, CalendarPayload payload, string subject, string text) =>
        await mail.SendAsync(CalendarMail(to, payload, subject, text));

    private static string InvitationText(MeetingSeriesView s, bool cancelled)
    {
        var d = s.Definition;
        var days = string.Join(", ", d.Days.Select(x => CultureInfo.GetCultureInfo("fr-FR").DateTimeFormat.GetDayName(x)));
        return cancelled
            ? $"Bonjour,\n\nLa réunion « {d.Title} » est annulée.\n\nCordialement,\n{d.Facilitator}"
            : $"Bonjour,\n\nVous êtes invité(e) à la réunion « {d.Title} » : {days} à {d.Start:HH\\:mm}, {d.DurationMinutes} min{(d.Room is null ? "" : ", " + d.Room)}.\n\nCordialement,\n{d.Facilitator}";
    }
}
