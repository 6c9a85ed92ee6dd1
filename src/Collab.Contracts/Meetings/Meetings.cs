using Collab.Contracts.Common;

namespace Collab.Contracts.Meetings;

/// <summary>Daily production meeting, weekly PIC/S&amp;OP meeting, project review.</summary>
public enum MeetingType
{
    DailyProduction = 0,
    WeeklySop = 1,
    ProjectReview = 2,
}

/// <summary>SQCDP order of the agenda: Sécurité, Qualité, Coût, Délai, Personnel.</summary>
public enum SqcdpCategory
{
    Safety = 0,
    Quality = 1,
    Cost = 2,
    Delivery = 3,
    People = 4,
}

/// <summary>Where an agenda item comes from (generated from the live plan, or added by hand).</summary>
public enum AgendaSource
{
    PreviousActions = 0,
    LateCustomerOrders = 1,
    OverloadedWorkstations = 2,
    Shortages = 3,
    BlockedManufacturingOrders = 4,
    OverdueActions = 5,
    Kpis = 6,
    PlanChanges = 7,
    Manual = 8,
    /// <summary>Project review: the project's current phase and its gate checklist.</summary>
    ProjectPhase = 9,
}

public enum MeetingStatus
{
    Open = 0,
    Closed = 1,
}

/// <summary>
/// Someone invited: a Collab user (<see cref="Key"/> = user name, <see cref="Email"/> optional) or an
/// external address (<see cref="Key"/> = <see cref="Email"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("Collab.MeetingAttendee")]
public sealed record MeetingAttendee(
    [property: Id(0)] string Key,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Email,
    [property: Id(3)] bool External);

/// <summary>What the facilitator sets for a series. <see cref="Project"/> is set for project reviews.</summary>
[GenerateSerializer, Immutable, Alias("Collab.MeetingSeriesDefinition")]
public sealed record MeetingSeriesDefinition(
    [property: Id(0)] MeetingType Type,
    [property: Id(1)] string Title,
    [property: Id(2)] TimeOnly Start,
    [property: Id(3)] int DurationMinutes,
    [property: Id(4)] DayOfWeek[] Days,
    [property: Id(5)] string? Room,
    [property: Id(6)] string Facilitator,
    [property: Id(7)] MeetingAttendee[] Attendees,
    [property: Id(8)] ObjectRef? Project)
{
    /// <summary>Daily production meeting: working days 08:30, 15 minutes.</summary>
    public static MeetingSeriesDefinition DailyProduction(string facilitator, MeetingAttendee[] attendees, string? room = null) =>
        new(MeetingType.DailyProduction, "Réunion de production", new TimeOnly(8, 30), 15,
            [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], room, facilitator, attendees, null);

    /// <summary>Weekly PIC / S&amp;OP meeting: Monday 14:00, one hour.</summary>
    public static MeetingSeriesDefinition WeeklySop(string facilitator, MeetingAttendee[] attendees, string? room = null) =>
        new(MeetingType.WeeklySop, "Réunion PIC / S&OP", new TimeOnly(14, 0), 60, [DayOfWeek.Monday], room, facilitator, attendees, null);
}

[GenerateSerializer, Immutable, Alias("Collab.MeetingSeriesView")]
public sealed record MeetingSeriesView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Site,
    [property: Id(2)] MeetingSeriesDefinition Definition,
    [property: Id(3)] string? Uid,
    [property: Id(4)] int Sequence,
    [property: Id(5)] bool Cancelled,
    [property: Id(6)] long Version,
    [property: Id(7)] string? LastMeetingId,
    [property: Id(8)] int? SequenceSent,
    [property: Id(9)] DateTimeOffset? InvitationsSentAt);

/// <summary>A row of an agenda item (an order, a workstation, an action…) with the object it links to.</summary>
[GenerateSerializer, Immutable, Alias("Collab.AgendaLine")]
public sealed record AgendaLine(
    [property: Id(0)] string Label,
    [property: Id(1)] string? Detail,
    [property: Id(2)] ObjectRef? Object,
    [property: Id(3)] bool Alert,
    [property: Id(4)] string? Date = null,
    [property: Id(5)] string? Value = null,
    [property: Id(6)] string? Person = null);

