using Collab.Contracts.Common;
using Collab.Contracts.Sites;

namespace Collab.Contracts.Workstations;

/// <summary>Load of one order on a workstation in one week.</summary>
[GenerateSerializer, Immutable, Alias("Collab.OrderHours")]
public sealed record OrderHours(
    [property: Id(0)] string Order,
    [property: Id(1)] string Item,
    [property: Id(2)] bool Planned,
    [property: Id(3)] double Hours);

/// <summary>Load vs capacity of one week (Monday <see cref="WeekStart"/>).</summary>
[GenerateSerializer, Immutable, Alias("Collab.WeekLoad")]
public sealed record WeekLoad(
    [property: Id(0)] DateOnly WeekStart,
    [property: Id(1)] double Available,
    [property: Id(2)] double Load,
    [property: Id(3)] IReadOnlyList<OrderHours> Orders)
{
    public double Utilisation => Available > 0 ? Load / Available : Load > 0 ? double.PositiveInfinity : 0;

    public bool Overloaded => Load > Available + 1e-9;
}

/// <summary>An operation waiting at (or planned on) the workstation, in sequence order.</summary>
[GenerateSerializer, Immutable, Alias("Collab.QueueEntry")]
public sealed record QueueEntry(
    [property: Id(0)] string Order,
    [property: Id(1)] string Item,
    [property: Id(2)] int Sequence,
    [property: Id(3)] DateOnly Start,
    [property: Id(4)] DateOnly End,
    [property: Id(5)] double Hours,
    [property: Id(6)] bool Planned);

[GenerateSerializer, Immutable, Alias("Collab.WorkstationLoadFeedback")]
public sealed record WorkstationLoadFeedback(
    [property: Id(0)] string RunId,
    [property: Id(1)] IReadOnlyList<WeekLoad> Weeks,
    [property: Id(2)] IReadOnlyList<QueueEntry> Queue);

public enum IncidentSeverity
{
    Minor = 0,
    Major = 1,
    Stop = 2,
}

[GenerateSerializer, Immutable, Alias("Collab.Incident")]
public sealed record Incident(
    [property: Id(0)] Guid Id,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string ReportedBy,
    [property: Id(3)] string Title,
    [property: Id(4)] IncidentSeverity Severity,
    [property: Id(5)] DateTimeOffset? ClosedAt,
    [property: Id(6)] string? ClosedBy);

[GenerateSerializer, Immutable, Alias("Collab.WorkstationView")]
public sealed record WorkstationView(
    [property: Id(0)] string Site,
    [property: Id(1)] WorkstationData Data,
    [property: Id(2)] IReadOnlyList<WeekLoad> Weeks,
    [property: Id(3)] IReadOnlyList<QueueEntry> Queue,
    [property: Id(4)] IReadOnlyList<Incident> Incidents,
    [property: Id(5)] long Version,
    [property: Id(6)] string? ModifiedBy,
    [property: Id(7)] DateTimeOffset? ModifiedAt)
{
    public string Code => Data.Code;

    /// <summary>
    /// This view with the plan run's detail of its load: the orders making each week's load and the queue (the grain
    /// keeps the weekly figures only, issue #17). Unchanged without a run (<paramref name="run"/> null).
    /// </summary>
    public WorkstationView WithRunLoad(WorkstationLoadFeedback? run) => run is null ? this : this with { Weeks = run.Weeks, Queue = run.Queue };
}

/// <summary>A workstation (poste de charge). Key: "{site}/{code}", e.g. "DEMO/USI-01" (see <see cref="WorkstationKey"/>).</summary>
[Alias("Collab.IWorkstationGrain")]
public interface IWorkstationGrain : IGrainWithStringKey, IHoldsActions, IHasHistory
{
    /// <summary>Creates or re-configures the workstation (no version check on first creation).</summary>
    [Alias("Configure")]
    Task<WorkstationView> ConfigureAsync(WorkstationData data, long? expectedVersion, string user);

    [Alias("Get")]
    Task<WorkstationView?> GetAsync();

    [Alias("GetHistory")]
    Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync();

    /// <summary>Calendar editing: hours per weekday (Monday first), machines, efficiency, closed days.</summary>
    [Alias("UpdateCalendar")]
    Task<WorkstationView> UpdateCalendarAsync(IReadOnlyList<double> hoursByDay, int machines, double efficiency, IReadOnlyList<DateOnly> closures, long expectedVersion, string user);

    [Alias("ReportIncident")]
    Task<WorkstationView> ReportIncidentAsync(string title, IncidentSeverity severity, string user);

    [Alias("CloseIncident")]
    Task<WorkstationView> CloseIncidentAsync(Guid incident, string user);

    [Alias("ApplyLoad")]
    Task ApplyLoadAsync(WorkstationLoadFeedback feedback);
}

public static class WorkstationKey
{
    public static string Of(string site, string code) => $"{site}/{code}";

    public static (string Site, string Code) Parse(string key)
    {
        var slash = key.IndexOf('/');
        return slash < 0 ? ("DEMO", key) : (key[..slash], key[(slash + 1)..]);
    }
}
