using System.Globalization;
using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Sites;
using Collab.Domain.MasterData;
using Collab.Grains.Common;
using Orleans.Runtime;

namespace Collab.Grains.Sites;

public sealed class SiteGrain(
    [PersistentState("site")] IPersistentState<SiteState> state,
    TimeProvider clock) : ObjectGrain<SiteState>(state, clock), ISiteGrain
{
    protected override ObjectKind Kind => ObjectKind.Site;

    Task<SiteInfo> ISiteGrain.GetInfoAsync() => Task.FromResult(ToInfo());

    async Task<SiteInfo> ISiteGrain.RenameAsync(string name, long expectedVersion, string user)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        CheckVersion(expectedVersion);
        await ExecuteAsync(user, null, HistoryEvent.SiteRenamed, s =>
        {
            if (trimmed.Length is 0 or > 120)
            {
                throw new CommandRejectedException(Refusal.RequiredMax, RefusalTerm.SiteName, 120);
            }

            var change = FieldChange.Of(HistoryField.Name, s.Name, trimmed);
            Init(s);
            s.Name = trimmed;
            return [change];
        });
        return ToInfo();
    }

    // ---- Master data: rows live in 256 shard grains ("SITE/nnn", by hash of the record's code), history and stock
    // journal in one small grain per record; this grain gathers them on activation, keeps the whole set in memory
    // (validation needs it: BOM cycles, unknown items), and an edit writes only the shard and the record it touches.

    private MasterDataSet _data = MasterDataSet.Empty;
    /// <summary>This activation's identity and count of <see cref="_data"/> replacements (<see cref="ISiteGrain.GetDataStampAsync"/>).</summary>
    private readonly string _dataEpoch = Guid.NewGuid().ToString("N");
    private long _dataChanges;
    private readonly Dictionary<string, MasterDataStamp> _stamps = new(StringComparer.Ordinal);
    private long _stampSum;
    private (string? By, DateTimeOffset? At) _lastEdit;
    /// <summary>True once <see cref="_data"/> passed the whole-set validation in this activation (later edits validate their part only).</summary>
    private bool _validated;
    /// <summary>History lines stored in a shard (by shard number) and not yet appended to their record grain.</summary>
    private readonly Dictionary<int, List<PendingHistory>> _undelivered = [];

    /// <summary>The version callers see: site commands + every record edit (a record edit changes it, numbering does not).</summary>
    private long Version => State.Version + _stampSum;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        var site = this.GetPrimaryKeyString();
        if (string.IsNullOrEmpty(State.Site))
        {
            State.Site = site; // change events go to this site's broker from the first record edit on
        }

        if (HasRows(State.Data))
        {
            // Wave-1 state held the whole set: move it to the shards once, then drop it from the site state.
            var at = State.ModifiedAt ?? Clock.GetUtcNow();
            var shards = Split(State.Data, key => new MasterDataStamp(key, 1, State.ModifiedBy ?? "migration", at));
            await Task.WhenAll(shards.Select(kv => Shard(kv.Key).SetAsync(kv.Value)));
            State.Shards = [.. shards.Keys.Order()];
            State.Data = MasterDataSet.Empty;
            await WriteStateWithoutHistoryAsync();
        }

        var numbers = State.Shards ?? (Exists ? Enumerable.Range(0, MasterDataKeys.ShardCount).ToList() : []);
        var gathered = await Task.WhenAll(numbers.Select(async n => (N: n, Shard: await Shard(n).GetAsync())));
        _dataChanges++;
        _data = Sorted(Merge(gathered.Select(g => g.Shard.Data)));
        _validated = false; // validated whole by the first edit of this activation
        _undelivered.Clear();
        foreach (var g in gathered.Where(g => g.Shard.Pending is { Count: > 0 }))
        {
            _undelivered[g.N] = [.. g.Shard.Pending!];
        }

        await DeliverPendingHistoryAsync(); // lines a crash or a failed write left in a shard reach their record now
        foreach (var stamp in gathered.SelectMany(g => g.Shard.Stamps))
        {
            _stamps[stamp.Key] = stamp;
            _stampSum += stamp.Version;
            if (stamp.ModifiedAt > _lastEdit.At || _lastEdit.At is null)
            {
                _lastEdit = (stamp.ModifiedBy, stamp.ModifiedAt);
            }
        }

        if (State.Shards is null && Exists)
        {
            State.Shards = [.. gathered.Where(g => g.Shard.Stamps.Count > 0).Select(g => g.N)];
            await WriteStateWithoutHistoryAsync();
        }
    }

    Task<MasterDataSet> ISiteGrain.GetMasterDataAsync() => Task.FromResult(_data);

    Task<string> ISiteGrain.GetDataStampAsync() => Task.FromResult($"{_dataEpoch}:{_dataChanges}");

    Task<MasterDataStamp> ISiteGrain.GetStampAsync(string key) => Task.FromResult(StampOf(key));

    async Task<SiteInfo> ISiteGrain.ImportMasterDataAsync(MasterDataSet data, long expectedVersion, string user)
    {
        await ReplaceAllAsync(data, expectedVersion, user, HistoryEvent.MasterDataImported,
            [FieldChange.Of(HistoryField.ItemCount, FieldChange.Value(_data.Items.Count), FieldChange.Value(data.Items.Count)),
             FieldChange.Of(HistoryField.WorkstationCount, FieldChange.Value(_data.Workstations.Count), FieldChange.Value(data.Workstations.Count))]);
        return ToInfo();
    }

    /// <summary>
    /// Replaces the whole set (import, project change): validated whole, then only the records that differ are written
    /// (their shards rewritten, stamps bumped), one history line on the site. Checked against the combined version.
    /// </summary>
    private async Task ReplaceAllAsync(MasterDataSet data, long expectedVersion, string user, HistoryEvent what, IReadOnlyList<FieldChange> changes)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckVersion(expectedVersion);
        MasterDataRules.Validate(data);
        var before = Group(_data);
        var after = Group(data);
        var changed = before.Keys.Union(after.Keys)
            .Where(k => !before.TryGetValue(k, out var b) || !after.TryGetValue(k, out var a) || !b.SequenceEqual(a))
            .ToList();
        var now = Clock.GetUtcNow();
        var stamps = changed.Select(k => StampOf(k) with { Version = StampOf(k).Version + 1, ModifiedBy = user, ModifiedAt = now }).ToList();
        await ExecuteAsync(user, null, what, s =>
        {
            Init(s);
            return changes;
        });
        try
        {
            await WriteShardsAsync(changed, data, stamps);
        }
        catch
        {
            await ReloadAsync();
            throw;
        }

        _dataChanges++;
        _data = Sorted(data);
        _validated = true;
        Remember(stamps);
        await PlanInputChangedAsync();
    }

    async Task<SiteInfo> ISiteGrain.UpsertItemAsync(ItemData item, long expectedVersion, string user)
    {
        ArgumentNullException.ThrowIfNull(item);
        var key = MasterDataKeys.Of(item);
        var old = _data.Items.FirstOrDefault(i => i.Code == item.Code);
        await EditAsync(user, expectedVersion, [key], _data with { Items = Replace(_data.Items, item, i => i.Code == item.Code) },
            old is null ? HistoryEvent.ItemCreated : HistoryEvent.ItemChanged, Diff(old, item));
        return ToInfo();
    }

    async Task<SiteInfo> ISiteGrain.UpsertSupplierAsync(SupplierData supplier, long expectedVersion, string user)
    {
        ArgumentNullException.ThrowIfNull(supplier);
        var old = _data.Suppliers.FirstOrDefault(x => x.Code == supplier.Code);
        await EditAsync(user, expectedVersion, [MasterDataKeys.Of(supplier)], _data with { Suppliers = Replace(_data.Suppliers, supplier, x => x.Code == supplier.Code) },
            old is null ? HistoryEvent.SupplierCreated : HistoryEvent.SupplierChanged, Diff(old, supplier));
        return ToInfo();
    }

    async Task<SiteInfo> ISiteGrain.UpsertCustomerAsync(CustomerData customer, long expectedVersion, string user)
    {
        ArgumentNullException.ThrowIfNull(customer);
        var old = _data.Customers.FirstOrDefault(x => x.Code == customer.Code);
        await EditAsync(user, expectedVersion, [MasterDataKeys.Of(customer)], _data with { Customers = Replace(_data.Customers, customer, x => x.Code == customer.Code) },
            old is null ? HistoryEvent.CustomerCreated : HistoryEvent.CustomerChanged, Diff(old, customer));
        return ToInfo();
    }

    async Task<MasterDataStamp> ISiteGrain.SetBomAsync(string parent, IReadOnlyList<BomLineData> lines, long expectedVersion, string user)
    {
        var key = $"{MasterDataKeys.Bom}:{parent}";
        var rows = lines.Select(l => l with { Parent = parent }).ToList();
        var old = _data.Bom.Where(b => b.Parent == parent).ToList();
        await EditAsync(user, expectedVersion, [key], _data with { Bom = [.. _data.Bom.Where(b => b.Parent != parent), .. rows] }, HistoryEvent.BomChanged,
            [FieldChange.Of(HistoryField.Bom, Describe(old.Select(b => $"{b.Component}×{b.QtyPer.ToString(CultureInfo.InvariantCulture)}")), Describe(rows.Select(b => $"{b.Component}×{b.QtyPer.ToString(CultureInfo.InvariantCulture)}")), subject: parent)]);
        return StampOf(key);
    }

    async Task<MasterDataStamp> ISiteGrain.SetRoutingAsync(string item, IReadOnlyList<RoutingOperationData> operations, long expectedVersion, string user)
    {
        var key = $"{MasterDataKeys.Routing}:{item}";
        var rows = operations.Select(o => o with { Item = item }).ToList();
        var old = _data.Routings.Where(r => r.Item == item).ToList();
        await EditAsync(user, expectedVersion, [key], _data with { Routings = [.. _data.Routings.Where(r => r.Item != item), .. rows] }, HistoryEvent.RoutingChanged,
            [FieldChange.Of(HistoryField.Routing, Describe(old.Select(Op)), Describe(rows.Select(Op)), subject: item)]);
        return StampOf(key);

        static string Op(RoutingOperationData o) => $"{o.Sequence} {o.Workstation} {o.SetupHours.ToString(CultureInfo.InvariantCulture)}+{o.RunHoursPerUnit.ToString(CultureInfo.InvariantCulture)}";
    }

    async Task ISiteGrain.RetireItemAsync(string code, IReadOnlyList<string> openOrders, long expectedVersion, string user)
    {
        var old = _data.Items.FirstOrDefault(i => i.Code == code);
        if (old is null)
        {
            throw new MasterDataRejectedException([new MasterDataProblem(MasterDataKind.Item, -1, code ?? "", nameof(ItemData.Code), MasterDataProblemCode.UnknownItem, [code ?? ""])]);
        }

        MasterDataRejectedException.ThrowIfAny(MasterDataValidator.ValidateRetire(_data, code, openOrders));
        var next = _data with
        {
            Items = [.. _data.Items.Where(i => i.Code != code)],
            Bom = [.. _data.Bom.Where(b => b.Parent != code)],
            Routings = [.. _data.Routings.Where(r => r.Item != code)],
            Stock = [.. _data.Stock.Where(s => s.Item != code)],
            Forecasts = [.. _data.Forecasts.Where(f => f.IsFamily || f.Code != code)],
        };
        string[] keys = [$"{MasterDataKeys.Item}:{code}", $"{MasterDataKeys.Bom}:{code}", $"{MasterDataKeys.Routing}:{code}", $"{MasterDataKeys.Stock}:{code}", MasterDataKeys.ForecastOf(code, false)];
        await EditAsync(user, expectedVersion, [.. keys.Where(k => k == keys[0] || _stamps.ContainsKey(k))], next, HistoryEvent.ItemRetired, [FieldChange.Of(HistoryField.Item, old.Description, null, subject: code)]);
    }

    async Task<SiteInfo> ISiteGrain.SetStockAsync(string item, double onHand, long expectedVersion, string user)
    {
        await MoveStockAsync(item, StockMovementKind.Count, onHand, "Inventaire", expectedVersion, user);
        return ToInfo();
    }

    async Task<MasterDataStamp> ISiteGrain.RecordStockMovementAsync(string item, StockMovementKind kind, double qty, string reason, long expectedVersion, string user)
    {
        await MoveStockAsync(item, kind, qty, reason, expectedVersion, user);
        return StampOf($"{MasterDataKeys.Stock}:{item}");
    }

    /// <summary>On hand is the sum of the journal: every change is a movement (a count records the difference found).</summary>
    private async Task MoveStockAsync(string item, StockMovementKind kind, double qty, string reason, long expectedVersion, string user)
    {
        var key = $"{MasterDataKeys.Stock}:{item}";
        var problems = new List<MasterDataProblem>();
        if (_data.Items.All(i => i.Code != item))
        {
            problems.Add(new MasterDataProblem(MasterDataKind.Stock, -1, item ?? "", nameof(StockData.Item), MasterDataProblemCode.UnknownItem, [item ?? ""]));
        }

        if (!double.IsFinite(qty))
        {
            problems.Add(new MasterDataProblem(MasterDataKind.Stock, -1, item ?? "", "Qty", MasterDataProblemCode.NotANumber, []));
        }
        else if (qty < 0 || (qty == 0 && kind != StockMovementKind.Count))
        {
            problems.Add(new MasterDataProblem(MasterDataKind.Stock, -1, item ?? "", "Qty", qty < 0 ? MasterDataProblemCode.Negative : MasterDataProblemCode.Required, []));
        }

        var why = reason?.Trim() ?? "";
        if (why.Length == 0)
        {
            problems.Add(new MasterDataProblem(MasterDataKind.Stock, -1, item ?? "", "Reason", MasterDataProblemCode.Required, []));
        }
        else if (why.Length > MasterDataValidator.NameMaxLength)
        {
            problems.Add(new MasterDataProblem(MasterDataKind.Stock, -1, item ?? "", "Reason", MasterDataProblemCode.TooLong, [MasterDataValidator.NameMaxLength.ToString(CultureInfo.InvariantCulture)]));
        }
        else if (MasterDataValidator.HasControlCharacters(why) || MasterDataValidator.HasMarkup(why))
        {
            problems.Add(new MasterDataProblem(MasterDataKind.Stock, -1, item ?? "", "Reason", MasterDataValidator.HasMarkup(why) ? MasterDataProblemCode.Markup : MasterDataProblemCode.ControlCharacters, []));
        }

        MasterDataRejectedException.ThrowIfAny(problems);
        var old = _data.Stock.FirstOrDefault(s => s.Item == item);
        var before = old?.OnHand ?? 0;
        var delta = kind switch
        {
            StockMovementKind.Count => qty - before,
            StockMovementKind.Receipt => qty,
            _ => -qty,
        };
        var after = before + delta;
        var movement = new StockMovement(Clock.GetUtcNow(), user, kind, qty, delta, after, why);
        var row = new StockData(item!, after, old?.Allocated ?? 0);
        await EditAsync(user, expectedVersion, [key], _data with { Stock = Replace(_data.Stock, row, s => s.Item == item) }, HistoryEvent.StockMoved,
            [FieldChange.Of(HistoryField.StockMovement, null, kind.ToString()), FieldChange.Of(HistoryField.Stock, FieldChange.Value(before), FieldChange.Value(after), subject: item)], movement);
    }

    async Task<SiteInfo> ISiteGrain.SetForecastsAsync(string code, IReadOnlyList<ForecastData> forecasts, long expectedVersion, string user)
    {
        if (forecasts.Any(f => f.Code != code))
        {
            throw new CommandRejectedException(Refusal.ForecastsMixedCodes);
        }

        var family = forecasts.Count > 0 ? forecasts[0].IsFamily : _data.Items.All(i => i.Code != code);
        var rows = forecasts.Select(f => f with { IsFamily = family }).ToList();
        var before = _data.Forecasts.Where(f => f.Code == code && f.IsFamily == family).Sum(f => f.Qty);
        await EditAsync(user, expectedVersion, [MasterDataKeys.ForecastOf(code, family)],
            _data with { Forecasts = [.. _data.Forecasts.Where(f => f.Code != code || f.IsFamily != family), .. rows] }, HistoryEvent.ForecastsChanged,
            [FieldChange.Of(HistoryField.Forecasts, FieldChange.Value(before), FieldChange.Value(rows.Sum(f => f.Qty)), subject: code)]);
        return ToInfo();
    }

    async Task ISiteGrain.SyncWorkstationAsync(WorkstationData workstation, string user)
    {
        var key = MasterDataKeys.Of(workstation);
        var old = _data.Workstations.FirstOrDefault(w => w.Code == workstation.Code);
        await EditAsync(user, null, [key], _data with { Workstations = Replace(_data.Workstations, workstation, w => w.Code == workstation.Code) }, HistoryEvent.WorkstationCalendarChanged,
            [FieldChange.Of(HistoryField.WeeklyHours, old is null ? null : FieldChange.Value(old.WeeklyHours), FieldChange.Value(workstation.WeeklyHours), subject: workstation.Code)]);
    }

    /// <summary>
    /// One record edit: version of the first key checked (stale → who changed what), whole set validated, the touched
    /// records' shard(s) written, then their history (and stock journal), publish, automatic net change.
    /// </summary>
    private async Task EditAsync(string user, long? expectedVersion, IReadOnlyList<string> keys, MasterDataSet next, HistoryEvent what, IReadOnlyList<FieldChange> changes, StockMovement? movement = null)
    {
        if (string.IsNullOrWhiteSpace(user))
        {
            throw new CommandRejectedException(Refusal.UnknownUser);
        }

        var current = StampOf(keys[0]);
        if (expectedVersion is { } expected && expected != current.Version)
        {
            var history = await Record(keys[0]).GetHistoryAsync();
            throw new MasterDataConflictException(current, expected, history.Count > 0 ? history[^1].Changes : []);
        }

        // A set validated whole once (import, or the first edit of this activation) is then validated per edit on the
        // part the edit can affect: time proportional to the edit, not to the plant (issue #14 benchmark).
        MasterDataRejectedException.ThrowIfAny(_validated ? MasterDataEditValidation.Validate(_data, next, keys) : MasterDataValidator.Validate(next));
        var now = Clock.GetUtcNow();
        var stamps = keys.Select(k => StampOf(k) with { Version = StampOf(k).Version + 1, ModifiedBy = user, ModifiedAt = now }).ToList();
        // The history line is written in the shard with the rows (one write: both or neither), then appended to the
        // record grain. If that second write fails, or the silo stops in between, the line stays pending in the shard
        // and is delivered on the next edit or activation: the edit is stored, its history is never lost.
        await DeliverPendingHistoryAsync();
        var pending = new PendingHistory(keys[0], new HistoryEntry(stamps[0].Version, now, user, what.ToString(), changes, what), movement);
        try
        {
            await WriteShardsAsync(keys, next, stamps, pending);
        }
        catch
        {
            await ReloadAsync();
            throw;
        }

        _dataChanges++;
        _data = next;
        _validated = true;
        Remember(stamps);
        var shard = MasterDataKeys.ShardOf(keys[0]);
        (_undelivered.TryGetValue(shard, out var waiting) ? waiting : _undelivered[shard] = []).Add(pending);
        await DeliverPendingHistoryAsync();
        await PublishAsync(new ChangeEvent(Self, Version, user, now, what.ToString()));
        await PlanInputChangedAsync();
    }

    private void CheckVersion(long expectedVersion)
    {
        if (expectedVersion != Version)
        {
            var info = ToInfo();
            throw new VersionConflictException(expectedVersion, Version, info.ModifiedBy, info.ModifiedAt);
        }
    }

    /// <summary>
    /// Writes the shards of <paramref name="keys"/>. Each shard write carries the history lines of that shard still
    /// waiting for their record grain (so a rewrite never drops one), plus <paramref name="pending"/> in its own shard.
    /// </summary>
    private async Task WriteShardsAsync(IReadOnlyList<string> keys, MasterDataSet next, IReadOnlyList<MasterDataStamp> stamps, PendingHistory? pending = null)
    {
        var rows = RowsOf(next, keys);
        var byShard = keys.GroupBy(MasterDataKeys.ShardOf).ToList();
        await Task.WhenAll(byShard.Select(g =>
        {
            var mine = g.ToHashSet(StringComparer.Ordinal);
            List<PendingHistory> lines = [.. _undelivered.GetValueOrDefault(g.Key) ?? []];
            if (pending is not null && MasterDataKeys.ShardOf(pending.Key) == g.Key)
            {
                lines.Add(pending);
            }

            return Shard(g.Key).ReplaceAsync([.. mine], Filter(rows, mine.Contains), [.. stamps.Where(s => mine.Contains(s.Key))], lines);
        }));
        var used = State.Shards ??= [];
        var added = byShard.Select(g => g.Key).Where(n => !used.Contains(n)).ToList();
        if (added.Count > 0)
        {
            used.AddRange(added);
            used.Sort();
            await WriteStateWithoutHistoryAsync();
        }
    }

    /// <summary>
    /// Appends the history lines still pending to their record grains, oldest first; a record whose append fails keeps
    /// its lines (in memory and in its shard) for the next try, and its later lines wait behind it (versions in order).
    /// The record grain ignores a line it already holds, so delivering twice is harmless.
    /// </summary>
    private async Task DeliverPendingHistoryAsync()
    {
        foreach (var (shard, lines) in _undelivered.ToList())
        {
            var blocked = new HashSet<string>(StringComparer.Ordinal);
            foreach (var line in lines.ToList())
            {
                if (blocked.Contains(line.Key))
                {
                    continue;
                }

                try
                {
                    await Record(line.Key).AppendAsync(line.Entry, line.Movement);
                    lines.Remove(line);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    blocked.Add(line.Key); // stays pending: stored in the shard, delivered on the next edit or activation
                }
            }

            if (lines.Count == 0)
            {
                _undelivered.Remove(shard);
            }
        }
    }

    /// <summary>A shard write failed half-way (several shards): memory is reloaded from what storage holds.</summary>
    private async Task ReloadAsync()
    {
        _stamps.Clear();
        _stampSum = 0;
        try
        {
            await OnActivateAsync(CancellationToken.None);
        }
        catch
        {
            DeactivateOnIdle();
        }
    }

    private void Remember(IEnumerable<MasterDataStamp> stamps)
    {
        foreach (var s in stamps)
        {
            _stampSum += s.Version - StampOf(s.Key).Version;
            _stamps[s.Key] = s;
            _lastEdit = (s.ModifiedBy, s.ModifiedAt);
        }
    }

    private MasterDataStamp StampOf(string key) => _stamps.GetValueOrDefault(key) ?? MasterDataStamp.New(key);

    private IMasterDataShardGrain Shard(int n) => GrainFactory.GetGrain<IMasterDataShardGrain>(MasterDataKeys.ShardGrainKey(this.GetPrimaryKeyString(), n));

    private IMasterDataRecordGrain Record(string key) => GrainFactory.GetGrain<IMasterDataRecordGrain>(MasterDataKeys.RecordGrainKey(this.GetPrimaryKeyString(), key));

    private static bool HasRows(MasterDataSet d) =>
        d.Items.Count + d.Bom.Count + d.Routings.Count + d.Workstations.Count + d.Suppliers.Count + d.Customers.Count + d.Forecasts.Count + d.Stock.Count > 0;

    /// <summary>
    /// The rows of the records <paramref name="keys"/>, found by comparing codes (no key built per row: an edit on a
    /// 10,000-item plant must not allocate a string for each of its rows).
    /// </summary>
    private static MasterDataSet RowsOf(MasterDataSet d, IReadOnlyCollection<string> keys)
    {
        var parsed = keys.Select(k => (Kind: k[..Math.Max(0, k.IndexOf(':', StringComparison.Ordinal))], Code: MasterDataKeys.CodeOf(k), Family: k.StartsWith(MasterDataKeys.Forecast + ":F:", StringComparison.Ordinal))).ToList();
        HashSet<string> Codes(string kind, bool family = false) => parsed.Where(p => p.Kind == kind && p.Family == family).Select(p => p.Code).ToHashSet(StringComparer.Ordinal);
        static List<T> Pick<T>(IReadOnlyList<T> rows, HashSet<string> codes, Func<T, string?> code) =>
            codes.Count == 0 ? [] : [.. rows.Where(r => code(r) is { } c && codes.Contains(c))];
        var itemForecasts = Codes(MasterDataKeys.Forecast);
        var familyForecasts = Codes(MasterDataKeys.Forecast, family: true);
        return new(
            Pick(d.Items, Codes(MasterDataKeys.Item), x => x.Code), Pick(d.Bom, Codes(MasterDataKeys.Bom), x => x.Parent),
            Pick(d.Routings, Codes(MasterDataKeys.Routing), x => x.Item), Pick(d.Workstations, Codes(MasterDataKeys.Workstation), x => x.Code),
            Pick(d.Suppliers, Codes(MasterDataKeys.Supplier), x => x.Code), Pick(d.Customers, Codes(MasterDataKeys.Customer), x => x.Code),
            itemForecasts.Count + familyForecasts.Count == 0 ? [] : [.. d.Forecasts.Where(x => (x.IsFamily ? familyForecasts : itemForecasts).Contains(x.Code))],
            Pick(d.Stock, Codes(MasterDataKeys.Stock), x => x.Item));
    }

    /// <summary>The rows of the records whose key passes <paramref name="keep"/>.</summary>
    internal static MasterDataSet Filter(MasterDataSet d, Func<string, bool> keep) => new(
        [.. d.Items.Where(x => keep(MasterDataKeys.Of(x)))], [.. d.Bom.Where(x => keep(MasterDataKeys.Of(x)))],
        [.. d.Routings.Where(x => keep(MasterDataKeys.Of(x)))], [.. d.Workstations.Where(x => keep(MasterDataKeys.Of(x)))],
        [.. d.Suppliers.Where(x => keep(MasterDataKeys.Of(x)))], [.. d.Customers.Where(x => keep(MasterDataKeys.Of(x)))],
        [.. d.Forecasts.Where(x => keep(MasterDataKeys.Of(x)))], [.. d.Stock.Where(x => keep(MasterDataKeys.Of(x)))]);

    /// <summary>The rows of each record, by key (to find the records an import changes).</summary>
    private static Dictionary<string, List<object>> Group(MasterDataSet d)
    {
        var map = new Dictionary<string, List<object>>(StringComparer.Ordinal);
        void Add(string key, object row)
        {
            if (!map.TryGetValue(key, out var list))
            {
                map[key] = list = [];
            }

            list.Add(row);
        }

        foreach (var x in d.Items) Add(MasterDataKeys.Of(x), x);
        foreach (var x in d.Bom) Add(MasterDataKeys.Of(x), x);
        foreach (var x in d.Routings) Add(MasterDataKeys.Of(x), x);
        foreach (var x in d.Workstations) Add(MasterDataKeys.Of(x), new WorkstationRow(x.Code, x.Description, string.Join(";", x.HoursByDay), x.Machines, x.Efficiency, string.Join(";", x.Closures)));
        foreach (var x in d.Suppliers) Add(MasterDataKeys.Of(x), x);
        foreach (var x in d.Customers) Add(MasterDataKeys.Of(x), x);
        foreach (var x in d.Forecasts) Add(MasterDataKeys.Of(x), x);
        foreach (var x in d.Stock) Add(MasterDataKeys.Of(x), x);
        return map;
    }

    /// <summary>Value-comparable form of a workstation (its lists compare by reference in the record).</summary>
    private sealed record WorkstationRow(string Code, string Description, string Hours, int Machines, double Efficiency, string Closures);

    private static Dictionary<int, MasterDataShard> Split(MasterDataSet d, Func<string, MasterDataStamp> stamp)
    {
        var keys = Group(d).Keys.ToList();
        return keys.GroupBy(MasterDataKeys.ShardOf).ToDictionary(g => g.Key, g =>
        {
            var mine = g.ToHashSet(StringComparer.Ordinal);
            return new MasterDataShard(Filter(d, mine.Contains), [.. g.Select(stamp)]);
        });
    }

    private static MasterDataSet Merge(IEnumerable<MasterDataSet> parts)
    {
        var list = parts.ToList();
        return new([.. list.SelectMany(p => p.Items)], [.. list.SelectMany(p => p.Bom)], [.. list.SelectMany(p => p.Routings)], [.. list.SelectMany(p => p.Workstations)],
            [.. list.SelectMany(p => p.Suppliers)], [.. list.SelectMany(p => p.Customers)], [.. list.SelectMany(p => p.Forecasts)], [.. list.SelectMany(p => p.Stock)]);
    }

    /// <summary>A stable order whatever the shards: by code (BOM by parent then line order kept, routings by item then sequence).</summary>
    private static MasterDataSet Sorted(MasterDataSet d) => new(
        [.. d.Items.OrderBy(x => x.Code, StringComparer.Ordinal)], [.. d.Bom.OrderBy(x => x.Parent, StringComparer.Ordinal)],
        [.. d.Routings.OrderBy(x => x.Item, StringComparer.Ordinal).ThenBy(x => x.Sequence)], [.. d.Workstations.OrderBy(x => x.Code, StringComparer.Ordinal)],
        [.. d.Suppliers.OrderBy(x => x.Code, StringComparer.Ordinal)], [.. d.Customers.OrderBy(x => x.Code, StringComparer.Ordinal)],
        [.. d.Forecasts.OrderBy(x => x.Code, StringComparer.Ordinal).ThenBy(x => x.PeriodStart)], [.. d.Stock.OrderBy(x => x.Item, StringComparer.Ordinal)]);

    private static string Describe(IEnumerable<string> parts) => string.Join(", ", parts);

    /// <summary>Before → after of every property that changed (creation: every property).</summary>
    private static IReadOnlyList<FieldChange> Diff<T>(T? before, T after) where T : class =>
        typeof(T).GetProperties()
            .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .Select(p => (p.Name, From: before is null ? null : Text(p.GetValue(before)), To: Text(p.GetValue(after))))
            .Where(x => x.From != x.To)
            .Select(x => new FieldChange(x.Name, x.From, x.To))
            .ToList();

    private static string? Text(object? value) => value switch
    {
        null => null,
        double d => d.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>Master data, stock, forecasts, calendars and settings are plan inputs: automatic net change.</summary>
    private Task PlanInputChangedAsync() => Plan.PlanGrain.InputChangedAsync(GrainFactory, this.GetPrimaryKeyString(), Self);

    Task<SiteSettings> ISiteGrain.GetSettingsAsync() => Task.FromResult(State.Settings ?? SiteSettings.Default);

    async Task<SiteInfo> ISiteGrain.UpdateSettingsAsync(SiteSettings settings, long expectedVersion, string user)
    {
        CheckVersion(expectedVersion);
        await ExecuteAsync(user, null, HistoryEvent.SiteSettingsChanged, s =>
        {
            var errors = new List<RefusalReason>();
            foreach (var p in new[] { settings.ManufacturingOrderPattern, settings.PurchaseOrderPattern, settings.CustomerOrderPattern })
            {
                if (string.IsNullOrWhiteSpace(p) || !p.Contains("{n", StringComparison.Ordinal))
                {
                    errors.Add(new(Refusal.NumberPatternWithoutCounter, p ?? ""));
                }
            }

            if (settings.HorizonWeeks is < 4 or > 104)
            {
                errors.Add(new(Refusal.HorizonOutOfRange));
            }

            if (settings.SopMonths is < 3 or > 36)
            {
                errors.Add(new(Refusal.SopHorizonOutOfRange));
            }

            if (settings.ConsumeBackwardWeeks < 0 || settings.ConsumeForwardWeeks < 0)
            {
                errors.Add(new(Refusal.ConsumptionWindowNegative));
            }

            if (errors.Count > 0)
            {
                throw new CommandRejectedException(errors);
            }

            var old = s.Settings ?? SiteSettings.Default;
            Init(s);
            s.Settings = settings;
            return [FieldChange.Of(HistoryField.Settings, old.ToString(), settings.ToString())];
        });
        await PlanInputChangedAsync();
        return ToInfo();
    }

    /// <summary>Numbering lives in <see cref="ISiteNumberingGrain"/>: handing out a number never touches the site's version
    /// (a concurrent master-data or settings edit is not refused because an order was created). Counters stored in the
    /// site state before (wave 1) are the floor the numbering grain continues from.</summary>
    async Task<string> ISiteGrain.NextNumberAsync(NumberKind kind, DateOnly day, string user)
    {
        if (string.IsNullOrWhiteSpace(user))
        {
            throw new CommandRejectedException(Refusal.UnknownUser);
        }

        var settings = State.Settings ?? SiteSettings.Default;
        var pattern = kind switch
        {
            NumberKind.ManufacturingOrder => settings.ManufacturingOrderPattern,
            NumberKind.PurchaseOrder => settings.PurchaseOrderPattern,
            _ => settings.CustomerOrderPattern,
        };
        var counterKey = $"{kind}|{pattern}|{(pattern.Contains("{yyyy}", StringComparison.Ordinal) ? day.Year : 0)}";
        var n = await GrainFactory.GetGrain<ISiteNumberingGrain>(this.GetPrimaryKeyString()).NextAsync(counterKey, State.Counters.GetValueOrDefault(counterKey));
        return Numbering.Format(pattern, day, n);
    }

    Task<IReadOnlyList<HistoryEntry>> ISiteGrain.GetHistoryAsync() => ReadHistoryAsync();

    async Task<SiteInfo> ISiteGrain.ApplyProjectChangeAsync(MasterDataSet data, ObjectRef origin, IReadOnlyList<FieldChange> changes, long expectedVersion, string user)
    {
        await ReplaceAllAsync(data, expectedVersion, user, HistoryEvent.ProjectChangeApplied, changes);
        return ToInfo();
    }

    private void Init(SiteState s)
    {
        if (string.IsNullOrEmpty(s.Site))
        {
            s.Site = this.GetPrimaryKeyString();
        }
    }

    private static IReadOnlyList<T> Replace<T>(IReadOnlyList<T> list, T item, Func<T, bool> same)
    {
        var copy = list.ToList();
        var i = copy.FindIndex(x => same(x));
        if (i >= 0)
        {
            copy[i] = item;
        }
        else
        {
            copy.Add(item);
        }

        return copy;
    }

    private SiteInfo ToInfo()
    {
        var s = State;
        var code = this.GetPrimaryKeyString();
        var (by, at) = s.ModifiedAt is { } siteAt && (_lastEdit.At is null || siteAt >= _lastEdit.At) ? (s.ModifiedBy, s.ModifiedAt) : _lastEdit;
        return new SiteInfo(code, string.IsNullOrEmpty(s.Name) ? code : s.Name, Version, by, at, _data.Items.Count, _data.Workstations.Count);
    }
}

