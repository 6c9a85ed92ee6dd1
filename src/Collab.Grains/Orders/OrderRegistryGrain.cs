using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Grains.Common;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Storage;

namespace Collab.Grains.Orders;

/// <summary>
/// Read model of all orders of a site, fed by the order grains after each persisted change.
/// <para>
/// Issue #17: the rows are kept in memory whole (lists, plan runs and the schedule read them without any fan-out) but
/// stored in <see cref="BucketCount"/> bucket rows (state <c>orders-NNN</c> of this grain, one storage row each, bucket
/// = stable hash of the order number): a changed row rewrites its bucket (1/256 of the registry), never the whole
/// registry. Writes are group-committed: the grain is reentrant, a change is applied to memory at once, and changes
/// arriving while a write is in flight go together into the next one (one write per touched bucket per round). A caller
/// returns when its row is durable. A failed write puts the touched buckets back to what storage holds (changes queued
/// for the next round are applied again) and fails the callers of that round.
/// </para>
/// <para>
/// Before issue #17 the registry was one state row (<c>orders</c>) holding every row, rewritten on each upsert; such a
/// state is moved into the buckets on activation (buckets first, then the emptied head row; redone after a crash).
/// </para>
/// </summary>
[Reentrant]
public sealed class OrderRegistryGrain(
    [PersistentState("orders")] IPersistentState<OrderRegistryState> state) : Grain, IOrderRegistryGrain
{
    /// <summary>Bucket rows per site: ~12,000 orders of ~0.5 KB give ~25 KB per bucket write.</summary>
    public const int BucketCount = 256;

    /// <summary>Bucket reads in parallel on activation.</summary>
    private const int ParallelReads = 32;

    /// <summary>Removed orders remembered for <see cref="IOrderRegistryGrain.OpenChangesSinceAsync"/>; a reader further behind starts over.</summary>
    public const int MaxTombstones = 10_000;

    /// <summary>List pages kept for the registry's current change (the 25 open lists of an order kind ask the same page after an edit).</summary>
    private const int CachedPages = 16;

    private IGrainStorage _storage = null!;
    private Bucket[] _buckets = [];
    private Round? _pending;
    private Round? _writing;

    // Change tracking in memory (issue #17): every row change takes the next sequence number; an activation (or a
    // restore after a failed write) starts a new epoch, and readers of another epoch read everything again.
    private string _epoch = NewEpoch();
    private long _sequence;
    private long _forgottenBefore;
    private readonly Dictionary<string, long> _changedAt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (ObjectRef Ref, long At)> _removedAt = new(StringComparer.Ordinal);
    private readonly List<(long Sequence, OrderPageQuery Query, OrderPage Page)> _pages = [];

    /// <summary>The bucket of an order number (stable across processes: FNV-1a of the UTF-16 code units).</summary>
    public static int BucketOf(string orderKey, int buckets = BucketCount)
    {
        var hash = 2166136261u;
        foreach (var c in orderKey)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)buckets);
    }

    private static string NewEpoch() => Guid.NewGuid().ToString("N");

    private void Changed(string key)
    {
        _changedAt[key] = ++_sequence;
        _removedAt.Remove(key);
    }

    private void Removed(string key, ObjectRef order)
    {
        _changedAt.Remove(key);
        _removedAt[key] = (order, ++_sequence);
        if (_removedAt.Count > MaxTombstones)
        {
            var oldest = _removedAt.MinBy(r => r.Value.At);
            _removedAt.Remove(oldest.Key);
            _forgottenBefore = oldest.Value.At;
        }
    }

    /// <summary>Storage state name of a bucket.</summary>
    public static string BucketStateName(int bucket) => $"orders-{bucket:000}";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _storage = ServiceProvider.GetKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME)
            ?? ServiceProvider.GetRequiredService<IGrainStorage>();
        var count = state.State.Buckets > 0 ? state.State.Buckets : BucketCount;
        _buckets = new Bucket[count];
        for (var b = 0; b < count; b++)
        {
            _buckets[b] = new Bucket(b);
        }

        foreach (var chunk in _buckets.Chunk(ParallelReads))
        {
            await Task.WhenAll(chunk.Select(ReadAsync));
        }

        if (state.State.Buckets == 0)
        {
            await MigrateAsync();
        }

        await base.OnActivateAsync(cancellationToken);
    }

    /// <summary>A registry stored as one row (before issue #17), or a new one: rows into their buckets, then the head.</summary>
    private async Task MigrateAsync()
    {
        var legacy = state.State.Orders;
        if (legacy.Count > 0 || state.State.SupplyStamp > 0)
        {
            foreach (var b in _buckets)
            {
                b.Rows.Clear();
                b.Stamp = 0;
            }

            foreach (var (key, row) in legacy)
            {
                _buckets[BucketOf(key, _buckets.Length)].Rows[key] = row;
            }

            _buckets[0].Stamp = state.State.SupplyStamp;
            var touched = _buckets.Where(b => b.Rows.Count > 0 || b.Stamp > 0 || b.Stored.RecordExists).ToList();
            foreach (var chunk in touched.Chunk(ParallelReads))
            {
                await Task.WhenAll(chunk.Select(WriteAsync));
            }
        }

        state.State.Orders = [];
        state.State.SupplyStamp = 0;
        state.State.Buckets = _buckets.Length;
        await state.WriteStateAsync();
    }

    private async Task ReadAsync(Bucket bucket)
    {
        await _storage.ReadStateAsync(BucketStateName(bucket.Number), GrainContext.GrainId, bucket.Stored);
        var stored = bucket.Stored.State ?? new OrderRegistryBucket();
        bucket.Rows.Clear();
        foreach (var (key, row) in stored.Orders)
        {
            bucket.Rows[key] = row;
        }

        bucket.Stamp = stored.SupplyStamp;
    }

    /// <summary>Writes a copy of the bucket's rows as they are now (memory may move on while the write is in flight).</summary>
    private Task WriteAsync(Bucket bucket)
    {
        bucket.Stored.State = new OrderRegistryBucket { Orders = new Dictionary<string, OrderSummary>(bucket.Rows), SupplyStamp = bucket.Stamp };
        return _storage.WriteStateAsync(BucketStateName(bucket.Number), GrainContext.GrainId, bucket.Stored);
    }

    private IEnumerable<OrderSummary> AllRows => _buckets.SelectMany(b => b.Rows.Values);

    private Dictionary<string, OrderSummary> RowsOf(string key, out int bucket)
    {
        bucket = BucketOf(key, _buckets.Length);
        return _buckets[bucket].Rows;
    }

    Task IOrderRegistryGrain.UpsertAsync(OrderSummary summary)
    {
        var key = summary.Ref.ToString();
        var rows = RowsOf(key, out var bucket);
        var before = rows.GetValueOrDefault(key);
        // The same row again (e.g. the schedule's write-back to an MO, which the list row does not show): no write,
        // but wait until that row is durable if it is still on its way.
        if ((before is not null && before with { Lines = summary.Lines } == summary && before.Lines.SequenceEqual(summary.Lines))
            || !ReadModel.UpsertNewer(rows, key, summary, o => o.Version))
        {
            return UntilDurableAsync(key);
        }

        Changed(key);
        var bump = Bumps(before, summary);
        Pending().Change(bucket, key, summary, bump);
        ApplyStamp(bucket, bump);
        return CommitAsync(_pending!);
    }

    Task<long> IOrderRegistryGrain.GetSupplyStampAsync() => Task.FromResult(SupplyStamp);

    private long SupplyStamp => _buckets.Sum(b => b.Stamp);

    /// <summary>Whether the schedule would see the change (see <see cref="IOrderRegistryGrain.GetSupplyStampAsync"/>).</summary>
    private static bool Bumps(OrderSummary? before, OrderSummary? after) =>
        !(before is not null && after is not null && before.Closed == after.Closed && before.DueDate == after.DueDate
            && before.Firm == after.Firm && before.Lines.SequenceEqual(after.Lines));

    private void ApplyStamp(int bucket, bool bump)
    {
        if (bump)
        {
            _buckets[bucket].Stamp++;
        }
    }

    Task IOrderRegistryGrain.UpsertManyAsync(IReadOnlyList<OrderSummary> summaries)
    {
        var round = Pending();
        foreach (var summary in summaries)
        {
            var key = summary.Ref.ToString();
            var rows = RowsOf(key, out var bucket);
            if (!rows.TryGetValue(key, out var known) || known.Version <= summary.Version)
            {
                rows[key] = summary;
                Changed(key);
                var bump = Bumps(known, summary);
                round.Change(bucket, key, summary, bump);
                ApplyStamp(bucket, bump);
            }
        }

        return round.IsEmpty ? Task.CompletedTask : CommitAsync(round);
    }

    Task IOrderRegistryGrain.RemoveAsync(ObjectRef order)
    {
        var key = order.ToString();
        var rows = RowsOf(key, out var bucket);
        if (!rows.Remove(key))
        {
            return UntilDurableAsync(key);
        }

        Removed(key, order);
        var round = Pending();
        round.Change(bucket, key, null, true);
        ApplyStamp(bucket, true);
        return CommitAsync(round);
    }

    private Round Pending() => _pending ??= new Round();

    /// <summary>Waits for the round that carries <paramref name="key"/>, if any is not yet durable.</summary>
    private Task UntilDurableAsync(string key) =>
        _pending?.Touches(key) == true ? CommitAsync(_pending)
        : _writing?.Touches(key) == true ? _writing.Done.Task
        : Task.CompletedTask;

    /// <summary>Starts the write loop unless it runs; the caller waits for its round.</summary>
    private Task CommitAsync(Round round)
    {
        if (_writing is null && !round.IsEmpty)
        {
            _ = WriteRoundsAsync();
        }

        return round.Done.Task;
    }

    /// <summary>One round at a time: the touched buckets of the pending round, written together; then the next round.</summary>
    private async Task WriteRoundsAsync()
    {
        while (_pending is { } round)
        {
            _pending = null;
            _writing = round;
            var touched = round.Buckets.Select(b => _buckets[b]).ToList();
            try
            {
                foreach (var chunk in touched.Chunk(ParallelReads))
                {
                    await Task.WhenAll(chunk.Select(WriteAsync));
                }

                _writing = null;
                round.Done.TrySetResult();
            }
            catch (Exception e)
            {
                await RestoreAsync(touched);
                _writing = null;
                round.Done.TrySetException(e);
            }
        }
    }

    /// <summary>Memory back to storage for the buckets of a failed round, plus the changes queued since.</summary>
    private async Task RestoreAsync(List<Bucket> buckets)
    {
        try
        {
            await Task.WhenAll(buckets.Select(ReadAsync));
            if (_pending is { } next)
            {
                foreach (var bucket in buckets)
                {
                    next.ApplyTo(bucket);
                }
            }

            // Rows went back to what storage holds: readers of the changes start over, cached pages are dropped.
            _epoch = NewEpoch();
            _sequence++;
        }
        catch
        {
            // Storage unreachable: drop this activation so the next call reloads from storage.
            DeactivateOnIdle();
        }
    }

    Task<IReadOnlyList<OrderSummary>> IOrderRegistryGrain.QueryAsync(OrderQuery query)
    {
        var q = AllRows;
        if (query.Kind is { } kind)
        {
            q = q.Where(o => o.Ref.Kind == kind);
        }

        if (query.OpenOnly)
        {
            q = q.Where(o => !o.Closed);
        }

        if (query.Item is { } item)
        {
            q = q.Where(o => o.Lines.Any(l => l.Item == item));
        }

        if (query.Party is { } party)
        {
            q = q.Where(o => o.Party == party);
        }

        return Task.FromResult(InListOrder(q));
    }

    /// <summary>The registry's order of rows: due date, number, then kind (two kinds may share a number).</summary>
    public static IReadOnlyList<OrderSummary> InListOrder(IEnumerable<OrderSummary> rows) =>
        [.. rows.OrderBy(o => o.DueDate).ThenBy(o => o.Number, StringComparer.Ordinal).ThenBy(o => o.Ref.Kind)];

    Task<OrderPage> IOrderRegistryGrain.QueryPageAsync(OrderPageQuery query)
    {
        // The open lists of a kind ask the same first page after each change they hear: computed once per change.
        foreach (var (sequence, cachedQuery, cachedPage) in _pages)
        {
            if (sequence == _sequence && SameQuery(cachedQuery, query))
            {
                return Task.FromResult(cachedPage);
            }
        }

        var page = OrderListQuery.Run(AllRows, query);
        _pages.RemoveAll(p => p.Sequence != _sequence);
        if (_pages.Count >= CachedPages)
        {
            _pages.RemoveAt(0);
        }

        _pages.Add((_sequence, query, page));
        return Task.FromResult(page);
    }

    private static bool SameQuery(OrderPageQuery a, OrderPageQuery b) =>
        a with { Filters = null, Sorts = null } == b with { Filters = null, Sorts = null }
        && (a.Filters ?? []).SequenceEqual(b.Filters ?? []) && (a.Sorts ?? []).SequenceEqual(b.Sorts ?? []);

    Task<OrderChanges> IOrderRegistryGrain.OpenChangesSinceAsync(ChangeCursor? since)
    {
        var cursor = new ChangeCursor(_epoch, _sequence);
        if (ChangeCursor.ReadsEverything(since, cursor, _forgottenBefore))
        {
            return Task.FromResult(new OrderChanges(cursor, true, [.. AllRows.Where(o => !o.Closed)], []));
        }

        if (since.Sequence == _sequence)
        {
            return Task.FromResult(new OrderChanges(cursor, false, [], []));
        }

        var rows = new List<OrderSummary>();
        foreach (var (key, at) in _changedAt)
        {
            if (at > since.Sequence && RowsOf(key, out _).TryGetValue(key, out var row))
            {
                rows.Add(row);
            }
        }

        return Task.FromResult(new OrderChanges(cursor, false, rows, [.. _removedAt.Values.Where(r => r.At > since.Sequence).Select(r => r.Ref)]));
    }

    Task<int> IOrderRegistryGrain.CountAsync() => Task.FromResult(_buckets.Sum(b => b.Rows.Count));

    /// <summary>A bucket in memory: its rows, its share of the supply stamp, and the stored row's etag.</summary>
    private sealed class Bucket(int number)
    {
        public int Number { get; } = number;

        public Dictionary<string, OrderSummary> Rows { get; } = [];

        public long Stamp { get; set; }

        public GrainState<OrderRegistryBucket> Stored { get; } = new(new OrderRegistryBucket());
    }

    /// <summary>The changes of one write round: per bucket, the rows set (null: removed) and the stamp bumps.</summary>
    private sealed class Round
    {
        private readonly Dictionary<int, (Dictionary<string, OrderSummary?> Rows, long Bumps)> _changes = [];

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool IsEmpty => _changes.Count == 0;

        public IEnumerable<int> Buckets => _changes.Keys;

        public bool Touches(string key) => _changes.Values.Any(c => c.Rows.ContainsKey(key));

        public void Change(int bucket, string key, OrderSummary? row, bool bump)
        {
            if (!_changes.TryGetValue(bucket, out var change))
            {
                change = ([], 0);
            }

            change.Rows[key] = row;
            _changes[bucket] = (change.Rows, change.Bumps + (bump ? 1 : 0));
        }

        /// <summary>Applies this round's changes of <paramref name="bucket"/> again (after the bucket was re-read).</summary>
        public void ApplyTo(Bucket bucket)
        {
            if (!_changes.TryGetValue(bucket.Number, out var change))
            {
                return;
            }

            foreach (var (key, row) in change.Rows)
            {
                if (row is null)
                {
                    bucket.Rows.Remove(key);
                }
                else
                {
                    bucket.Rows[key] = row;
                }
            }

            bucket.Stamp += change.Bumps;
        }
    }
}

