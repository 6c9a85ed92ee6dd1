using Collab.Contracts.Sites;
using Collab.Grains.Common;
using Orleans.Runtime;

namespace Collab.Grains.Sites;

/// <summary>
/// One slice of a site's master data (key "SITE/nnn"): the rows of the records whose code hashes to it and their
/// stamps. Written only by the site grain, after it validated the whole set. A failed write reloads the stored slice.
/// </summary>
public sealed class MasterDataShardGrain(
    [PersistentState("mdshard")] IPersistentState<MasterDataShardState> state) : Grain, IMasterDataShardGrain
{
    Task<MasterDataShard> IMasterDataShardGrain.GetAsync() => Task.FromResult(new MasterDataShard(state.State.Data, state.State.Stamps, state.State.Pending));

    Task IMasterDataShardGrain.ReplaceAsync(IReadOnlyList<string> keys, MasterDataSet rows, IReadOnlyList<MasterDataStamp> stamps, IReadOnlyList<PendingHistory> pending)
    {
        var gone = keys.ToHashSet(StringComparer.Ordinal);
        var d = state.State.Data;
        var kept = SiteGrain.Filter(d, k => !gone.Contains(k));
        var next = new MasterDataSet(
            [.. kept.Items, .. rows.Items], [.. kept.Bom, .. rows.Bom], [.. kept.Routings, .. rows.Routings], [.. kept.Workstations, .. rows.Workstations],
            [.. kept.Suppliers, .. rows.Suppliers], [.. kept.Customers, .. rows.Customers], [.. kept.Forecasts, .. rows.Forecasts], [.. kept.Stock, .. rows.Stock]);
        var replaced = stamps.ToDictionary(s => s.Key, StringComparer.Ordinal);
        return WriteAsync(next, [.. state.State.Stamps.Where(s => !replaced.ContainsKey(s.Key)), .. stamps], [.. pending]);
    }

    Task IMasterDataShardGrain.SetAsync(MasterDataShard shard) => WriteAsync(shard.Data, [.. shard.Stamps], [.. shard.Pending ?? []]);

    private Task WriteAsync(MasterDataSet data, List<MasterDataStamp> stamps, List<PendingHistory> pending) =>
        state.SaveAsync(this, s =>
        {
            s.Data = data;
            s.Stamps = stamps;
            s.Pending = pending;
        });
}

/// <summary>Persisted slice: member names are schema.</summary>
[GenerateSerializer, Alias("Collab.MasterDataShardState")]
public sealed class MasterDataShardState
{
    [Id(0)] public MasterDataSet Data { get; set; } = MasterDataSet.Empty;
    /// <summary>Stamps of the records of this slice (kept after a record is retired, so versions never go back).</summary>
    [Id(1)] public List<MasterDataStamp> Stamps { get; set; } = [];
    /// <summary>History lines written with the rows they describe, not yet known to be in their record grain (see <see cref="PendingHistory"/>).</summary>
    [Id(2)] public List<PendingHistory> Pending { get; set; } = [];
}
