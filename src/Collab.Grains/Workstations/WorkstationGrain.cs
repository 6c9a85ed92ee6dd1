using Collab.Contracts.Common;
using Collab.Contracts.Sites;
using Collab.Contracts.Workstations;
using Collab.Grains.Common;
using Collab.Grains.Sites;
using Orleans.Runtime;

namespace Collab.Grains.Workstations;

public sealed class WorkstationGrain(
    [PersistentState("workstation")] IPersistentState<WorkstationState> state,
    TimeProvider clock) : ObjectGrain<WorkstationState>(state, clock), IWorkstationGrain
{
    protected override ObjectKind Kind => ObjectKind.Workstation;

    private string Code => WorkstationKey.Parse(this.GetPrimaryKeyString()).Code;

    async Task<WorkstationView> IWorkstationGrain.ConfigureAsync(WorkstationData data, long? expectedVersion, string user)
    {
        var (site, code) = WorkstationKey.Parse(this.GetPrimaryKeyString());
        await ExecuteAsync(user, Exists ? expectedVersion ?? State.Version : null, HistoryEvent.WorkstationConfigured, s =>
        {
            Validate(data with { Code = code });
            var old = s.Data;
            s.Site = site;
            s.Data = data with { Code = code };
            return [FieldChange.Of(HistoryField.WeeklyHours, old is null ? null : FieldChange.Value(old.WeeklyHours), FieldChange.Value(s.Data.WeeklyHours))];
        });
        await GrainFactory.GetGrain<ISiteGrain>(site).SyncWorkstationAsync(State.Data!, user);
        return View();
    }

    Task<WorkstationView?> IWorkstationGrain.GetAsync() => Task.FromResult(Exists ? View() : null);

    Task<IReadOnlyList<HistoryEntry>> IWorkstationGrain.GetHistoryAsync() => ReadHistoryAsync();

    async Task<WorkstationView> IWorkstationGrain.UpdateCalendarAsync(IReadOnlyList<double> hoursByDay, int machines, double efficiency, IReadOnlyList<DateOnly> closures, long expectedVersion, string user)
    {
        EnsureExists();
        await ExecuteAsync(user, expectedVersion, HistoryEvent.WorkstationCalendarChanged, s =>
        {
            var next = s.Data! with { HoursByDay = [.. hoursByDay], Machines = machines, Efficiency = efficiency, Closures = [.. closures.Distinct().Order()] };
            Validate(next);
            var old = s.Data!;
            s.Data = next;
            return [FieldChange.Of(HistoryField.HoursByDay, string.Join(" ", old.HoursByDay.Select(FieldChange.Value)), string.Join(" ", next.HoursByDay.Select(FieldChange.Value))),
                FieldChange.Of(HistoryField.Machines, FieldChange.Value(old.Machines), FieldChange.Value(next.Machines)),
                FieldChange.Of(HistoryField.Closures, FieldChange.Value(old.Closures.Count), FieldChange.Value(next.Closures.Count))];
        });
        await GrainFactory.GetGrain<ISiteGrain>(State.Site).SyncWorkstationAsync(State.Data!, user);
        return View();
    }

    async Task<WorkstationView> IWorkstationGrain.ReportIncidentAsync(string title, IncidentSeverity severity, string user)
    {
        EnsureExists();
        await ExecuteAsync(user, null, HistoryEvent.IncidentReported, s =>
        {
            var t = title?.Trim() ?? "";
            if (t.Length is 0 or > 200)
            {
                throw new Collab.Contracts.CommandRejectedException(Collab.Contracts.Refusal.RequiredMax, Collab.Contracts.RefusalTerm.IncidentTitle, 200);
            }

            s.Incidents.Add(new Incident(Guid.NewGuid(), Clock.GetUtcNow(), user, t, severity, null, null));
            return [FieldChange.Of(HistoryField.Incident, null, t)];
        });
        return View();
    }

    async Task<WorkstationView> IWorkstationGrain.CloseIncidentAsync(Guid incident, string user)
    {
        EnsureExists();
        await ExecuteAsync(user, null, HistoryEvent.IncidentClosed, s =>
        {
            var i = s.Incidents.FindIndex(x => x.Id == incident && x.ClosedAt is null);
            if (i < 0)
            {
                throw new Collab.Contracts.CommandRejectedException(Collab.Contracts.Refusal.IncidentNotOpen);
            }

            s.Incidents[i] = s.Incidents[i] with { ClosedAt = Clock.GetUtcNow(), ClosedBy = user };
            return [FieldChange.Of(HistoryField.Incident, s.Incidents[i].Title, null)];
        });
        return View();
    }

    Task IWorkstationGrain.ApplyLoadAsync(WorkstationLoadFeedback feedback)
    {
        if (!Exists || (State.Weeks.SequenceEqual(feedback.Weeks, WeekComparer.Instance) && State.Queue.SequenceEqual(feedback.Queue)))
        {
            return Task.CompletedTask;
        }

        return WriteSystemAsync("LoadRecalculated", s =>
        {
            s.Weeks = [.. feedback.Weeks];
            s.Queue = [.. feedback.Queue];
        });
    }

    private static void Validate(WorkstationData d) =>
        MasterDataRules.Validate(MasterDataSet.Empty with { Workstations = [d] });

    private WorkstationView View()
    {
        var s = State;
        return new WorkstationView(s.Site, s.Data ?? new WorkstationData(Code, "", WorkstationData.Shifts(1), 1, 1, []),
            s.Weeks.ToList(), s.Queue.ToList(), s.Incidents.ToList(), s.Version, s.ModifiedBy, s.ModifiedAt);
    }

    private sealed class WeekComparer : IEqualityComparer<WeekLoad>
    {
        public static readonly WeekComparer Instance = new();

        public bool Equals(WeekLoad? x, WeekLoad? y) =>
            x is not null && y is not null && x.WeekStart == y.WeekStart && x.Available == y.Available && x.Load == y.Load && x.Orders.SequenceEqual(y.Orders);

        public int GetHashCode(WeekLoad obj) => obj.WeekStart.GetHashCode();
    }
}

[GenerateSerializer, Alias("Collab.WorkstationState")]
public sealed class WorkstationState : ObjectState
{
    [Id(0)] public WorkstationData? Data { get; set; }
    [Id(1)] public List<WeekLoad> Weeks { get; set; } = [];
    [Id(2)] public List<QueueEntry> Queue { get; set; } = [];
    [Id(3)] public List<Incident> Incidents { get; set; } = [];
}
