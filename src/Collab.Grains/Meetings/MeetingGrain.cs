using System.Globalization;
using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Meetings;
using Collab.Domain.Meetings;
using Collab.Grains.Common;
using Orleans.Runtime;

namespace Collab.Grains.Meetings;

public sealed class MeetingGrain(
    [PersistentState("meeting")] IPersistentState<MeetingState> state,
    TimeProvider clock) : ObjectGrain<MeetingState>(state, clock), IMeetingGrain
{
    protected override ObjectKind Kind => ObjectKind.Meeting;

    private string Id => this.GetPrimaryKeyString();

    async Task<MeetingView> IMeetingGrain.OpenAsync(MeetingSetup setup, string user)
    {
        if (Exists)
        {
            return View();
        }

        var previousRun = setup.PreviousMeetingId is { } prev ? await GrainFactory.GetGrain<IMeetingGrain>(prev).GetPlanRunAsync() : null;

        var generated = await GenerateAsync(setup.Site, setup.Definition.Type, setup.Definition.Project, setup.Day, setup.PreviousMeetingId, previousRun);
        await ExecuteAsync(user, null, nameof(MeetingEvent.Opened), s =>
        {
            var d = setup.Definition;
            s.Site = setup.Site;
            s.SeriesId = setup.SeriesId;
            s.Type = d.Type;
            s.Title = d.Title;
            s.Day = setup.Day;
            s.Start = d.Start;
            s.DurationMinutes = d.DurationMinutes;
            s.Room = d.Room;
            s.Facilitator = d.Facilitator;
            s.Attendees = [.. d.Attendees];
            s.Project = d.Project;
            s.PreviousMeetingId = setup.PreviousMeetingId;
            s.Status = MeetingStatus.Open;
            s.OpenedAt = Clock.GetUtcNow();
            s.Agenda = [.. generated.Items];
            s.KpisAtOpen = [.. generated.Kpis];
            s.PlanRunId = generated.PlanRunId;
            s.CurrentIndex = 0;
            return [new FieldChange("Agenda", null, generated.Items.Length.ToString(CultureInfo.InvariantCulture))];
        });
        await IndexAsync();
        return View();
    }

    /// <summary>Gathers the snapshot and calls the pure builder (project reviews: the project's own agenda).</summary>
    private async Task<GeneratedAgenda> GenerateAsync(string site, MeetingType type, ObjectRef? project, DateOnly day, string? previousMeetingId, string? previousRun) =>
        type == MeetingType.ProjectReview && project is not null
            ? await AgendaGenerator.GenerateProjectReviewAsync(GrainFactory, site, project, day, previousMeetingId)
            : AgendaBuilder.Build(await AgendaGenerator.GatherAsync(GrainFactory, site, type, day, previousMeetingId, previousRun));

    /// <summary>Meeting control belongs to the facilitator of this meeting or an administrator.</summary>
    private void EnsureController(string user, bool admin)
    {
        if (!admin && !string.Equals(user?.Trim(), State.Facilitator, StringComparison.OrdinalIgnoreCase))
        {
            throw new CommandRejectedException(Refusal.FacilitatorOnly, State.Facilitator ?? "");
        }
    }

    Task<MeetingView?> IMeetingGrain.GetAsync() => Task.FromResult(Exists ? View() : null);

    Task<string?> IMeetingGrain.GetPlanRunAsync() => Task.FromResult(State.PlanRunId);

    Task<IReadOnlyList<HistoryEntry>> IMeetingGrain.GetHistoryAsync() => ReadHistoryAsync();

    async Task<MeetingView> IMeetingGrain.RefreshAgendaAsync(string user, bool admin)
    {
        EnsureOpen();
        EnsureController(user, admin);
        string? previousRun = State.PreviousMeetingId is { } prev ? await GrainFactory.GetGrain<IMeetingGrain>(prev).GetPlanRunAsync() : null;
        var generated = await GenerateAsync(State.Site, State.Type, State.Project, State.Day, State.PreviousMeetingId, previousRun);
        return await RunAsync(user, nameof(MeetingEvent.AgendaRefreshed), s =>
        {
            // Keep what people wrote: an item whose source (and title argument) comes back keeps its notes, decisions, time and skip.
            var kept = s.Agenda.Where(i => i.Source == AgendaSource.Manual || i.Notes.Length + i.Decisions.Length > 0 || i.ElapsedSeconds > 0).ToList();
            var next = new List<AgendaItem>();
            foreach (var g in generated.Items)
            {
                var old = kept.FirstOrDefault(k => k.Source == g.Source && k.Source != AgendaSource.Manual && k.TitleArgument == g.TitleArgument);
                next.Add(old is null ? g : g with { Id = old.Id, Notes = old.Notes, Decisions = old.Decisions, ElapsedSeconds = old.ElapsedSeconds, Skipped = old.Skipped });
                if (old is not null)
                {
                    kept.Remove(old);
                }
            }

            next.AddRange(kept);
            var current = s.CurrentIndex < s.Agenda.Count ? s.Agenda[s.CurrentIndex].Id : (Guid?)null;
            s.Agenda = next;
            s.CurrentIndex = Math.Max(0, current is { } c ? next.FindIndex(i => i.Id == c) : 0);
            s.PlanRunId = generated.PlanRunId;
            return [new FieldChange("Agenda", null, next.Count.ToString(CultureInfo.InvariantCulture))];
        });
    }

    Task<MeetingView> IMeetingGrain.AddItemAsync(string title, SqcdpCategory category, ObjectRef? on, string user, bool admin) =>
        ControlAsync(user, admin, nameof(MeetingEvent.ItemAdded), s =>
        {
            var t = MeetingRules.CheckText(title, RefusalTerm.ItemTitle);
            if (t.Length > MeetingRules.MaxTitle)
            {
                throw new CommandRejectedException(Refusal.TooLong, RefusalTerm.ItemTitle, MeetingRules.MaxTitle);
            }

            AgendaLine[] lines = on is null ? [] : [new AgendaLine(AgendaLineKind.ObjectReference, on, false, Name: on.Id)];
            s.Agenda.Add(new AgendaItem(Guid.NewGuid(), category, AgendaSource.Manual, t, on, lines, null, false, [], [], 0));
            return [new FieldChange("Item", null, t)];
        });

    Task<MeetingView> IMeetingGrain.MoveItemAsync(Guid itemId, int offset, long expectedVersion, string user, bool admin) =>
        ControlAsync(user, admin, nameof(MeetingEvent.AgendaReordered), s =>
        {
            var from = IndexOf(s, itemId);
            var to = Math.Clamp(from + offset, 0, s.Agenda.Count - 1);
            if (to == from)
            {
                throw new CommandRejectedException(Refusal.ItemAlreadyThere);
            }

            var current = s.Agenda[s.CurrentIndex].Id;
            var item = s.Agenda[from];
            s.Agenda.RemoveAt(from);
            s.Agenda.Insert(to, item);
            s.CurrentIndex = s.Agenda.FindIndex(i => i.Id == current);
            return [new FieldChange("Item", (from + 1).ToString(CultureInfo.InvariantCulture), (to + 1).ToString(CultureInfo.InvariantCulture))];
        }, expectedVersion);

    Task<MeetingView> IMeetingGrain.SetSkippedAsync(Guid itemId, bool skipped, string user, bool admin) =>
        ControlAsync(user, admin, skipped ? nameof(MeetingEvent.ItemSkipped) : nameof(MeetingEvent.ItemResumed), s =>
        {
            var i = IndexOf(s, itemId);
            s.Agenda[i] = s.Agenda[i] with { Skipped = skipped };
            return [new FieldChange("Item", (i + 1).ToString(CultureInfo.InvariantCulture), skipped ? "Skipped" : "ToTreat")];
        });

    Task<MeetingView> IMeetingGrain.GoToAsync(int index, string user, bool admin) =>
        ControlAsync(user, admin, nameof(MeetingEvent.CurrentItem), s =>
        {
            if (index < 0 || index >= s.Agenda.Count)
            {
                throw new CommandRejectedException(Refusal.NoItemThere);
            }

            var now = Clock.GetUtcNow();
            var before = s.CurrentIndex;
            BookTimer(s, now);
            s.CurrentIndex = index;
            if (s.TimerStartedAt is not null)
            {
                s.TimerStartedAt = now;
            }

            return [new FieldChange("Current", (before + 1).ToString(CultureInfo.InvariantCulture), (index + 1).ToString(CultureInfo.InvariantCulture))];
        });

    Task<MeetingView> IMeetingGrain.SetTimerAsync(bool running, string user, bool admin) =>
        ControlAsync(user, admin, running ? nameof(MeetingEvent.TimerStarted) : nameof(MeetingEvent.TimerStopped), s =>
        {
            var now = Clock.GetUtcNow();
            if (running == (s.TimerStartedAt is not null))
            {
                return [];
            }

            BookTimer(s, now);
            s.TimerStartedAt = running ? now : null;
            return [new FieldChange("Timer", running ? "Stopped" : "Running", running ? "Running" : "Stopped")];
        });

    Task<MeetingView> IMeetingGrain.AddNoteAsync(Guid itemId, string text, string user) =>
        RunAsync(user, nameof(MeetingEvent.NoteAdded), s =>
        {
            var t = MeetingRules.CheckText(text, RefusalTerm.Note);
            var i = IndexOf(s, itemId);
            s.Agenda[i] = s.Agenda[i] with { Notes = [.. s.Agenda[i].Notes, new MeetingEntry(Guid.NewGuid(), t, user, Clock.GetUtcNow())] };
            return [new FieldChange("Note", null, t)];
        });

    Task<MeetingView> IMeetingGrain.AddDecisionAsync(Guid itemId, string text, string user) =>
        RunAsync(user, nameof(MeetingEvent.DecisionAdded), s =>
        {
            var t = MeetingRules.CheckText(text, RefusalTerm.Decision);
            var i = IndexOf(s, itemId);
            s.Agenda[i] = s.Agenda[i] with { Decisions = [.. s.Agenda[i].Decisions, new MeetingEntry(Guid.NewGuid(), t, user, Clock.GetUtcNow())] };
            return [new FieldChange("Decision", null, t)];
        });

    Task<MeetingView> IMeetingGrain.RecordActionAsync(Guid itemId, ActionItem action, string user) =>
        RunAsync(user, nameof(MeetingEvent.ActionDecided), s =>
        {
            IndexOf(s, itemId);
            if (action.Meeting != Self)
            {
                throw new CommandRejectedException(Refusal.ActionNotOfThisMeeting);
            }

            if (s.DecidedActions.Any(a => a.ActionId == action.Id))
            {
                throw new CommandRejectedException(Refusal.ActionAlreadyRecorded);
            }

            s.DecidedActions.Add(new MeetingActionRef(action.Id, itemId, action.Origin, action.Title, action.Owner, action.Due));
            return [new FieldChange("Action", null, $"{action.Title} ({action.Owner}, {action.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})")];
        });

    Task<MeetingView> IMeetingGrain.SetPresentAsync(string attendeeKey, bool present, string user) =>
        RunAsync(user, present ? nameof(MeetingEvent.PresenceNoted) : nameof(MeetingEvent.AbsenceNoted), s =>
        {
            var a = s.Attendees.FirstOrDefault(x => string.Equals(x.Key, attendeeKey, StringComparison.OrdinalIgnoreCase))
                ?? throw new CommandRejectedException(Refusal.NotInvited, MeetingRules.Escape(attendeeKey));
            s.Present.RemoveAll(p => string.Equals(p, a.Key, StringComparison.OrdinalIgnoreCase));
            if (present)
            {
                s.Present.Add(a.Key);
            }

            return [new FieldChange("Attendee", a.Key, present ? "Present" : "Absent")];
        });

    async Task<MeetingView> IMeetingGrain.CloseAsync(string user, bool admin)
    {
        EnsureOpen();
        EnsureController(user, admin);
        var kpis = State is { Type: MeetingType.ProjectReview, Project: { } project }
            ? await AgendaGenerator.ProjectReviewKpisAsync(GrainFactory, State.Site, project, State.Day)
            : await AgendaGenerator.KpisAsync(GrainFactory, State.Site, State.Day);
        return await RunAsync(user, nameof(MeetingEvent.Closed), s =>
        {
            BookTimer(s, Clock.GetUtcNow());
            s.TimerStartedAt = null;
            s.Status = MeetingStatus.Closed;
            s.ClosedAt = Clock.GetUtcNow();
            s.ClosedBy = user;
            s.KpisAtClose = [.. kpis];
            return [new FieldChange("Status", nameof(MeetingStatus.Open), nameof(MeetingStatus.Closed))];
        });
    }

    async Task IMeetingGrain.StoreMinutesAsync(byte[] pdf, string user)
    {
        EnsureExists();
        if (State.Status != MeetingStatus.Closed)
        {
            throw new CommandRejectedException(Refusal.MinutesAtClosing);
        }

        if (pdf is null || pdf.Length < 5 || pdf[0] != '%' || pdf[1] != 'P' || pdf[2] != 'D' || pdf[3] != 'F')
        {
            throw new CommandRejectedException(Refusal.MinutesNotPdf);
        }

        await ExecuteAsync(user, null, nameof(MeetingEvent.MinutesGenerated), s =>
        {
            s.MinutesPdf = pdf;
            return [new FieldChange("Minutes", null, pdf.Length.ToString(CultureInfo.InvariantCulture))];
        });
        await IndexAsync();
    }

    Task<byte[]?> IMeetingGrain.GetMinutesAsync() => Task.FromResult(State.MinutesPdf);

    async Task<MeetingView> IMeetingGrain.RecordMinutesSentAsync(string[] recipients, string user)
    {
        EnsureExists();
        await ExecuteAsync(user, null, nameof(MeetingEvent.MinutesSent), s =>
        {
            s.MinutesSentAt = Clock.GetUtcNow();
            return [new FieldChange("Recipients", null, string.Join(", ", recipients))];
        });
        return View();
    }

    async Task<MeetingView> IMeetingGrain.ReopenAsync(string reason, string user, bool admin)
    {
        EnsureExists();
        if (State.Status != MeetingStatus.Closed)
        {
            throw new CommandRejectedException(Refusal.MeetingNotClosed);
        }

        EnsureController(user, admin);
        var why = MeetingRules.CheckText(reason, RefusalTerm.ReopenReason);
        await ExecuteAsync(user, null, nameof(MeetingEvent.Reopened), s =>
        {
            s.Status = MeetingStatus.Open;
            s.ReopenCount++;
            s.MinutesPdf = null;
            return [new FieldChange("Status", nameof(MeetingStatus.Closed), nameof(MeetingStatus.Open)), new FieldChange("Reason", null, why)];
        });
        await IndexAsync();
        return View();
    }

    private Task<MeetingView> ControlAsync(string user, bool admin, string what, Func<MeetingState, IReadOnlyList<FieldChange>> apply, long? expectedVersion = null)
    {
        EnsureOpen();
        EnsureController(user, admin);
        return RunAsync(user, what, apply, expectedVersion);
    }

    private async Task<MeetingView> RunAsync(string user, string what, Func<MeetingState, IReadOnlyList<FieldChange>> apply, long? expectedVersion = null)
    {
        EnsureOpen();
        await ExecuteAsync(user, expectedVersion, what, apply);
        await IndexAsync();
        return View();
    }

    private void EnsureOpen()
    {
        EnsureExists();
        if (State.Status == MeetingStatus.Closed)
        {
            throw new CommandRejectedException(Refusal.MeetingClosed, State.ClosedAt ?? DateTimeOffset.MinValue, State.ClosedBy ?? "");
        }
    }

    private static int IndexOf(MeetingState s, Guid itemId)
    {
        var i = s.Agenda.FindIndex(x => x.Id == itemId);
        return i >= 0 ? i : throw new CommandRejectedException(Refusal.ItemGone);
    }

    private static void BookTimer(MeetingState s, DateTimeOffset now)
    {
        if (s.TimerStartedAt is { } started && s.CurrentIndex >= 0 && s.CurrentIndex < s.Agenda.Count)
        {
            var item = s.Agenda[s.CurrentIndex];
            s.Agenda[s.CurrentIndex] = item with { ElapsedSeconds = item.ElapsedSeconds + Math.Max(0, (now - started).TotalSeconds) };
            s.TimerStartedAt = now;
        }
    }

    private Task IndexAsync()
    {
        var s = State;
        var text = string.Join(" ", new[] { s.Title, s.Facilitator, s.Day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), s.Room ?? "" }
            .Concat(s.Attendees.Select(a => a.Name + " " + a.Key))
            .Concat(s.Agenda.SelectMany(i => new[] { i.Title, i.TitleArgument ?? "" }.Concat(i.Notes.Select(n => n.Text)).Concat(i.Decisions.Select(d => d.Text))))
            .Concat(s.DecidedActions.Select(a => a.Title + " " + a.Owner)));
        return GrainFactory.GetGrain<IMeetingIndexGrain>(s.Site).UpsertAsync(new MeetingSummary(Id, s.SeriesId, s.Type, s.Title, s.Day, s.Status, s.Facilitator,
            s.OpenedAt, s.Agenda.Sum(i => i.Decisions.Length), s.DecidedActions.Count, MeetingIndexGrain.Fold(text), s.Version));
    }

    private MeetingView View()
    {
        var s = State;
        return new MeetingView(Id, s.Site, s.SeriesId, s.Type, s.Title, s.Day, s.Start, s.DurationMinutes, s.Room, s.Facilitator,
            [.. s.Attendees], [.. s.Present], s.Status, [.. s.Agenda], s.CurrentIndex, s.TimerStartedAt, [.. s.DecidedActions],
            [.. s.KpisAtOpen], [.. s.KpisAtClose], s.OpenedAt, s.ClosedAt, s.ClosedBy, s.MinutesPdf is not null, s.MinutesSentAt,
            s.PreviousMeetingId, s.Project, s.Version, s.ModifiedBy, s.ModifiedAt, s.PlanRunId);
    }
}

