using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Scheduling;
using Collab.Grains.Common;
using Orleans.Runtime;

namespace Collab.Grains.Scheduling;

/// <summary>
/// One shard of the open MOs as the schedule reads them (<see cref="IMoScheduleIndexGrain"/>). Rows are stamped with
/// the shard's counter when they change in a way the schedule sees; removed MOs leave a tombstone (the last
/// <see cref="MaxTombstones"/>), older readers get the whole shard.
/// </summary>
public sealed class MoScheduleIndexGrain(
    [PersistentState("moschedule")] IPersistentState<MoScheduleIndexState> state) : Grain, IMoScheduleIndexGrain
{
    public const int MaxTombstones = 1_000;

    private MoScheduleIndexState S => state.State;

    Task IMoScheduleIndexGrain.UpsertAsync(ManufacturingOrderView mo) =>
        state.SaveIfChangedAsync(this, s => Apply(s, mo));

    Task IMoScheduleIndexGrain.UpsertManyAsync(IReadOnlyList<ManufacturingOrderView> mos) =>
        state.SaveIfChangedAsync(this, s => mos.Aggregate(false, (changed, mo) => Apply(s, mo) | changed));

    Task IMoScheduleIndexGrain.RemoveAsync(string number) =>
        state.SaveIfChangedAsync(this, s => Remove(s, number));

    async Task IMoScheduleIndexGrain.ForgetAsync()
    {
        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }

        DeactivateOnIdle();
    }

    Task<MoScheduleChanges> IMoScheduleIndexGrain.ChangesSinceAsync(ChangeCursor? since)
    {
        var s = S;
        var cursor = new ChangeCursor(s.Epoch, s.Stamp);
        if (ChangeCursor.ReadsEverything(since, cursor, s.ForgottenBefore))
        {
            return Task.FromResult(new MoScheduleChanges(cursor, true, [.. s.Rows.Values.Select(r => r.Mo)], []));
        }

        if (since.Sequence == s.Stamp)
        {
            return Task.FromResult(new MoScheduleChanges(cursor, false, [], []));
        }

        return Task.FromResult(new MoScheduleChanges(cursor, false,
            [.. s.Rows.Values.Where(r => r.Stamp > since.Sequence).Select(r => r.Mo)],
            [.. s.Removed.Where(kv => kv.Value > since.Sequence).Select(kv => kv.Key)]));
    }

    private static bool Apply(MoScheduleIndexState s, ManufacturingOrderView mo)
    {
        if (!MoScheduleIndex.IsOpen(mo))
        {
            return Remove(s, mo.Number);
        }

        var row = MoScheduleIndex.Row(mo);
        if (s.Rows.TryGetValue(mo.Number, out var known) && MoScheduleIndex.Same(known.Mo, row))
        {
            return false;
        }

        Stamp(s);
        s.Rows[mo.Number] = new MoScheduleIndexRow(row, s.Stamp);
        s.Removed.Remove(mo.Number);
        return true;
    }

    private static bool Remove(MoScheduleIndexState s, string number)
    {
        if (!s.Rows.Remove(number))
        {
            return false;
        }

        Stamp(s);
        s.Removed[number] = s.Stamp;
        if (s.Removed.Count > MaxTombstones)
        {
            var oldest = s.Removed.MinBy(kv => kv.Value);
            s.Removed.Remove(oldest.Key);
            s.ForgottenBefore = oldest.Value;
        }

        return true;
    }

    private static void Stamp(MoScheduleIndexState s)
    {
        if (string.IsNullOrEmpty(s.Epoch))
        {
            s.Epoch = Guid.NewGuid().ToString("N");
        }

        s.Stamp++;
    }
}

[GenerateSerializer, Immutable, Alias("Collab.MoScheduleIndexRow")]
public sealed record MoScheduleIndexRow([property: Id(0)] ManufacturingOrderView Mo, [property: Id(1)] long Stamp);

[GenerateSerializer, Alias("Collab.MoScheduleIndexState")]
public sealed class MoScheduleIndexState
{
    /// <summary>Set on the first write: a shard whose stored rows were lost starts a new epoch (readers reload it).</summary>
    [Id(0)] public string Epoch { get; set; } = "";
    [Id(1)] public long Stamp { get; set; }
    [Id(2)] public Dictionary<string, MoScheduleIndexRow> Rows { get; set; } = [];
    /// <summary>MO number → stamp of its removal.</summary>
    [Id(3)] public Dictionary<string, long> Removed { get; set; } = [];
    /// <summary>Tombstones before this stamp were dropped: a reader behind it reloads the shard.</summary>
    [Id(4)] public long ForgottenBefore { get; set; }
}
