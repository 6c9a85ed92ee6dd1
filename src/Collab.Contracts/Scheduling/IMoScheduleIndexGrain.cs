using Orleans.Concurrency;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;

namespace Collab.Contracts.Scheduling;

/// <summary>
/// Read model of the open manufacturing orders as the schedule needs them (operations, materials, first progress per
/// operation, pegged customer orders), fed by the MO grains after each persisted change. Sharded: key
/// <c>"{site}/{shard}"</c> (<see cref="MoScheduleIndex.KeyOf"/>), so one MO change rewrites one shard, and the schedule
/// grain reads every open MO with <see cref="MoScheduleIndex.Shards"/> calls instead of one per MO. Each row carries the
/// shard's change stamp when it last changed in a way the schedule sees, so the schedule asks only for what changed.
/// </summary>
[Alias("Collab.IMoScheduleIndexGrain")]
public interface IMoScheduleIndexGrain : IGrainWithStringKey
{
    /// <summary>Stores the MO's row (an MO no longer open is removed); no write when nothing the schedule reads changed.</summary>
    [Alias("Upsert")]
    Task UpsertAsync(ManufacturingOrderView mo);

    /// <summary>Stores many rows in one write (import batch, repair of a missing row).</summary>
    [Alias("UpsertMany")]
    Task UpsertManyAsync(IReadOnlyList<ManufacturingOrderView> mos);

    /// <summary>Forgets an MO (an imported MO undone by its failed batch).</summary>
    [Alias("Remove")]
    Task RemoveAsync(string number);

    /// <summary>Drops the stored shard (a shard of an older layout, <see cref="MoScheduleIndex.LegacyKeysOf"/>).</summary>
    [Alias("Forget")]
    Task ForgetAsync();

    /// <summary>Rows changed and MOs removed since <paramref name="since"/> (null or another epoch: everything).</summary>
    [AlwaysInterleave, Alias("ChangesSince")]
    Task<MoScheduleChanges> ChangesSinceAsync(ChangeCursor? since);
}

/// <summary>What changed in a shard: <see cref="Full"/> means <see cref="Rows"/> is the whole shard (forget the rest).</summary>
[GenerateSerializer, Immutable, Alias("Collab.MoScheduleChanges")]
public sealed record MoScheduleChanges(
    [property: Id(0)] ChangeCursor Cursor,
    [property: Id(1)] bool Full,
    [property: Id(2)] IReadOnlyList<ManufacturingOrderView> Rows,
    [property: Id(3)] IReadOnlyList<string> Removed);

/// <summary>Keys and row rules of <see cref="IMoScheduleIndexGrain"/>.</summary>
public static class MoScheduleIndex
{
    /// <summary>
    /// Issue #17: 64 shards of ~30 MOs on a 2,000-MO plant (~50 KB written per MO change); 16 before (~200 KB, the tail
    /// of an MO edit in cluster mode). The count is part of the key, so a layout change never mixes old rows in.
    /// </summary>
    public const int Shards = 64;

    /// <summary>The shard of an MO: a stable hash of its number (FNV-1a, not <c>string.GetHashCode</c>).</summary>
    public static int ShardOf(string number)
    {
        var h = 2166136261u;
        foreach (var c in number)
        {
            h = (h ^ c) * 16777619u;
        }

        return (int)(h % Shards);
    }

    public static string KeyOf(string site, int shard) => $"{site}/{Shards}/{shard:00}";

    /// <summary>
    /// The shards of the first layout (16, keyed <c>"{site}/{shard:00}"</c>): the schedule grain fills the new ones from
    /// the MO grains the first time it finds them empty, then drops these.
    /// </summary>
    public static IEnumerable<string> LegacyKeysOf(string site) => Enumerable.Range(0, 16).Select(n => $"{site}/{n:00}");

    public static string KeyOf(string site, string number) => KeyOf(site, ShardOf(number));

    /// <summary>Whether the schedule plans this MO.</summary>
    public static bool IsOpen(ManufacturingOrderView mo) =>
        mo.Status is ManufacturingOrderStatus.Planned or ManufacturingOrderStatus.Released or ManufacturingOrderStatus.InProgress;

    /// <summary>
    /// The row: what the schedule mapper reads, nothing it writes back (sequenced slots) nor what it ignores (history,
    /// exceptions, versions), so the schedule's own write-back does not look like an MO change. Progress: the first
    /// declaration per operation (its start).
    /// </summary>
    public static ManufacturingOrderView Row(ManufacturingOrderView mo) => mo with
    {
        Operations = [.. mo.Operations.Select(o => o with { SequencedStart = null, SequencedEnd = null, SequencedMachine = null, ScheduledStart = null, ScheduledEnd = null })],
        Progress = [.. mo.Progress.GroupBy(p => p.Declaration.Sequence).Select(g => g.MinBy(p => p.At)!)],
        Exceptions = [],
        NeededDate = null,
        Version = 0,
        ModifiedBy = null,
        ModifiedAt = null,
    };

    /// <summary>Two rows the schedule cannot tell apart.</summary>
    public static bool Same(ManufacturingOrderView a, ManufacturingOrderView b) =>
        a.Number == b.Number && a.Item == b.Item && a.Qty.Equals(b.Qty) && a.Start == b.Start && a.Due == b.Due && a.Status == b.Status
        && a.Operations.SequenceEqual(b.Operations) && a.Materials.SequenceEqual(b.Materials) && a.Progress.SequenceEqual(b.Progress)
        && a.PeggedCustomerOrders.SequenceEqual(b.PeggedCustomerOrders);
}
