using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Meetings;
using Collab.Contracts.Notifications;
using Collab.Contracts.Orders;
using Collab.Contracts.Sites;
using Collab.Contracts.Workstations;
using Collab.Grains.Demo;
using Collab.Grains.Meetings;
using Collab.Grains.Tests.Infrastructure;
using Collab.Infrastructure.Calendar;

namespace Collab.Grains.Tests.Meetings;

[Collection("cluster")]
public sealed class MeetingLifecycleTests(ClusterFixture fixture)
{
    private DateOnly Today => DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);

    private static readonly MeetingAttendee[] People =
    [
        new("animateur", "Anne Animatrice", "animateur@usine.example", false),
        new("planificateur", "Paul Planificateur", null, false),
        new("qualite@client.example", "Qualité client", "qualite@client.example", true),
    ];

    /// <summary>A small plant of its own (not the shared DEMO site): master data, a late customer order, an
    /// open stop incident, an overdue action.</summary>
    private async Task<(string Site, string LateOrder)> NewPlantAsync()
    {
        var code = "M" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var site = fixture.Grains.GetGrain<ISiteGrain>(code);
        var data = DemoPlant.BuildMasterData(Today);
        var info = await site.RenameAsync("Usine " + code, 0, "admin");
        await site.ImportMasterDataAsync(data, info.Version, "admin");
        var ws = data.Workstations[0];
        var station = fixture.Grains.GetGrain<IWorkstationGrain>(WorkstationKey.Of(code, ws.Code));
        await station.ConfigureAsync(ws, null, "admin");
        await station.ReportIncidentAsync("Fuite d'huile sur la presse", IncidentSeverity.Stop, "animateur");
        var fg = data.Items.First(i => i.Code.StartsWith("PF-", StringComparison.Ordinal)).Code;
        var number = "CC-" + code;
        await fixture.Grains.GetGrain<ICustomerOrderGrain>(number).CreateAsync(code,
            new CustomerOrderDraft(data.Customers[0].Code, [new CustomerOrderLineDraft(fg, 5, Today.AddDays(-2))]), "adv");
        await site.AddActionAsync(new NewAction("Relancer le fondeur", null, "acheteur", Today.AddDays(-1), ActionPriority.High, null), "animateur");
        return (code, number);
    }

    private async Task<IMeetingSeriesGrain> NewSeriesAsync(string site)
    {
        var series = fixture.Grains.GetGrain<IMeetingSeriesGrain>(MeetingRules.NewSeriesId());
        await series.CreateAsync(site, MeetingSeriesDefinition.DailyProduction("animateur", People, "Salle atelier"), "animateur");
        return series;
    }

    [Fact]
    public async Task Open_generates_the_agenda_from_the_live_plan_in_sqcdp_order_with_links()
    {
        var (site, late) = await NewPlantAsync();
        var series = await NewSeriesAsync(site);

        var id = await series.StartMeetingAsync(Today, "animateur");
        var meeting = (await fixture.Grains.GetGrain<IMeetingGrain>(id).GetAsync())!;

        Assert.Equal(MeetingStatus.Open, meeting.Status);
        var sources = meeting.Agenda.Select(i => i.Source).ToList();
        var categories = meeting.Agenda.Select(i => i.Category).ToList();
        Assert.Equal(SqcdpCategory.Safety, categories[0]); // the stop incident comes first (no previous meeting)
        Assert.True(sources.IndexOf(AgendaSource.LateCustomerOrders) < sources.IndexOf(AgendaSource.OverdueActions));
        Assert.True(sources.IndexOf(AgendaSource.OverdueActions) < sources.IndexOf(AgendaSource.Kpis));
        var lateItem = meeting.Agenda.Single(i => i.Source == AgendaSource.LateCustomerOrders);
        Assert.Contains(lateItem.Lines, l => l.Object == new ObjectRef(ObjectKind.CustomerOrder, late) && l.Alert);
        Assert.Contains(meeting.Agenda.Single(i => i.Source == AgendaSource.OverdueActions).Lines, l => l.Kind == AgendaLineKind.Action && l.Name == "Relancer le fondeur");
        Assert.Contains(meeting.KpisAtOpen, k => k.Kind == MeetingKpiKind.LateCustomerOrders && k.Figure == 1 && k.OnTarget == false);
        Assert.Equal(meeting.PlanRunId, await fixture.Grains.GetGrain<IMeetingGrain>(id).GetPlanRunAsync());
        // Opening twice the same day gives the same meeting.
        Assert.Equal(id, await series.StartMeetingAsync(Today, "animateur"));
    }

    [Fact]
    public async Task Empty_plant_gives_an_empty_agenda_and_manual_items_can_be_added_moved_and_skipped()
    {
        var code = "E" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var series = await NewSeriesAsync(code);
        var meeting = fixture.Grains.GetGrain<IMeetingGrain>(await series.StartMeetingAsync(Today, "animateur"));

        var view = (await meeting.GetAsync())!;
        Assert.Empty(view.Agenda);

        view = await meeting.AddItemAsync("Tour de table sécurité", SqcdpCategory.Safety, null, "animateur");
        view = await meeting.AddItemAsync("Point qualité", SqcdpCategory.Quality, null, "animateur");
        view = await meeting.MoveItemAsync(view.Agenda[1].Id, -1, view.Version, "animateur");
        Assert.Equal(["Point qualité", "Tour de table sécurité"], view.Agenda.Select(i => i.Title));
        await Assert.ThrowsAsync<VersionConflictException>(() => meeting.MoveItemAsync(view.Agenda[0].Id, 1, view.Version - 1, "animateur"));
        view = await meeting.SetSkippedAsync(view.Agenda[0].Id, true, "animateur");
        Assert.True(view.Agenda[0].Skipped);
    }

    [Fact]
    public async Task Capture_close_minutes_refuse_edits_and_reopen_with_a_trace()
    {
        var (site, late) = await NewPlantAsync();
        var series = await NewSeriesAsync(site);
        var id = await series.StartMeetingAsync(Today, "animateur");
        var meeting = fixture.Grains.GetGrain<IMeetingGrain>(id);
        var view = (await meeting.GetAsync())!;
        var item = view.Agenda.Single(i => i.Source == AgendaSource.LateCustomerOrders);

        // Timer: 90 s on the first item, then 30 s on the late orders.
        await meeting.SetTimerAsync(true, "animateur");
        fixture.Clock.Advance(TimeSpan.FromSeconds(90));
        var index = view.Agenda.ToList().FindIndex(i => i.Id == item.Id);
        view = await meeting.GoToAsync(index, "animateur");
        fixture.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(90, view.Agenda[0].ElapsedSeconds, 3);
        Assert.Equal(120, view.TotalSeconds(fixture.Clock.GetUtcNow()), 3);

        await meeting.AddNoteAsync(item.Id, "Le client accepte une livraison partielle", "planificateur");
        await meeting.AddDecisionAsync(item.Id, "Expédier 3 pièces vendredi", "animateur");
        var action = await fixture.Grains.GetGrain<ICustomerOrderGrain>(late).AddActionAsync(
            new NewAction("Prévenir l'ADV", null, "planificateur", Today.AddDays(2), ActionPriority.High, new ObjectRef(ObjectKind.Meeting, id)), "animateur");
        await meeting.RecordActionAsync(item.Id, action, "animateur");
        await meeting.SetPresentAsync("animateur", true, "animateur");
        await meeting.SetPresentAsync("planificateur", true, "animateur");
        await Assert.ThrowsAsync<CommandRejectedException>(() => meeting.SetPresentAsync("inconnu", true, "animateur"));

        // The owner is notified through the shared inbox, the action sits on the order and references the meeting.
        var inbox = await fixture.Grains.GetGrain<INotificationInboxGrain>("planificateur").ListAsync(false, 200);
        Assert.Contains(inbox, n => n.Kind == NotificationKind.ActionAssigned && n.Subject!.Contains("Prévenir l'ADV", StringComparison.Ordinal));
        var onOrder = await fixture.Grains.GetGrain<ICustomerOrderGrain>(late).GetActionsAsync();
        Assert.Contains(onOrder, a => a.Id == action.Id && a.Meeting == new ObjectRef(ObjectKind.Meeting, id));

        view = await meeting.CloseAsync("animateur");
        Assert.Equal(MeetingStatus.Closed, view.Status);
        Assert.Null(view.TimerStartedAt);
        Assert.Equal(120, view.TotalSeconds(fixture.Clock.GetUtcNow()), 3);
        Assert.NotEmpty(view.KpisAtClose);
        Assert.Equal(["animateur", "planificateur"], view.Present);
        Assert.Single(view.Actions);

        // Closed: every edit is refused with the reason.
        var refused = await Assert.ThrowsAsync<CommandRejectedException>(() => meeting.AddNoteAsync(item.Id, "trop tard", "planificateur"));
        Assert.Equal(Refusal.MeetingClosed, refused.Kind);
        await Assert.ThrowsAsync<CommandRejectedException>(() => meeting.AddDecisionAsync(item.Id, "trop tard", "planificateur"));

        // Minutes: PDF only, stored with the meeting.
        await Assert.ThrowsAsync<CommandRejectedException>(() => meeting.StoreMinutesAsync("pas un pdf"u8.ToArray(), "animateur"));
        await meeting.StoreMinutesAsync("%PDF-1.4 test"u8.ToArray(), "animateur");
        Assert.True((await meeting.GetAsync())!.HasMinutes);

        // Reopen: facilitator only, with a reason in the history.
        var notFacilitator = await Assert.ThrowsAsync<CommandRejectedException>(() => meeting.ReopenAsync("oubli", "planificateur"));
        Assert.Equal(Refusal.FacilitatorOnly, notFacilitator.Kind);
        view = await meeting.ReopenAsync("Décision oubliée", "animateur");
        Assert.Equal(MeetingStatus.Open, view.Status);
        Assert.False(view.HasMinutes);
        var history = await meeting.GetHistoryAsync();
        var trace = history.Last();
        Assert.Equal(nameof(MeetingEvent.Reopened), trace.What);
        Assert.Equal("animateur", trace.User);
        Assert.Contains(trace.Changes, c => c.Field == "Reason" && c.To == "Décision oubliée");
        Assert.Contains(history, h => h.What == nameof(MeetingEvent.Closed));

        // History search ignores accents and case; the running meeting is this one.
        var index2 = fixture.Grains.GetGrain<IMeetingIndexGrain>(site);
        Assert.Contains(await index2.SearchAsync(new MeetingSearch("expedier VENDREDI")), m => m.Id == id);
        Assert.Empty(await index2.SearchAsync(new MeetingSearch("introuvable")));
        Assert.Equal(id, (await index2.GetRunningAsync())?.Id);
    }

    [Fact]
    public async Task Next_meeting_lists_the_open_actions_of_the_previous_one_first()
    {
        var (site, late) = await NewPlantAsync();
        var series = await NewSeriesAsync(site);
        var first = await series.StartMeetingAsync(Today, "animateur");
        var action = await fixture.Grains.GetGrain<ICustomerOrderGrain>(late).AddActionAsync(
            new NewAction("Confirmer la date au client", null, "planificateur", Today.AddDays(1), ActionPriority.Normal, new ObjectRef(ObjectKind.Meeting, first)), "animateur");
        var m1 = fixture.Grains.GetGrain<IMeetingGrain>(first);
        await m1.RecordActionAsync((await m1.GetAsync())!.Agenda[0].Id, action, "animateur");
        await m1.CloseAsync("animateur");

        var second = (await fixture.Grains.GetGrain<IMeetingGrain>(await series.StartMeetingAsync(Today.AddDays(1), "animateur")).GetAsync())!;

        Assert.Equal(first, second.PreviousMeetingId);
        Assert.Equal(AgendaSource.PreviousActions, second.Agenda[0].Source);
        Assert.Contains(second.Agenda[0].Lines, l => l.Name == "Confirmer la date au client" && l.Object == new ObjectRef(ObjectKind.CustomerOrder, late));
    }

    /// <summary>
    /// Issue #16 item 8: close, reopen, agenda navigation and timer belong to the facilitator of the meeting or an
    /// administrator — another facilitator (who passes the role check of the web service) is refused by the grain.
    /// </summary>
    [Fact]
    public async Task Only_the_meetings_facilitator_or_an_admin_controls_it()
    {
        var (site, _) = await NewPlantAsync();
        var series = await NewSeriesAsync(site);
        var meeting = fixture.Grains.GetGrain<IMeetingGrain>(await series.StartMeetingAsync(Today, "animateur"));
        var view = (await meeting.GetAsync())!;
        Assert.True(view.Agenda.Count >= 2);
        var item = view.Agenda[1].Id;

        // Another facilitator ("animateur2") is refused everything that drives the meeting, and nothing changes.
        var refused = new Func<Task>[]
        {
            () => meeting.GoToAsync(1, "animateur2"),
            () => meeting.SetTimerAsync(true, "animateur2"),
            () => meeting.MoveItemAsync(item, -1, view.Version, "animateur2"),
            () => meeting.SetSkippedAsync(item, true, "animateur2"),
            () => meeting.AddItemAsync("Point pirate", SqcdpCategory.Cost, null, "animateur2"),
            () => meeting.RefreshAgendaAsync("animateur2"),
            () => meeting.CloseAsync("animateur2"),
        };
        foreach (var command in refused)
        {
            var e = await Assert.ThrowsAsync<CommandRejectedException>(command);
            Assert.Equal(Refusal.FacilitatorOnly, e.Kind);
        }

        var after = (await meeting.GetAsync())!;
        Assert.Equal((view.Version, 0, (DateTimeOffset?)null, MeetingStatus.Open), (after.Version, after.CurrentIndex, after.TimerStartedAt, after.Status));

        // Capture stays open to every participant.
        await meeting.AddNoteAsync(item, "Vu en atelier", "animateur2");

        // An administrator may drive it; the facilitator of the meeting too (any case, spaces).
        view = await meeting.GoToAsync(1, "admin", admin: true);
        Assert.Equal(1, view.CurrentIndex);
        view = await meeting.SetTimerAsync(true, " Animateur ");
        Assert.NotNull(view.TimerStartedAt);
        view = await meeting.CloseAsync("admin", admin: true);
        Assert.Equal(MeetingStatus.Closed, view.Status);

        // Reopen: the same rule.
        await Assert.ThrowsAsync<CommandRejectedException>(() => meeting.ReopenAsync("oubli", "animateur2"));
        view = await meeting.ReopenAsync("Oubli d'une décision", "admin", admin: true);
        Assert.Equal(MeetingStatus.Open, view.Status);
    }

    [Fact]
    public async Task Invitations_keep_their_uid_increment_sequence_on_change_and_cancel_parses_back()
    {
        var series = await NewSeriesAsync("I" + Guid.NewGuid().ToString("N")[..6]);
        var v = (await series.GetAsync())!;
        Assert.Equal(0, v.Sequence);
        var uid = CalendarInvitationBuilder.UidFor(v.Id, "usine.example");
        v = await series.RecordInvitationsAsync(uid, v.Sequence, "animateur");
        Assert.Equal(uid, v.Uid);

        v = await series.UpdateAsync(v.Definition with { Start = new TimeOnly(8, 45) }, v.Version, "animateur");
        Assert.Equal(1, v.Sequence);
        await Assert.ThrowsAsync<CommandRejectedException>(() => series.RecordInvitationsAsync(uid, 0, "animateur")); // stale sequence
        v = await series.RecordInvitationsAsync("autre@ailleurs", v.Sequence, "animateur");
        Assert.Equal(uid, v.Uid); // the UID never changes

        var request = CalendarInvitationBuilder.Request(Invitation(v, v.Sequence), fixture.Clock.GetUtcNow());
        var parsedRequest = Ical.Net.Calendar.Load(request.Content)!;
        Assert.Equal("REQUEST", parsedRequest.Method);
        Assert.Equal(uid, parsedRequest.Events.Single().Uid);
        Assert.Equal(1, parsedRequest.Events.Single().Sequence);

        var before = v.Sequence;
        v = await series.CancelAsync(v.Version, "animateur");
        Assert.True(v.Cancelled);
        Assert.Equal(before + 1, v.Sequence);
        var cancel = CalendarInvitationBuilder.Cancel(Invitation(v, before), fixture.Clock.GetUtcNow());
        Assert.Equal(v.Sequence, cancel.Sequence);
        var parsedCancel = Ical.Net.Calendar.Load(cancel.Content)!;
        Assert.Equal("CANCEL", parsedCancel.Method);
        Assert.Equal(uid, parsedCancel.Events.Single().Uid);
        Assert.Equal(2, parsedCancel.Events.Single().Sequence);
        await Assert.ThrowsAsync<CommandRejectedException>(() => series.StartMeetingAsync(Today, "animateur"));
    }

    [Theory]
    [InlineData("pirate@exemple.fr\r\nBcc: tous@exemple.fr")]
    [InlineData("pas-une-adresse")]
    [InlineData("Nom <nom@exemple.fr>")]
    public async Task Invalid_or_crlf_attendee_address_is_refused_and_nothing_is_stored(string address)
    {
        var series = fixture.Grains.GetGrain<IMeetingSeriesGrain>(MeetingRules.NewSeriesId());
        var def = MeetingSeriesDefinition.DailyProduction("animateur", [.. People, new MeetingAttendee(address, "Externe", address, true)]);

        var e = await Assert.ThrowsAsync<CommandRejectedException>(() => series.CreateAsync("X", def, "animateur"));

        Assert.DoesNotContain("\r", e.Message, StringComparison.Ordinal);
        Assert.Null(await series.GetAsync());
    }

    [Fact]
    public async Task Kiosk_tokens_are_long_random_revocable_and_stored_hashed()
    {
        var kiosk = fixture.Grains.GetGrain<IKioskDisplayGrain>("K" + Guid.NewGuid().ToString("N")[..6]);
        var a = await kiosk.CreateAsync("Écran atelier", "admin");
        var b = await kiosk.CreateAsync("Écran bureau", "admin");

        Assert.True(a.Token.Length >= 43);
        Assert.NotEqual(a.Token, b.Token);
        Assert.True(await kiosk.ValidateAsync(a.Token));
        Assert.False(await kiosk.ValidateAsync(a.Token[..^1] + (a.Token[^1] == 'A' ? 'B' : 'A')));
        Assert.False(await kiosk.ValidateAsync(""));
        Assert.DoesNotContain(await kiosk.ListAsync(), d => d.TokenHint.Length > 5);

        await kiosk.RevokeAsync(a.Display.Id, "admin");
        Assert.False(await kiosk.ValidateAsync(a.Token));
        Assert.True(await kiosk.ValidateAsync(b.Token));
        Assert.Contains(await kiosk.ListAsync(), d => d.Id == a.Display.Id && !d.Active && d.RevokedBy == "admin");
    }

    private static MeetingInvitation Invitation(MeetingSeriesView v, int sequence) => new()
    {
        Uid = v.Uid!,
        Sequence = sequence,
        Summary = v.Definition.Title,
        Organizer = new CalendarPerson("animateur@usine.example", "Anne"),
        Attendees = [new CalendarPerson("qualite@client.example")],
        Start = new DateTime(2026, 11, 23, 8, 45, 0),
        Duration = TimeSpan.FromMinutes(v.Definition.DurationMinutes),
        Recurrence = MeetingRecurrence.Weekdays(),
    };
}
