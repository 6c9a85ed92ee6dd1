using Collab.Grains.Common;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace Collab.Grains.Plan;

/// <summary>
/// One plan run's inputs, in its own storage row (key <c>{plan key}/{run id}</c>): the plan grain's own state keeps
/// only the list of runs, so a run writes one snapshot, not the last ten (issue #17: one snapshot of the 10,000-item
/// plant is ~11 MB). Read back when the plan grain activates (the last run) and for a plan diff (an older one).
/// </summary>
[Alias("Collab.IPlanSnapshotGrain")]
public interface IPlanSnapshotGrain : IGrainWithStringKey
{
    [Alias("Store")]
    Task StoreAsync(Immutable<PlanSnapshot> snapshot);

    [Alias("Get")]
    Task<PlanSnapshot?> GetAsync();

    [Alias("Clear")]
    Task ClearAsync();
}

public sealed class PlanSnapshotGrain([PersistentState("plansnapshot")] IPersistentState<PlanSnapshotState> state) : Grain, IPlanSnapshotGrain
{
    public static string KeyOf(string planKey, string runId) => $"{planKey}/{runId}";

    async Task IPlanSnapshotGrain.StoreAsync(Immutable<PlanSnapshot> snapshot)
    {
        await state.SaveAsync(this, s => s.Snapshot = snapshot.Value);
        DeactivateOnIdle(); // megabytes: kept in the storage row, not in memory
    }

    Task<PlanSnapshot?> IPlanSnapshotGrain.GetAsync()
    {
        DeactivateOnIdle();
        return Task.FromResult(state.State.Snapshot);
    }

    async Task IPlanSnapshotGrain.ClearAsync()
    {
        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }

        DeactivateOnIdle();
    }
}

[GenerateSerializer, Alias("Collab.PlanSnapshotState")]
public sealed class PlanSnapshotState
{
    [Id(0)] public PlanSnapshot? Snapshot { get; set; }
}