/// <summary>Persisted state: member names are schema (renaming needs a migration).</summary>
[GenerateSerializer, Alias("Collab.SiteState")]
public sealed class SiteState : ObjectState
{
    [Id(0)] public string Name { get; set; } = string.Empty;
    [Id(1)] public MasterDataSet Data { get; set; } = MasterDataSet.Empty;
    [Id(2)] public SiteSettings? Settings { get; set; }
    /// <summary>Wave-1 counters (numbering now lives in SiteNumberingGrain; these are only its floor).</summary>
    [Id(3)] public Dictionary<string, int> Counters { get; set; } = [];
    /// <summary>Shards holding rows (null: not known yet — gathered from all and set).</summary>
    [Id(4)] public List<int>? Shards { get; set; }
}

/// <summary>Document numbering: <c>{yyyy}</c>, <c>{yy}</c>, <c>{n}</c> or <c>{n:000…}</c>.</summary>
public static class Numbering
{
    public static string Format(string pattern, DateOnly day, int n)
    {
        var result = pattern.Replace("{yyyy}", day.Year.ToString("0000", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{yy}", (day.Year % 100).ToString("00", CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var start = result.IndexOf("{n", StringComparison.Ordinal);
        if (start < 0)
        {
            return result + n.ToString(CultureInfo.InvariantCulture);
        }

        var end = result.IndexOf('}', start);
        var spec = result[(start + 2)..end];
        var text = spec.StartsWith(':') ? n.ToString(spec[1..], CultureInfo.InvariantCulture) : n.ToString(CultureInfo.InvariantCulture);
        return result[..start] + text + result[(end + 1)..];
    }
}

/// <summary>Validation of master data: the one pure validator, thrown as a typed rejection (the UI words it).</summary>
public static class MasterDataRules
{
    public static void Validate(MasterDataSet d) => MasterDataRejectedException.ThrowIfAny(MasterDataValidator.Validate(d));
}