/// <summary>Persisted meeting. Member names are schema. <see cref="DecidedActions"/>: references to the actions decided (the actions live with their objects).</summary>
[GenerateSerializer, Alias("Collab.MeetingState")]
public sealed class MeetingState : ObjectState
{
    [Id(0)] public string SeriesId { get; set; } = "";
    [Id(1)] public MeetingType Type { get; set; }
    [Id(2)] public string Title { get; set; } = "";
    [Id(3)] public DateOnly Day { get; set; }
    [Id(4)] public TimeOnly Start { get; set; }
    [Id(5)] public int DurationMinutes { get; set; }
    [Id(6)] public string? Room { get; set; }
    [Id(7)] public string Facilitator { get; set; } = "";
    [Id(8)] public List<MeetingAttendee> Attendees { get; set; } = [];
    [Id(9)] public List<string> Present { get; set; } = [];
    [Id(10)] public MeetingStatus Status { get; set; }
    [Id(11)] public List<AgendaItem> Agenda { get; set; } = [];
    [Id(12)] public int CurrentIndex { get; set; }
    [Id(13)] public DateTimeOffset? TimerStartedAt { get; set; }
    [Id(14)] public List<MeetingActionRef> DecidedActions { get; set; } = [];
    [Id(15)] public List<MeetingKpi> KpisAtOpen { get; set; } = [];
    [Id(16)] public List<MeetingKpi> KpisAtClose { get; set; } = [];
    [Id(17)] public DateTimeOffset? OpenedAt { get; set; }
    [Id(18)] public DateTimeOffset? ClosedAt { get; set; }
    [Id(19)] public string? ClosedBy { get; set; }
    [Id(20)] public byte[]? MinutesPdf { get; set; }
    [Id(21)] public DateTimeOffset? MinutesSentAt { get; set; }
    [Id(22)] public string? PreviousMeetingId { get; set; }
    [Id(23)] public string? PlanRunId { get; set; }
    [Id(24)] public ObjectRef? Project { get; set; }
    [Id(25)] public int ReopenCount { get; set; }
}
