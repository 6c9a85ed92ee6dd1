using System.Globalization;
using System.Text.RegularExpressions;
using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Meetings;
using Collab.Grains.Common;
using Collab.Domain.Mail;
using Orleans.Runtime;

namespace Collab.Grains.Meetings;

public sealed class MeetingSeriesGrain(
    [PersistentState("meetingSeries")] IPersistentState<MeetingSeriesState> state,
    TimeProvider clock) : ObjectGrain<MeetingSeriesState>(state, clock), IMeetingSeriesGrain
{
    protected override ObjectKind Kind => ObjectKind.Meeting;

    protected override string HistoryName => $"MeetingSeries/{this.GetPrimaryKeyString()}";

    async Task<MeetingSeriesView> IMeetingSeriesGrain.CreateAsync(string site, MeetingSeriesDefinition definition, string user)
    {
        if (Exists)
        {
            throw new CommandRejectedException(Refusal.SeriesExists);
        }

        await ExecuteAsync(user, null, nameof(MeetingEvent.SeriesCreated), s =>
        {
            var def = MeetingRules.Normalise(definition);
            s.Site = string.IsNullOrWhiteSpace(site) ? "DEMO" : site.Trim();
            s.Definition = def;
            return [new FieldChange("Title", null, def.Title), new FieldChange("Start", null, def.Start.ToString("HH\\:mm", CultureInfo.InvariantCulture)),
                new FieldChange("Attendees", null, def.Attendees.Length.ToString(CultureInfo.InvariantCulture))];
        });
        await IndexAsync();
        return View();
    }

    Task<MeetingSeriesView?> IMeetingSeriesGrain.GetAsync() => Task.FromResult(Exists ? View() : null);

    Task<IReadOnlyList<HistoryEntry>> IMeetingSeriesGrain.GetHistoryAsync() => ReadHistoryAsync();

    async Task<MeetingSeriesView> IMeetingSeriesGrain.UpdateAsync(MeetingSeriesDefinition definition, long expectedVersion, string user)
    {
        EnsureExists();
        EnsureNotCancelled();
        await ExecuteAsync(user, expectedVersion, nameof(MeetingEvent.SeriesChanged), s =>
        {
            var def = MeetingRules.Normalise(definition);
            var old = s.Definition!;
            var changes = new List<FieldChange>();
            void Diff(string field, string? a, string? b)
            {
                if (!string.Equals(a, b, StringComparison.Ordinal))
                {
                    changes.Add(new FieldChange(field, a, b));
                }
            }

            Diff("Title", old.Title, def.Title);
            Diff("Start", old.Start.ToString("HH\\:mm", CultureInfo.InvariantCulture), def.Start.ToString("HH\\:mm", CultureInfo.InvariantCulture));
            Diff("DurationMinutes", old.DurationMinutes.ToString(CultureInfo.InvariantCulture), def.DurationMinutes.ToString(CultureInfo.InvariantCulture));
            Diff("Days", string.Join(",", old.Days), string.Join(",", def.Days));
            Diff("Room", old.Room, def.Room);
            Diff("Attendees", string.Join(", ", old.Attendees.Select(a => a.Key)), string.Join(", ", def.Attendees.Select(a => a.Key)));
            Diff("Facilitator", old.Facilitator, def.Facilitator);
            Diff("Type", old.Type.ToString(), def.Type.ToString());
            if (changes.Count == 0)
            {
                throw new CommandRejectedException(Refusal.NoChange);
            }

            // Every change that attendees see in their calendar gets a new SEQUENCE.
            s.Sequence++;
            changes.Add(new FieldChange("Sequence", (s.Sequence - 1).ToString(CultureInfo.InvariantCulture), s.Sequence.ToString(CultureInfo.InvariantCulture)));
            s.Definition = def;
            return changes;
        });
        await IndexAsync();
        return View();
    }

    async Task<MeetingSeriesView> IMeetingSeriesGrain.CancelAsync(long expectedVersion, string user)
    {
        EnsureExists();
        EnsureNotCancelled();
        await ExecuteAsync(user, expectedVersion, nameof(MeetingEvent.SeriesCancelled), s =>
        {
            s.Cancelled = true;
            s.Sequence++;
            return [new FieldChange("Status", "Active", "Cancelled"), new FieldChange("Sequence", (s.Sequence - 1).ToString(CultureInfo.InvariantCulture), s.Sequence.ToString(CultureInfo.InvariantCulture))];
        });
        await IndexAsync();
        return View();
    }

    async Task<MeetingSeriesView> IMeetingSeriesGrain.RecordInvitationsAsync(string uid, int sequence, string user)
    {
        EnsureExists();
        if (sequence != State.Sequence)
        {
            throw new CommandRejectedException(Refusal.SeriesChanged, State.Sequence, sequence);
        }

        await ExecuteAsync(user, null, State.Cancelled ? nameof(MeetingEvent.CancellationSent) : nameof(MeetingEvent.InvitationsSent), s =>
        {
            s.Uid ??= uid; // the UID never changes once attendees have it
            s.SequenceSent = sequence;
            s.InvitationsSentAt = Clock.GetUtcNow();
            return [new FieldChange("SEQUENCE envoyée", null, sequence.ToString())];
        });
        return View();
    }

    async Task<string> IMeetingSeriesGrain.StartMeetingAsync(DateOnly day, string user)
    {
        EnsureExists();
        EnsureNotCancelled();
        var id = MeetingRules.MeetingId(this.GetPrimaryKeyString(), day);
        var meeting = GrainFactory.GetGrain<IMeetingGrain>(id);
        if (await meeting.GetAsync() is not null)
        {
            return id;
        }

        var previous = State.Meetings.Where(m => string.CompareOrdinal(m, id) < 0).Order(StringComparer.Ordinal).LastOrDefault();
        await meeting.OpenAsync(new MeetingSetup(State.Site, this.GetPrimaryKeyString(), State.Definition!, day, previous), user);
        await ExecuteAsync(user, null, nameof(MeetingEvent.MeetingAdded), s =>
        {
            s.Meetings.Add(id);
            return [new FieldChange("Réunion", null, id)];
        });
        return id;
    }

    private void EnsureNotCancelled()
    {
        if (State.Cancelled)
        {
            throw new CommandRejectedException(Refusal.SeriesCancelled);
        }
    }

    private Task IndexAsync()
    {
        var d = State.Definition!;
        return GrainFactory.GetGrain<IMeetingIndexGrain>(State.Site)
            .UpsertSeriesAsync(new MeetingSeriesSummary(this.GetPrimaryKeyString(), d.Type, d.Title, d.Start, d.DurationMinutes, d.Facilitator, State.Cancelled, State.Version));
    }

    private MeetingSeriesView View() =>
        new(this.GetPrimaryKeyString(), State.Site, State.Definition!, State.Uid, State.Sequence, State.Cancelled, State.Version,
            State.Meetings.Order(StringComparer.Ordinal).LastOrDefault(), State.SequenceSent, State.InvitationsSentAt);
}