/// <summary>Bars of the load chart (e.g. load % of the overloaded workstation per week, reference 100 %).</summary>
[GenerateSerializer, Immutable, Alias("Collab.AgendaChart")]
public sealed record AgendaChart(
    [property: Id(0)] string Title,
    [property: Id(1)] string[] Labels,
    [property: Id(2)] double[] Values,
    [property: Id(3)] double Reference,
    [property: Id(4)] string Unit);

/// <summary>A note or a decision taken on an agenda item.</summary>
[GenerateSerializer, Immutable, Alias("Collab.MeetingEntry")]
public sealed record MeetingEntry(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Text,
    [property: Id(2)] string User,
    [property: Id(3)] DateTimeOffset At);

[GenerateSerializer, Immutable, Alias("Collab.AgendaItem")]
public sealed record AgendaItem(
    [property: Id(0)] Guid Id,
    [property: Id(1)] SqcdpCategory Category,
    [property: Id(2)] AgendaSource Source,
    [property: Id(3)] string Title,
    [property: Id(4)] ObjectRef? Object,
    [property: Id(5)] AgendaLine[] Lines,
    [property: Id(6)] AgendaChart? Chart,
    [property: Id(7)] bool Skipped,
    [property: Id(8)] MeetingEntry[] Notes,
    [property: Id(9)] MeetingEntry[] Decisions,
    [property: Id(10)] double ElapsedSeconds);

/// <summary>A KPI at a given time (open or close of the meeting).</summary>
[GenerateSerializer, Immutable, Alias("Collab.MeetingKpi")]
public sealed record MeetingKpi(
    [property: Id(0)] string Name,
    [property: Id(1)] string Value,
    [property: Id(2)] string? Target,
    [property: Id(3)] bool? OnTarget);

/// <summary>An action decided in the meeting; the action itself lives with <see cref="Origin"/> (shared Action model).</summary>
[GenerateSerializer, Immutable, Alias("Collab.MeetingActionRef")]
public sealed record MeetingActionRef(
    [property: Id(0)] Guid ActionId,
    [property: Id(1)] Guid ItemId,
    [property: Id(2)] ObjectRef Origin,
    [property: Id(3)] string Title,
    [property: Id(4)] string Owner,
    [property: Id(5)] DateOnly Due);

/// <summary>Everything the generator read from the live plan when the meeting opened (or refreshed its agenda).</summary>
[GenerateSerializer, Immutable, Alias("Collab.GeneratedAgenda")]
public sealed record GeneratedAgenda(
    [property: Id(0)] AgendaItem[] Items,
    [property: Id(1)] MeetingKpi[] Kpis,
    [property: Id(2)] string? PlanRunId);

/// <summary>What the series hands to a new occurrence.</summary>
[GenerateSerializer, Immutable, Alias("Collab.MeetingSetup")]
public sealed record MeetingSetup(
    [property: Id(0)] string Site,
    [property: Id(1)] string SeriesId,
    [property: Id(2)] MeetingSeriesDefinition Definition,
    [property: Id(3)] DateOnly Day,
    [property: Id(4)] string? PreviousMeetingId);

