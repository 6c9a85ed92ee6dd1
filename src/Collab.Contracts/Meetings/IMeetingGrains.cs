using Collab.Contracts.Common;

namespace Collab.Contracts.Meetings;

/// <summary>
/// A meeting series (key: series id, e.g. "SR-1a2b3c4d"): definition, attendees, invitation UID and
/// SEQUENCE (incremented at every change attendees must see, and at cancellation), the occurrences.
/// </summary>
[Alias("Collab.IMeetingSeriesGrain")]
public interface IMeetingSeriesGrain : IGrainWithStringKey, IHasHistory
{
    [Alias("Create")]
    Task<MeetingSeriesView> CreateAsync(string site, MeetingSeriesDefinition definition, string user);

    [Alias("Get")]
    Task<MeetingSeriesView?> GetAsync();

    /// <summary>Changes the definition; SEQUENCE + 1 when time, days, duration, room, title or attendees change.</summary>
    [Alias("Update")]
    Task<MeetingSeriesView> UpdateAsync(MeetingSeriesDefinition definition, long expectedVersion, string user);

    /// <summary>Cancels the series (SEQUENCE + 1); no new occurrence can start.</summary>
    [Alias("Cancel")]
    Task<MeetingSeriesView> CancelAsync(long expectedVersion, string user);

    /// <summary>Remembers that invitations were sent: the UID (kept from the first sending on) and the SEQUENCE sent.</summary>
    [Alias("RecordInvitations")]
    Task<MeetingSeriesView> RecordInvitationsAsync(string uid, int sequence, string user);

    /// <summary>Opens (or returns) the occurrence of <paramref name="day"/>; its agenda is generated from the live plan.</summary>
    [Alias("StartMeeting")]
    Task<string> StartMeetingAsync(DateOnly day, string user);

    [Alias("GetHistory")]
    Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync();
}

/// <summary>
/// One occurrence of a meeting (key: "{seriesId}-{yyyyMMdd}"): agenda generated at opening, live capture
/// (notes, decisions, actions, attendance), timer, close → minutes (PDF stored), reopen by the facilitator with a trace.
/// Closed meetings refuse every edit with a French reason. Meeting control (agenda: refresh, add, move, skip, go to;
/// timer; close; reopen) belongs to the facilitator of the meeting or an administrator (<c>admin</c> = the caller
/// holds the Admin role, asserted by the web service that checked it); anyone else is refused.
/// </summary>
[Alias("Collab.IMeetingGrain")]
public interface IMeetingGrain : IGrainWithStringKey, IHasHistory
{
    [Alias("Open")]
    Task<MeetingView> OpenAsync(MeetingSetup setup, string user);

    [Alias("Get")]
    Task<MeetingView?> GetAsync();

    [Alias("GetHistory")]
    Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync();

    /// <summary>The plan run the agenda was generated from (base of the next meeting's "what changed").</summary>
    [Alias("GetPlanRun")]
    Task<string?> GetPlanRunAsync();

    /// <summary>Rebuilds the generated items from the live plan (manual items, notes and decisions are kept).</summary>
    [Alias("RefreshAgenda")]
    Task<MeetingView> RefreshAgendaAsync(string user, bool admin = false);

    [Alias("AddItem")]
    Task<MeetingView> AddItemAsync(string title, SqcdpCategory category, ObjectRef? on, string user, bool admin = false);

    /// <summary>Moves an item by <paramref name="offset"/> places (facilitator).</summary>
    [Alias("MoveItem")]
    Task<MeetingView> MoveItemAsync(Guid itemId, int offset, long expectedVersion, string user, bool admin = false);

    [Alias("SkipItem")]
    Task<MeetingView> SetSkippedAsync(Guid itemId, bool skipped, string user, bool admin = false);

    /// <summary>Makes the item at <paramref name="index"/> current (the timer follows: time is booked to the item left).</summary>
    [Alias("GoTo")]
    Task<MeetingView> GoToAsync(int index, string user, bool admin = false);

    [Alias("ToggleTimer")]
    Task<MeetingView> SetTimerAsync(bool running, string user, bool admin = false);

    [Alias("AddNote")]
    Task<MeetingView> AddNoteAsync(Guid itemId, string text, string user);

    [Alias("AddDecision")]
    Task<MeetingView> AddDecisionAsync(Guid itemId, string text, string user);

    /// <summary>Records an action created on its object (attached to the object AND referencing this meeting).</summary>
    [Alias("RecordAction")]
    Task<MeetingView> RecordActionAsync(Guid itemId, ActionItem action, string user);

    [Alias("SetPresent")]
    Task<MeetingView> SetPresentAsync(string attendeeKey, bool present, string user);

    /// <summary>Closes the meeting (facilitator): KPIs at the time are recomputed and kept.</summary>
    [Alias("Close")]
    Task<MeetingView> CloseAsync(string user, bool admin = false);

    /// <summary>Stores the minutes PDF rendered after closing.</summary>
    [Alias("StoreMinutes")]
    Task StoreMinutesAsync(byte[] pdf, string user);

    [Alias("GetMinutes")]
    Task<byte[]?> GetMinutesAsync();

    [Alias("RecordMinutesSent")]
    Task<MeetingView> RecordMinutesSentAsync(string[] recipients, string user);

    /// <summary>Reopens a closed meeting; only the facilitator; the reason goes to the history.</summary>
    [Alias("Reopen")]
    Task<MeetingView> ReopenAsync(string reason, string user, bool admin = false);
}

/// <summary>Read model of the meetings of a site (key: site code): series list, history search, the running meeting.</summary>
[Alias("Collab.IMeetingIndexGrain")]
public interface IMeetingIndexGrain : IGrainWithStringKey
{
    [Alias("UpsertSeries")]
    Task UpsertSeriesAsync(MeetingSeriesSummary series);

    [Alias("Upsert")]
    Task UpsertAsync(MeetingSummary meeting);

    [Alias("ListSeries")]
    Task<IReadOnlyList<MeetingSeriesSummary>> ListSeriesAsync();

    /// <summary>Newest first; the text is matched (accents and case ignored) against titles, items, notes, decisions, actions, attendees.</summary>
    [Alias("Search")]
    Task<IReadOnlyList<MeetingSummary>> SearchAsync(MeetingSearch search);

    /// <summary>The open meeting opened last, if any (what a wall screen shows).</summary>
    [Alias("Running")]
    Task<MeetingSummary?> GetRunningAsync();
}

/// <summary>Wall-screen display links of a site (key: site code). Tokens are random (256 bits), stored hashed, revocable.</summary>
[Alias("Collab.IKioskDisplayGrain")]
public interface IKioskDisplayGrain : IGrainWithStringKey
{
    [Alias("Create")]
    Task<NewKioskDisplay> CreateAsync(string name, string user);

    [Alias("List")]
    Task<IReadOnlyList<KioskDisplay>> ListAsync();

    [Alias("Revoke")]
    Task RevokeAsync(Guid id, string user);

    /// <summary>True when the token belongs to an active (not revoked) display.</summary>
    [Alias("Validate")]
    Task<bool> ValidateAsync(string token);
}