[GenerateSerializer, Alias("Collab.MeetingSeriesState")]
public sealed class MeetingSeriesState : ObjectState
{
    [Id(0)] public MeetingSeriesDefinition? Definition { get; set; }
    [Id(1)] public string? Uid { get; set; }
    [Id(2)] public int Sequence { get; set; }
    [Id(3)] public bool Cancelled { get; set; }
    [Id(4)] public int? SequenceSent { get; set; }
    [Id(5)] public DateTimeOffset? InvitationsSentAt { get; set; }
    [Id(6)] public List<string> Meetings { get; set; } = [];
}

/// <summary>Validation of series and attendees (French messages), ids.</summary>
public static partial class MeetingRules
{
    public const int MaxTitle = 200;
    public const int MaxText = 4000;
    public const int MaxAttendees = 100;

    public static string MeetingId(string seriesId, DateOnly day) => $"{seriesId}-{day:yyyyMMdd}";

    public static string NewSeriesId() => "SR-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>Plain address (dot-atom local part, dotted domain), no display name, no control characters.</summary>
    public static bool IsValidAddress(string? address) =>
        address is { Length: > 0 and <= 254 } && !MailValidator.ContainsControlCharacter(address) && Address().IsMatch(address);

    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$")]
    private static partial Regex Address();