[GenerateSerializer, Immutable, Alias("Collab.MeetingView")]
public sealed record MeetingView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Site,
    [property: Id(2)] string SeriesId,
    [property: Id(3)] MeetingType Type,
    [property: Id(4)] string Title,
    [property: Id(5)] DateOnly Day,
    [property: Id(6)] TimeOnly Start,
    [property: Id(7)] int DurationMinutes,
    [property: Id(8)] string? Room,
    [property: Id(9)] string Facilitator,
    [property: Id(10)] IReadOnlyList<MeetingAttendee> Attendees,
    [property: Id(11)] IReadOnlyList<string> Present,
    [property: Id(12)] MeetingStatus Status,
    [property: Id(13)] IReadOnlyList<AgendaItem> Agenda,
    [property: Id(14)] int CurrentIndex,
    [property: Id(15)] DateTimeOffset? TimerStartedAt,
    [property: Id(16)] IReadOnlyList<MeetingActionRef> Actions,
    [property: Id(17)] IReadOnlyList<MeetingKpi> KpisAtOpen,
    [property: Id(18)] IReadOnlyList<MeetingKpi> KpisAtClose,
    [property: Id(19)] DateTimeOffset? OpenedAt,
    [property: Id(20)] DateTimeOffset? ClosedAt,
    [property: Id(21)] string? ClosedBy,
    [property: Id(22)] bool HasMinutes,
    [property: Id(23)] DateTimeOffset? MinutesSentAt,
    [property: Id(24)] string? PreviousMeetingId,
    [property: Id(25)] ObjectRef? Project,
    [property: Id(26)] long Version,
    [property: Id(27)] string? ModifiedBy,
    [property: Id(28)] DateTimeOffset? ModifiedAt)
{
    public bool IsClosed => Status == MeetingStatus.Closed;

    public AgendaItem? Current => CurrentIndex >= 0 && CurrentIndex < Agenda.Count ? Agenda[CurrentIndex] : null;

    /// <summary>Seconds spent on the item at <paramref name="index"/> (running timer included).</summary>
    public double ItemSeconds(int index, DateTimeOffset now) =>
        index < 0 || index >= Agenda.Count ? 0
        : Agenda[index].ElapsedSeconds + (index == CurrentIndex && TimerStartedAt is { } t ? Math.Max(0, (now - t).TotalSeconds) : 0);

    /// <summary>Seconds spent on the whole meeting so far (sum of items, running timer included).</summary>
    public double TotalSeconds(DateTimeOffset now) => Enumerable.Range(0, Agenda.Count).Sum(i => ItemSeconds(i, now));
}

/// <summary>A row of the meeting history (search).</summary>
[GenerateSerializer, Immutable, Alias("Collab.MeetingSummary")]
public sealed record MeetingSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string SeriesId,
    [property: Id(2)] MeetingType Type,
    [property: Id(3)] string Title,
    [property: Id(4)] DateOnly Day,
    [property: Id(5)] MeetingStatus Status,
    [property: Id(6)] string Facilitator,
    [property: Id(7)] DateTimeOffset? OpenedAt,
    [property: Id(8)] int Decisions,
    [property: Id(9)] int Actions,
    [property: Id(10)] string SearchText,
    [property: Id(11)] long Version);

/// <summary>A series in the site's list.</summary>
[GenerateSerializer, Immutable, Alias("Collab.MeetingSeriesSummary")]
public sealed record MeetingSeriesSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] MeetingType Type,
    [property: Id(2)] string Title,
    [property: Id(3)] TimeOnly Start,
    [property: Id(4)] int DurationMinutes,
    [property: Id(5)] string Facilitator,
    [property: Id(6)] bool Cancelled,
    [property: Id(7)] long Version);

[GenerateSerializer, Immutable, Alias("Collab.MeetingSearch")]
public sealed record MeetingSearch(
    [property: Id(0)] string? Text = null,
    [property: Id(1)] DateOnly? From = null,
    [property: Id(2)] DateOnly? To = null,
    [property: Id(3)] MeetingType? Type = null,
    [property: Id(4)] int Max = 100);

/// <summary>A wall-screen display link (the token itself is shown once, only its hash is kept).</summary>
[GenerateSerializer, Immutable, Alias("Collab.KioskDisplay")]
public sealed record KioskDisplay(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string CreatedBy,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] string? RevokedBy,
    [property: Id(5)] DateTimeOffset? RevokedAt,
    [property: Id(6)] DateTimeOffset? LastSeenAt,
    [property: Id(7)] string TokenHint)
{
    public bool Active => RevokedAt is null;
}

[GenerateSerializer, Immutable, Alias("Collab.NewKioskDisplay")]
public sealed record NewKioskDisplay(
    [property: Id(0)] KioskDisplay Display,
    [property: Id(1)] string Token);