/// <summary>
/// Head row of the registry (state <c>orders</c>). Before issue #17 it held every row (<see cref="Orders"/>); now it
/// holds only the number of bucket rows (<see cref="Buckets"/>, 0 = not yet moved to buckets).
/// </summary>
[GenerateSerializer, Alias("Collab.OrderRegistryState")]
public sealed class OrderRegistryState
{
    /// <summary>Rows of a registry stored before issue #17 (moved to the buckets on activation; empty afterwards).</summary>
    [Id(0)] public Dictionary<string, OrderSummary> Orders { get; set; } = [];
    /// <summary>The supply stamp of a registry stored before issue #17 (now the sum of the buckets' stamps).</summary>
    [Id(1)] public long SupplyStamp { get; set; }
    [Id(2)] public int Buckets { get; set; }
}

/// <summary>One bucket row of the registry (state <c>orders-NNN</c>): the rows whose order number hashes to it.</summary>
[GenerateSerializer, Alias("Collab.OrderRegistryBucket")]
public sealed class OrderRegistryBucket
{
    [Id(0)] public Dictionary<string, OrderSummary> Orders { get; set; } = [];
    /// <summary>This bucket's share of the supply stamp (the registry's stamp is the sum: it only grows).</summary>
    [Id(1)] public long SupplyStamp { get; set; }
}