    /// <summary>Validates (all errors at once) and normalises a definition.</summary>
    public static MeetingSeriesDefinition Normalise(MeetingSeriesDefinition d)
    {
        var errors = new List<RefusalReason>();
        var title = d.Title?.Trim() ?? "";
        if (title.Length == 0) errors.Add(new(Refusal.Required, RefusalTerm.MeetingTitle));
        else if (title.Length > MaxTitle) errors.Add(new(Refusal.TooLong, RefusalTerm.MeetingTitle, MaxTitle));
        if (MailValidator.ContainsControlCharacter(d.Title)) errors.Add(new(Refusal.ControlCharacter, RefusalTerm.MeetingTitle));
        if (MailValidator.ContainsControlCharacter(d.Room)) errors.Add(new(Refusal.ControlCharacter, RefusalTerm.Room));
        if (d.DurationMinutes is < 5 or > 480) errors.Add(new(Refusal.DurationOutOfRange));
        if (d.Days is null || d.Days.Length == 0) errors.Add(new(Refusal.NoDay));
        if (string.IsNullOrWhiteSpace(d.Facilitator) || MailValidator.ContainsControlCharacter(d.Facilitator)) errors.Add(new(Refusal.Required, RefusalTerm.Facilitator));
        if (d.Type == MeetingType.ProjectReview && d.Project is null) errors.Add(new(Refusal.ReviewWithoutProject));
        var attendees = d.Attendees ?? [];
        if (attendees.Length > MaxAttendees) errors.Add(new(Refusal.TooManyAttendees, MaxAttendees));
        var normalised = new List<MeetingAttendee>();
        foreach (var a in attendees)
        {
            var key = a.Key ?? "";
            var shown = Escape(key);
            if (MailValidator.ContainsControlCharacter(key) || MailValidator.ContainsControlCharacter(a.Name) || MailValidator.ContainsControlCharacter(a.Email))
            {
                errors.Add(new(Refusal.AttendeeControlCharacter, shown));
                continue;
            }

            var email = string.IsNullOrWhiteSpace(a.Email) ? null : a.Email.Trim();
            if (a.External)
            {
                email ??= key.Trim();
                if (!IsValidAddress(email))
                {
                    errors.Add(new(Refusal.InvalidAddress, Escape(email)));
                    continue;
                }

                key = email.ToLowerInvariant();
            }
            else
            {
                key = key.Trim();
                if (key.Length == 0)
                {
                    errors.Add(new(Refusal.AttendeeWithoutKey));
                    continue;
                }

                if (email is not null && !IsValidAddress(email))
                {
                    errors.Add(new(Refusal.InvalidAddressOf, key, Escape(email)));
                    continue;
                }
            }

            if (normalised.Any(n => string.Equals(n.Key, key, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            normalised.Add(new MeetingAttendee(key, string.IsNullOrWhiteSpace(a.Name) ? key : a.Name.Trim(), email, a.External));
        }

        if (errors.Count > 0)
        {
            throw new CommandRejectedException(errors);
        }

        return d with { Title = title, Room = string.IsNullOrWhiteSpace(d.Room) ? null : d.Room.Trim(), Facilitator = d.Facilitator.Trim(),
            Days = [.. d.Days!.Distinct().Order()], Attendees = [.. normalised] };
    }

    /// <summary>Shows control characters escaped (\u000d), never raw.</summary>
    public static string Escape(string? value) =>
        string.Concat((value ?? "").Select(c => char.IsControl(c) || c is '\u2028' or '\u2029' ? $"\\u{(int)c:x4}" : c.ToString()));

    public static string CheckText(string? text, RefusalTerm what)
    {
        var t = text?.Trim() ?? "";
        if (t.Length == 0)
        {
            throw new CommandRejectedException(Refusal.Required, what);
        }

        if (t.Length > MaxText)
        {
            throw new CommandRejectedException(Refusal.TooLong, what, MaxText);
        }

        return t;
    }
}
