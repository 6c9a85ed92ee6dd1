using System.Globalization;
using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Meetings;
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

        var generated = setup.Definition is { Type: MeetingType.ProjectReview, Project: { } project }
            ? await AgendaGenerator.GenerateProjectReviewAsync(GrainFactory, setup.Site, project, setup.Day, setup.PreviousMeetingId)
            : await AgendaGenerator.GenerateAsync(GrainFactory, setup.Site, setup.Day, setup.PreviousMeetingId, previousRun);
        await ExecuteAsync(user, null, "Réunion ouverte", s =>
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
            return [new FieldChange("Ordre du jour", null, $"{generated.Items.Length} point(s)")];
        });
        await IndexAsync();
        return View();
    }

    Task<MeetingView?> IMeetingGrain.GetAsync() => Task.FromResult(Exists ? View() : null);

    Task<string?> IMeetingGrain.GetPlanRunAsync() => Task.FromResult(State.PlanRunId);

    Task<IReadOnlyList<HistoryEntry>> IMeetingGrain.GetHistoryAsync() => Task.FromResult<IReadOnlyList<HistoryEntry>>(State.History.ToList());

    async Task<MeetingView> IMeetingGrain.RefreshAgendaAsync(string user)
    {
        EnsureOpen();
        string? previousRun = State.PreviousMeetingId is { } prev ? await GrainFactory.GetGrain<IMeetingGrain>(prev).GetPlanRunAsync() : null;
        var generated = State is { Type: MeetingType.ProjectReview, Project: { } project }
            ? await AgendaGenerator.GenerateProjectReviewAsync(GrainFactory, State.Site, project, State.Day, State.PreviousMeetingId)
            : await AgendaGenerator.GenerateAsync(GrainFactory, State.Site, State.Day, State.PreviousMeetingId, previousRun);
        return await RunAsync(user, "Ordre du jour actualisé", s =>
        {
            // Keep what people wrote: an item whose source and title come back keeps its notes, decisions, time and skip.
            var kept = s.Agenda.Where(i => i.Source == AgendaSource.Manual || i.Notes.Length + i.Decisions.Length > 0 || i.ElapsedSeconds > 0).ToList();
            var next = new List<AgendaItem>();
            foreach (var g in generated.Items)
            {
                var old = kept.FirstOrDefault(k => k.Source == g.Source && k.Title == g.Title);
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
            return [new FieldChange("Ordre du jour", null, $"{next.Count} point(s)")];
        });
    }

    Task<MeetingView> IMeetingGrain.AddItemAsync(string title, SqcdpCategory category, ObjectRef? on, string user) =>
        RunAsync(user, "Point ajouté", s =>
        {
            var t = MeetingRules.CheckText(title, "Le titre du point");
            if (t.Length > MeetingRules.MaxTitle)
            {
                throw new CommandRejectedException($"Le titre du point dépasse {MeetingRules.MaxTitle} caractères.");
            }

            AgendaLine[] lines = on is null ? [] : [new AgendaLine(on.Id, null, on, false)];
            s.Agenda.Add(new AgendaItem(Guid.NewGuid(), category, AgendaSource.Manual, t, on, lines, null, false, [], [], 0));
            return [new FieldChange("Point", null, t)];
        });

    Task<MeetingView> IMeetingGrain.MoveItemAsync(Guid itemId, int offset, long expectedVersion, string user) =>
        RunAsync(user, "Ordre du jour réordonné", s =>
        {
            var from = IndexOf(s, itemId);
            var to = Math.Clamp(from + offset, 0, s.Agenda.Count - 1);
            if (to == from)
            {
                throw new CommandRejectedException("Ce point est déjà à cette place.");
            }

            var current = s.Agenda[s.CurrentIndex].Id;
            var item = s.Agenda[from];
            s.Agenda.RemoveAt(from);
            s.Agenda.Insert(to, item);
            s.CurrentIndex = s.Agenda.FindIndex(i => i.Id == current);
            return [new FieldChange($"Point « {item.Title} »", (from + 1).ToString(), (to + 1).ToString())];
        }, expectedVersion);

    Task<MeetingView> IMeetingGrain.SetSkippedAsync(Guid itemId, bool skipped, string user) =>
        RunAsync(user, skipped ? "Point passé" : "Point repris", s =>
        {
            var i = IndexOf(s, itemId);
            s.Agenda[i] = s.Agenda[i] with { Skipped = skipped };
            return [new FieldChange($"Point « {s.Agenda[i].Title} »", skipped ? "à traiter" : "passé", skipped ? "passé" : "à traiter")];
        });

    Task<MeetingView> IMeetingGrain.GoToAsync(int index, string user) =>
        RunAsync(user, "Point courant", s =>
        {
            if (index < 0 || index >= s.Agenda.Count)
            {
                throw new CommandRejectedException("Il n'y a pas de point à cette place.");
            }

            var now = Clock.GetUtcNow();
            var before = s.CurrentIndex;
            BookTimer(s, now);
            s.CurrentIndex = index;
            if (s.TimerStartedAt is not null)
            {
                s.TimerStartedAt = now;
            }

            return [new FieldChange("Point courant", (before + 1).ToString(), (index + 1).ToString())];
        });

    Task<MeetingView> IMeetingGrain.SetTimerAsync(bool running, string user) =>
        RunAsync(user, running ? "Chronomètre démarré" : "Chronomètre arrêté", s =>
        {
            var now = Clock.GetUtcNow();
            if (running == (s.TimerStartedAt is not null))
            {
                return [];
            }

            BookTimer(s, now);
            s.TimerStartedAt = running ? now : null;
            return [new FieldChange("Chronomètre", running ? "arrêté" : "en marche", running ? "en marche" : "arrêté")];
        });

    Task<MeetingView> IMeetingGrain.AddNoteAsync(Guid itemId, string text, string user) =>
        RunAsync(user, "Note ajoutée", s =>
        {
            var t = MeetingRules.CheckText(text, "La note");
            var i = IndexOf(s, itemId);
            s.Agenda[i] = s.Agenda[i] with { Notes = [.. s.Agenda[i].Notes, new MeetingEntry(Guid.NewGuid(), t, user, Clock.GetUtcNow())] };
            return [new FieldChange($"Note – {s.Agenda[i].Title}", null, t)];
        });

    Task<MeetingView> IMeetingGrain.AddDecisionAsync(Guid itemId, string text, string user) =>
        RunAsync(user, "Décision ajoutée", s =>
        {
            var t = MeetingRules.CheckText(text, "La décision");
            var i = IndexOf(s, itemId);
            s.Agenda[i] = s.Agenda[i] with { Decisions = [.. s.Agenda[i].Decisions, new MeetingEntry(Guid.NewGuid(), t, user, Clock.GetUtcNow())] };
            return [new FieldChange($"Décision – {s.Agenda[i].Title}", null, t)];
        });

    Task<MeetingView> IMeetingGrain.RecordActionAsync(Guid itemId, ActionItem action, string user) =>
        RunAsync(user, "Action décidée", s =>
        {
            IndexOf(s, itemId);
            if (action.Meeting != Self)
            {
                throw new CommandRejectedException("Cette action ne référence pas cette réunion.");
            }

            if (s.DecidedActions.Any(a => a.ActionId == action.Id))
            {
                throw new CommandRejectedException("Cette action est déjà enregistrée.");
            }

            s.DecidedActions.Add(new MeetingActionRef(action.Id, itemId, action.Origin, action.Title, action.Owner, action.Due));
            return [new FieldChange("Action", null, $"{action.Title} ({action.Owner}, {action.Due:dd/MM/yyyy})")];
        });

    Task<MeetingView> IMeetingGrain.SetPresentAsync(string attendeeKey, bool present, string user) =>
        RunAsync(user, present ? "Présence notée" : "Absence notée", s =>
        {
            var a = s.Attendees.FirstOrDefault(x => string.Equals(x.Key, attendeeKey, StringComparison.OrdinalIgnoreCase))
                ?? throw new CommandRejectedException($"« {MeetingRules.Escape(attendeeKey)} » n'est pas invité à cette réunion.");
            s.Present.RemoveAll(p => string.Equals(p, a.Key, StringComparison.OrdinalIgnoreCase));
            if (present)
            {
                s.Present.Add(a.Key);
            }

            return [new FieldChange(a.Name, present ? "absent" : "présent", present ? "présent" : "absent")];
        });

    async Task<MeetingView> IMeetingGrain.CloseAsync(string user)
    {
        EnsureOpen();
        var kpis = State is { Type: MeetingType.ProjectReview, Project: { } project }
            ? await AgendaGenerator.ProjectReviewKpisAsync(GrainFactory, State.Site, project, State.Day)
            : await AgendaGenerator.KpisAsync(GrainFactory, State.Site, State.Day);
        return await RunAsync(user, "Réunion close", s =>
        {
            BookTimer(s, Clock.GetUtcNow());
            s.TimerStartedAt = null;
            s.Status = MeetingStatus.Closed;
            s.ClosedAt = Clock.GetUtcNow();
            s.ClosedBy = user;
            s.KpisAtClose = [.. kpis];
            return [new FieldChange("Statut", "ouverte", "close")];
        });
    }

    async Task IMeetingGrain.StoreMinutesAsync(byte[] pdf, string user)
    {
        EnsureExists();
        if (State.Status != MeetingStatus.Closed)
        {
            throw new CommandRejectedException("Le compte rendu se génère à la clôture de la réunion.");
        }

        if (pdf is null || pdf.Length < 5 || pdf[0] != '%' || pdf[1] != 'P' || pdf[2] != 'D' || pdf[3] != 'F')
        {
            throw new CommandRejectedException("Le compte rendu n'est pas un PDF.");
        }

        await ExecuteAsync(user, null, "Compte rendu généré", s =>
        {
            s.MinutesPdf = pdf;
            return [new FieldChange("Compte rendu", null, $"PDF {pdf.Length / 1024.0:0.#} Ko")];
        });
        await IndexAsync();
    }

    Task<byte[]?> IMeetingGrain.GetMinutesAsync() => Task.FromResult(State.MinutesPdf);

    async Task<MeetingView> IMeetingGrain.RecordMinutesSentAsync(string[] recipients, string user)
    {
        EnsureExists();
        await ExecuteAsync(user, null, "Compte rendu envoyé", s =>
        {
            s.MinutesSentAt = Clock.GetUtcNow();
            return [new FieldChange("Destinataires", null, string.Join(", ", recipients))];
        });
        return View();
    }

    async Task<MeetingView> IMeetingGrain.ReopenAsync(string reason, string user)
    {
        EnsureExists();
        if (State.Status != MeetingStatus.Closed)
        {
            throw new CommandRejectedException("La réunion n'est pas close.");
        }

        if (!string.Equals(user?.Trim(), State.Facilitator, StringComparison.OrdinalIgnoreCase))
        {
            throw new CommandRejectedException($"Seul l'animateur ({State.Facilitator}) peut rouvrir le compte rendu.");
        }

        var why = MeetingRules.CheckText(reason, "Le motif de réouverture");
        await ExecuteAsync(user!, null, "Réunion rouverte", s =>
        {
            s.Status = MeetingStatus.Open;
            s.ReopenCount++;
            s.MinutesPdf = null;
            return [new FieldChange("Statut", "close", "ouverte"), new FieldChange("Motif", null, why)];
        });
        await IndexAsync();
        return View();
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
            throw new CommandRejectedException(
                $"La réunion est close depuis le {State.ClosedAt?.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture)} (par {State.ClosedBy}) : elle n'accepte plus de modification. Seul l'animateur peut la rouvrir.");
        }
    }

    private static int IndexOf(MeetingState s, Guid itemId)
    {
        var i = s.Agenda.FindIndex(x => x.Id == itemId);
        return i >= 0 ? i : throw new CommandRejectedException("Ce point n'est plus à l'ordre du jour.");
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
            .Concat(s.Agenda.SelectMany(i => new[] { i.Title }.Concat(i.Notes.Select(n => n.Text)).Concat(i.Decisions.Select(d => d.Text))))
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
            s.PreviousMeetingId, s.Project, s.Version, s.ModifiedBy, s.ModifiedAt);
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
