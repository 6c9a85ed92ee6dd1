using System.Diagnostics;
using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Scheduling;
using Collab.Contracts.Sites;
using Collab.Contracts.Workstations;
using Collab.Domain.Scheduling;
using Collab.Planning.Scheduling;
using Collab.Grains.Common;
using Collab.Grains.Orders;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Collab.Grains.Scheduling;

/// <summary>
/// The site's finite-capacity schedule. Thin: gathers the MOs (through the order registry), workstation calendars and
/// material supply, lets <see cref="ScheduleMapper"/> build the engine problem, and lets the pure engine
/// (<see cref="Scheduler"/>) plan, repair and optimise. Keeps the placements and the planners' pins in its state
/// (versioned), writes the slots back to the MO grains and publishes <see cref="ObjectKind.Schedule"/> change events.
/// Placements are stored as plant-local dates so they survive a restart and a moving "now".
/// </summary>
public sealed class ScheduleGrain(
    [PersistentState("schedule")] IPersistentState<ScheduleGrainState> state,
    TimeProvider clock,
    ILogger<ScheduleGrain> logger) : Grain, IScheduleGrain
{
    /// <summary>Time of each phase of a command (tag <c>phase</c>: gather, map, engine, store, view, writeback, publish), in ms.</summary>
    public static readonly global::System.Diagnostics.Metrics.Meter Meter = new("Collab.Scheduling");

    private static readonly global::System.Diagnostics.Metrics.Histogram<double> Phases = Meter.CreateHistogram<double>("collab.schedule.phase", "ms");

    private static void Phase(string name, Stopwatch watch)
    {
        Phases.Record(watch.Elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("phase", name));
        watch.Restart();
    }

    /// <summary>The longest optimisation a call may ask for (grain calls time out after 30 s).</summary>
    public static readonly TimeSpan MaxTimeBox = TimeSpan.FromSeconds(25);

    private const string System = "ordonnancement";
    private readonly Lock _progressGate = new();
    private ScheduleMapping? _mapping;
    private ScheduleResult? _result;
    private ScheduleView? _view;
    private Task? _loading;
    private CancellationTokenSource? _optimisation;
    private OptimisationProgress _progress = new(false, 0, 0, 0, 0, null, null);

    // Inputs kept between commands (issue #17): the open MOs from the schedule index shards (only what changed since the
    // shard's cursor is read again), the open orders re-read only when the registry's supply stamp moves, the master
    // data only when the site's data stamp moves.
    private readonly Dictionary<string, ManufacturingOrderView> _mos = new(StringComparer.Ordinal);
    private readonly ChangeCursor?[] _cursors = new ChangeCursor?[MoScheduleIndex.Shards];
    private IReadOnlyList<OrderSummary> _open = [];
    private readonly OpenOrdersMirror _openOrders = new();
    private long _openStamp = -1;
    private string? _dataStamp;
    private IReadOnlyList<WorkstationData> _workstations = [];
    private IReadOnlyList<StockData> _stock = [];
    /// <summary>Inputs read since the stored mapping was built differ from it (cleared when a mapping is committed).</summary>
    private bool _dirty;
    private List<StoredSlot> _slots = [];
    /// <summary>The write-back of the first schedule, which the call answers before (issue #17); awaited by the next
    /// write-back and by <see cref="IScheduleGrain.ValidateAsync"/>. Never faults: failed MOs go to <see cref="_unwritten"/>.</summary>
    private Task _writeBack = Task.CompletedTask;
    /// <summary>MOs whose write-back failed: written again with the next change, whether their slots changed or not.</summary>
    private readonly HashSet<string> _unwritten = new(StringComparer.Ordinal);

    private string Site => this.GetPrimaryKeyString();

    private ScheduleGrainState S => state.State;

    async Task<ScheduleView> IScheduleGrain.GetAsync()
    {
        await EnsureLoadedAsync();
        return _view!;
    }

    async Task<ScheduleView> IScheduleGrain.ReplanAsync(SchedulingRule rule, long expectedVersion, string user)
    {
        await EnsureLoadedAsync();
        CheckCommand(expectedVersion, user);
        var (_, mapping, current) = await FreshAsync(merge: false);
        var planned = Scheduler.Plan(mapping.Problem, new ScheduleOptions(ScheduleMode.Forward, ScheduleMapper.ToEngine(rule)));
        await CommitAsync(mapping, current, planned, ScheduleChanges.Of(ScheduleChange.Recalculated, rule.ToString()), user, [], S.Pins, rule);
        return _view!;
    }

    async Task<ScheduleMoveResult> IScheduleGrain.MoveAsync(string operationId, DateTime start, int? machine, long expectedVersion, string user)
    {
        await EnsureLoadedAsync();
        CheckCommand(expectedVersion, user);
        var (_, mapping, current) = await FreshAsync();
        if (!mapping.Operations.TryGetValue(operationId, out var info))
        {
            throw new CommandRejectedException(Refusal.OperationNotSchedulable, operationId);
        }

        if (info.InProgress)
        {
            throw new CommandRejectedException(Refusal.OperationInProgress, operationId);
        }

        var ws = mapping.Workstations[info.Operation.Workstation];
        if (machine is { } m && (m < 0 || m >= Math.Max(1, ws.Machines)))
        {
            throw new CommandRejectedException(Refusal.NoSuchMachine, ws.Code, m + 1);
        }

        RepairResult repair;
        var engine = Stopwatch.StartNew();
        try
        {
            repair = Scheduler.Repair(mapping.Problem, current, operationId, mapping.ToMinutes(start), machine, pin: true);
        }
        catch (SchedulingInputException e)
        {
            throw new CommandRejectedException(Refusal.MoveImpossible, operationId, e.Message);
        }

        Phase("engine", engine);
        if (!repair.Applied)
        {
            var refused = repair.Schedule.Conflicts.LastOrDefault(c => c.Kind == ConflictKind.MoveContradictsRouting);
            throw refused is null
                ? new CommandRejectedException(Refusal.MoveRefused, operationId)
                : new CommandRejectedException(Refusal.MoveBeforePrevious, operationId, refused.OperationIds.Skip(1).FirstOrDefault() ?? "", mapping.ToDate(current[refused.OperationIds.Skip(1).First()].End));
        }

        // The pin keeps the requested place: if another fixed operation is in the way, the conflict stays reported.
        var placed = repair.Schedule[operationId];
        var pins = WithPin(operationId, mapping.ToDate(mapping.ToMinutes(start)), placed.Machine);
        IReadOnlyList<string> moved = [operationId, .. repair.MovedOperationIds.Where(id => id != operationId)];
        var repairedMapping = mapping with { Problem = repair.Problem };
        // What the move replaced: the schedule it was applied to (re-planned first if the MOs had changed).
        // Only the operations the move changed are kept (the rest of the schedule is what the move leaves).
        var changed = moved.ToHashSet(StringComparer.Ordinal);
        var undo = new ScheduleUndo(operationId, [.. current.Assignments.Where(a => changed.Contains(a.OperationId))
                .Select(a => new StoredSlot(a.OperationId, a.Machine, mapping.ToDate(a.SetupStart), mapping.ToDate(a.Start), mapping.ToDate(a.End)))],
            [.. S.Pins], mapping.Signature, S.Rule, [.. S.Conflicts]);
        await CommitAsync(repairedMapping, current, repair.Schedule, ScheduleChanges.Of(ScheduleChange.Moved, operationId), user, moved, pins, S.Rule, undo: undo);
        return new ScheduleMoveResult(_view!, [.. moved]);
    }

    async Task<ScheduleView> IScheduleGrain.UndoMoveAsync(long expectedVersion, string user)
    {
        await EnsureLoadedAsync();
        CheckCommand(expectedVersion, user);
        if (S.Undo is not { } undo)
        {
            throw new CommandRejectedException(Refusal.NothingToUndo);
        }

        var (inputs, _, current) = await FreshAsync();
        var mapping = ScheduleMapper.Build(inputs with { Pins = undo.Pins });
        if (mapping.Signature != undo.Signature)
        {
            throw new CommandRejectedException(Refusal.UndoStale, undo.Operation);
        }

        // The undo keeps the previous places of the operations the move changed (older states: of every operation).
        var previous = undo.Slots.ToDictionary(x => x.OperationId, StringComparer.Ordinal);
        var restored = Scheduler.Evaluate(mapping.Problem, Assignments(mapping, [.. _slots.Select(x => previous.GetValueOrDefault(x.OperationId) ?? x)]));
        await CommitAsync(mapping, current, restored, ScheduleChanges.Of(ScheduleChange.MoveUndone, undo.Operation), user, MovedBetween(current, restored), undo.Pins, undo.Rule, undo.Conflicts);
        return _view!;
    }

    async Task<string> IScheduleGrain.ExportProblemAsync()
    {
        await EnsureLoadedAsync();
        return Collab.Planning.Scheduling.Plant.PlantProblemJson.Write(_mapping!.Problem);
    }

    async Task<ScheduleView> IScheduleGrain.SetPinnedAsync(string operationId, bool pinned, long expectedVersion, string user)
    {
        await EnsureLoadedAsync();
        CheckCommand(expectedVersion, user);
        var (inputs, mapping, current) = await FreshAsync();
        if (!mapping.Operations.TryGetValue(operationId, out var info) || info.InProgress)
        {
            throw new CommandRejectedException(Refusal.OperationNotPinnable, operationId);
        }

        var a = current[operationId];
        var pins = pinned ? WithPin(operationId, mapping.ToDate(a.Start), a.Machine) : [.. S.Pins.Where(p => p.OperationId != operationId)];

        // Same placements, problem with or without the pin: nothing moves now; the next repair or re-plan honours it.
        var remapped = ScheduleMapper.Build(inputs with { Pins = pins });
        var result = Scheduler.Evaluate(remapped.Problem, current.Assignments);
        var conflicts = S.Conflicts.Where(c => pinned || !c.Operations.Contains(operationId)).ToList();
        await CommitAsync(remapped, current, result, ScheduleChanges.Of(pinned ? ScheduleChange.Pinned : ScheduleChange.Unpinned, operationId), user, [], pins, S.Rule, conflicts);
        return _view!;
    }

    async Task<ScheduleView> IScheduleGrain.OptimiseAsync(TimeSpan timeBox, long expectedVersion, string user)
    {
        await EnsureLoadedAsync();
        CheckCommand(expectedVersion, user);
        if (timeBox <= TimeSpan.Zero || timeBox > MaxTimeBox)
        {
            throw new CommandRejectedException(Refusal.TimeBoxOutOfRange, MaxTimeBox.TotalSeconds);
        }

        var (_, mapping, current) = await FreshAsync();
        using var cts = new CancellationTokenSource(timeBox);
        var watch = Stopwatch.StartNew();
        var reporter = new Reporter(this, watch, timeBox.TotalSeconds, user);
        lock (_progressGate)
        {
            _optimisation = cts;
            _progress = new OptimisationProgress(true, 0, timeBox.TotalSeconds, 0, 0, current.Objective.WeightedTardiness / 60, user);
        }

        ScheduleResult optimised;
        try
        {
            this.DelayDeactivation(timeBox + TimeSpan.FromMinutes(1));
            var options = new OptimiseOptions(Seed: (int)(S.Version % 1000) + 1);
            var problem = mapping.Problem;
            var token = cts.Token;
            optimised = await Task.Run(() => Scheduler.Optimise(problem, options, reporter, token));
        }
        finally
        {
            lock (_progressGate)
            {
                _optimisation = null;
                _progress = _progress with { Running = false, ElapsedSeconds = watch.Elapsed.TotalSeconds };
            }
        }

        // Anytime search from the rules: keep the current schedule (with the planners' moves) unless the result is better.
        var better = optimised.Objective < current.Objective;
        var kept = better ? optimised : current;
        var moved = better ? MovedBetween(current, kept) : [];
        await CommitAsync(mapping, current, kept, ScheduleChanges.Of(ScheduleChange.Optimised, timeBox.TotalSeconds.ToString("0", global::System.Globalization.CultureInfo.InvariantCulture)), user, moved, S.Pins, S.Rule, better ? null : S.Conflicts);
        return _view!;
    }

    Task<OptimisationProgress> IScheduleGrain.GetOptimisationProgressAsync()
    {
        lock (_progressGate)
        {
            return Task.FromResult(_progress);
        }
    }

    Task IScheduleGrain.CancelOptimisationAsync(string user)
    {
        lock (_progressGate)
        {
            _optimisation?.Cancel();
        }

        return Task.CompletedTask;
    }

    async Task<IReadOnlyList<string>> IScheduleGrain.ValidateAsync()
    {
        await EnsureLoadedAsync();
        await _writeBack;
        var mapping = ScheduleMapper.Build((await GatherAsync()).Inputs);
        if (mapping.Signature != _mapping!.Signature)
        {
            return ["Le plan a changé depuis le dernier ordonnancement (OF ajoutés, terminés ou modifiés)."];
        }

        return ScheduleValidator.Validate(_mapping.Problem, _result!, excuseReportedConflicts: true);
    }

    private sealed class Reporter(ScheduleGrain owner, Stopwatch watch, double timeBox, string user) : IProgress<ScheduleProgress>
    {
        private int _improvements;

        public void Report(ScheduleProgress value)
        {
            lock (owner._progressGate)
            {
                _improvements++;
                owner._progress = new OptimisationProgress(true, watch.Elapsed.TotalSeconds, timeBox, value.Iteration, _improvements, value.Best.WeightedTardiness / 60, user);
            }
        }
    }

    // ───────────────────────── loading and committing ─────────────────────────

    /// <summary>A first schedule's write-back still on its way ends before the activation goes.</summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await _writeBack.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    private Task EnsureLoadedAsync()
    {
        if (_loading is { IsFaulted: true } or { IsCanceled: true })
        {
            _loading = null;
        }

        return _loading ??= LoadAsync();
    }

    /// <summary>First use of the activation: re-analyse the stored placements, or compute an instant plan by rule.</summary>
    private async Task LoadAsync()
    {
        var watch = Stopwatch.StartNew();
        var (inputs, _) = await GatherAsync();
        Phase("gather", watch);
        var mapping = ScheduleMapper.Build(inputs);
        Phase("map", watch);
        _slots = S.Packed is { } packed ? SlotPacking.Unpack(packed) : S.Slots;
        if (_slots.Count > 0 && S.Signature == mapping.Signature)
        {
            _mapping = mapping;
            _result = Scheduler.Evaluate(mapping.Problem, Assignments(mapping, _slots));
            _view = BuildView(mapping, _result, S.Conflicts);
            _dirty = false;
            return;
        }

        var planned = Scheduler.Plan(mapping.Problem, new ScheduleOptions(ScheduleMode.Forward, ScheduleMapper.ToEngine(S.Rule)));
        Phase("engine", watch);
        await CommitAsync(mapping, null, planned, ScheduleChanges.Of(ScheduleChange.Initial), System, [], S.Pins, S.Rule, answerFirst: true);
    }

    /// <summary>
    /// The current inputs and the current schedule on them. Nothing the schedule reads changed (same day): the stored
    /// schedule as it is, "now" moved on — no re-read, no re-analysis. Inputs changed but the same operations and
    /// durations: the placements re-analysed on the new inputs (due dates, releases). Operations changed (new MO,
    /// progress, quantity): the change merged into the stored schedule (<see cref="ScheduleMerge"/>).
    /// </summary>
    private async Task<(ScheduleInputs Inputs, ScheduleMapping Mapping, ScheduleResult Current)> FreshAsync(bool merge = true)
    {
        var watch = Stopwatch.StartNew();
        var (inputs, _) = await GatherAsync();
        Phase("gather", watch);
        var builtAt = _mapping!.BuiltAt;
        if (!_dirty && builtAt.Date == inputs.Now.Date && inputs.Now >= builtAt)
        {
            // The problem keeps the "now" it was built at (same day): the stored placements stay valid against it.
            return (inputs, _mapping, _result!);
        }

        var mapping = ScheduleMapper.Build(inputs);
        Phase("map", watch);
        if (mapping.Signature == _mapping.Signature)
        {
            return (inputs, mapping, Scheduler.Evaluate(mapping.Problem, _result!.Assignments.Select(a =>
                a with { SetupStart = Shift(a.SetupStart), Start = Shift(a.Start), End = Shift(a.End) }).ToList()));
        }

        return (inputs, mapping, merge
            ? ScheduleMerge.Merge(_mapping, _result!, mapping, S.Rule).Result
            : Scheduler.Plan(mapping.Problem, new ScheduleOptions(ScheduleMode.Forward, ScheduleMapper.ToEngine(S.Rule))));

        long Shift(long minutes) => mapping.ToMinutes(_mapping.ToDate(minutes));
    }

    /// <summary>
    /// The schedule's inputs, read incrementally: the index shards' changes since the last read (one call per shard), the
    /// registry's supply stamp and the site's data stamp (the open orders' changes and the master data are read only
    /// when they moved). An open MO the registry knows but the index does not (data from before the index, a lost shard) is
    /// read from its grain once and written to the index. <c>Changed</c>: anything differs from the last read.
    /// </summary>
    private async Task<(ScheduleInputs Inputs, bool Changed)> GatherAsync()
    {
        var site = GrainFactory.GetGrain<ISiteGrain>(Site);
        var registry = GrainFactory.GetGrain<IOrderRegistryGrain>(Site);
        var shardTasks = Enumerable.Range(0, MoScheduleIndex.Shards)
            .Select(n => GrainFactory.GetGrain<IMoScheduleIndexGrain>(MoScheduleIndex.KeyOf(Site, n)).ChangesSinceAsync(_cursors[n])).ToArray();
        var openStampTask = registry.GetSupplyStampAsync();
        var dataStampTask = site.GetDataStampAsync();
        var changed = false;
        var watch = Stopwatch.StartNew();
        var shards = await Task.WhenAll(shardTasks);
        for (var n = 0; n < shards.Length; n++)
        {
            var c = shards[n];
            if (c.Full)
            {
                foreach (var number in _mos.Keys.Where(k => MoScheduleIndex.ShardOf(k) == n).ToList())
                {
                    _mos.Remove(number);
                }

                // A shard read whole may have lost rows: check the open MOs against the registry below.
                _openStamp = -1;
            }

            foreach (var number in c.Removed)
            {
                changed |= _mos.Remove(number);
            }

            foreach (var mo in c.Rows)
            {
                _mos[mo.Number] = mo;
            }

            changed |= c.Full || c.Rows.Count > 0;
            _cursors[n] = c.Cursor;
        }

        if (changed)
        {
            Phase("gather:index", watch);
        }

        var openStamp = await openStampTask;
        if (openStamp != _openStamp)
        {
            watch.Restart();
            _open = await _openOrders.ReadAsync(registry);
            _openStamp = openStamp;
            changed = true;
            var missing = _open.Where(o => o.Ref.Kind == ObjectKind.ManufacturingOrder && !_mos.ContainsKey(o.Number)).ToList();
            if (missing.Count > 0)
            {
                var indexWasEmpty = _mos.Count == 0;
                var views = (await Task.WhenAll(missing.Select(o => GrainFactory.GetGrain<IManufacturingOrderGrain>(o.Number).GetAsync())))
                    .OfType<ManufacturingOrderView>().Where(MoScheduleIndex.IsOpen).ToList();
                foreach (var mo in views)
                {
                    _mos[mo.Number] = MoScheduleIndex.Row(mo);
                }

                await Task.WhenAll(views.GroupBy(v => MoScheduleIndex.ShardOf(v.Number))
                    .Select(g => GrainFactory.GetGrain<IMoScheduleIndexGrain>(MoScheduleIndex.KeyOf(Site, g.Key)).UpsertManyAsync([.. g])));
                if (indexWasEmpty)
                {
                    // Filled from the MOs themselves (a new layout, lost shards): rows of an older layout are dead weight.
                    await Task.WhenAll(MoScheduleIndex.LegacyKeysOf(Site).Select(k => GrainFactory.GetGrain<IMoScheduleIndexGrain>(k).ForgetAsync()));
                }
            }

            Phase("gather:orders", watch);
        }

        var dataStamp = await dataStampTask;
        if (dataStamp != _dataStamp)
        {
            watch.Restart();
            // The calendars as the site holds them: a workstation grain syncs its calendar to the site on every change
            // (SyncWorkstationAsync, which moves the data stamp), so the 100 workstation grains (their load queues:
            // ~200 KB each on the large plant) are not activated for it (issue #17: 1.2 s of a cold first schedule).
            var data = await site.GetMasterDataAsync();
            _workstations = data.Workstations;
            _stock = data.Stock;
            _dataStamp = dataStamp;
            changed = true;
            Phase("gather:site", watch);
        }

        _dirty |= changed;
        return (new ScheduleInputs(clock.GetLocalNow().DateTime, clock.LocalTimeZone, [.. _mos.Values], _workstations, _stock, _open, [.. S.Pins]), changed);
    }

    private static List<OperationAssignment> Assignments(ScheduleMapping mapping, IReadOnlyList<StoredSlot> slots) =>
        [.. slots.Select(x => new OperationAssignment(x.OperationId, mapping.Operations.TryGetValue(x.OperationId, out var i) ? i.Order.Number : "",
            mapping.Operations.TryGetValue(x.OperationId, out var j) ? j.Operation.Workstation : "", x.Machine,
            mapping.ToMinutes(x.SetupStart), mapping.ToMinutes(x.Start), mapping.ToMinutes(x.End)))];

    private void CheckCommand(long expectedVersion, string user)
    {
        if (string.IsNullOrWhiteSpace(user))
        {
            throw new CommandRejectedException(Refusal.UnknownUser);
        }

        if (expectedVersion != S.Version)
        {
            throw new VersionConflictException(expectedVersion, S.Version, S.ModifiedBy, S.ModifiedAt);
        }

        lock (_progressGate)
        {
            if (_optimisation is not null)
            {
                throw new CommandRejectedException(Refusal.OptimisationRunning);
            }
        }
    }

    private List<SchedulePin> WithPin(string operationId, DateTime start, int machine) =>
        [.. S.Pins.Where(p => p.OperationId != operationId), new SchedulePin(operationId, start, machine)];

    /// <summary>
    /// Stores the new placements (version + 1), keeps before/after figures, pushes slots to changed MOs, publishes.
    /// <paramref name="answerFirst"/> (the first schedule of an activation, up to every MO to write): the change is
    /// published and the call answered once the schedule is stored; the MOs get their slots right after (each publishes
    /// its own change), before the next change's write-back starts.
    /// </summary>
    private async Task CommitAsync(ScheduleMapping mapping, ScheduleResult? before, ScheduleResult after, string what, string user, IReadOnlyList<string> moved,
        IReadOnlyList<SchedulePin> pins, SchedulingRule rule, IReadOnlyList<ScheduleConflictView>? conflicts = null, ScheduleUndo? undo = null, bool answerFirst = false)
    {
        var watch = Stopwatch.StartNew();
        var previousSlots = _slots.ToDictionary(x => x.OperationId, StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var slots = after.Assignments.Select(a => new StoredSlot(a.OperationId, a.Machine, mapping.ToDate(a.SetupStart), mapping.ToDate(a.Start), mapping.ToDate(a.End))).ToList();
        var packed = SlotPacking.Pack(slots);
        // The version was checked when the command started (CheckCommand).
        await state.SaveVersionedAsync(this, user, null, now, s =>
        {
            // Only the last change can be undone, and only when it was a move.
            s.Undo = undo;
            // Pins of operations that left the schedule (done, cancelled) are dropped.
            s.Pins = [.. pins.Where(p => mapping.Operations.ContainsKey(p.OperationId))];
            s.Rule = rule;
            s.Conflicts = [.. conflicts ?? after.Conflicts.Select(c => new ScheduleConflictView(c.Kind.ToString(), c.OperationIds, c.Message))];
            // Packed (~25 bytes a slot instead of ~130 in JSON): a move rewrites the whole schedule row (issue #17).
            s.Packed = packed;
            s.Slots = [];
            s.Signature = mapping.Signature;
            if (before is not null)
            {
                s.Comparison = new ScheduleComparison(what, user, now, Metrics(mapping, before), Metrics(mapping, after), moved);
            }

            return true;
        });

        Phase("store", watch);
        _slots = slots;
        _mapping = mapping;
        _result = after;
        _view = BuildView(mapping, after, S.Conflicts);
        _dirty = false;
        Phase("view", watch);

        // The previous write-back first (an MO gets its slots in the order of the changes), then one batched call per
        // MO whose slots changed, or whose last write-back failed (the schedule is stored: the change stands, the MO's
        // copy of its slots follows with the next change).
        await _writeBack;
        var changedOrders = slots.Where(x => !previousSlots.TryGetValue(x.OperationId, out var old) || old != x)
            .Select(x => mapping.Operations[x.OperationId].Order.Number)
            .Concat(previousSlots.Keys.Where(k => !mapping.Operations.ContainsKey(k)).Select(k => k[..k.LastIndexOf('/')]))
            .Concat(_unwritten)
            .Distinct(StringComparer.Ordinal).ToList();
        _unwritten.Clear();
        var writeBack = WriteBackAsync(mapping, slots, changedOrders, S.Version);
        if (answerFirst)
        {
            _writeBack = writeBack;
        }
        else
        {
            await writeBack;
        }

        watch.Restart();
        await GrainFactory.GetGrain<IChangeBrokerGrain>(Site).PublishAsync(new ChangeEvent(new ObjectRef(ObjectKind.Schedule, Site), S.Version, user, now, what));
        Phase("publish", watch);
    }

    /// <summary>The slots of <paramref name="orders"/> written to their MO grains, all at once; an MO whose call fails is
    /// kept in <see cref="_unwritten"/> (this task does not fault).</summary>
    private async Task WriteBackAsync(ScheduleMapping mapping, List<StoredSlot> slots, List<string> orders, long version)
    {
        var watch = Stopwatch.StartNew();
        var byOrder = slots.ToLookup(x => mapping.Operations.TryGetValue(x.OperationId, out var i) ? i.Order.Number : "", StringComparer.Ordinal);
        await Task.WhenAll(orders.Select(async o =>
        {
            try
            {
                await GrainFactory.GetGrain<IManufacturingOrderGrain>(o).ApplyScheduleAsync(new MoScheduleFeedback(version,
                    [.. byOrder[o].Select(x => new OperationSlot(mapping.Operations[x.OperationId].Operation.Sequence, x.Machine, x.Start, x.End))]));
            }
            catch (Exception e)
            {
                // Continuations run on the activation, one at a time: no lock needed.
                _unwritten.Add(o);
                logger.LogWarning(e, "Schedule {Site} v{Version}: slots not written to {Order}, written with the next change", Site, version, o);
            }
        }));

        Phase("writeback", watch);
    }

    private static List<string> MovedBetween(ScheduleResult a, ScheduleResult b)
    {
        var before = a.Assignments.ToDictionary(x => x.OperationId, StringComparer.Ordinal);
        return [.. b.Assignments.Where(x => !before.TryGetValue(x.OperationId, out var o) || o.Start != x.Start || o.Machine != x.Machine).Select(x => x.OperationId)];
    }

    private static ScheduleMetrics Metrics(ScheduleMapping mapping, ScheduleResult r)
    {
        var end = r.Assignments.Count == 0 ? mapping.Problem.Now : Math.Max(mapping.Problem.Now, r.Assignments.Max(a => a.End));
        return new ScheduleMetrics(Math.Round(r.Objective.WeightedTardiness / 60, 2), r.Orders.Count(o => o.Tardiness > 0),
            mapping.ToDate(end), Math.Round((end - mapping.Problem.Now) / 60.0, 2));
    }

    private ScheduleView BuildView(ScheduleMapping mapping, ScheduleResult r, IReadOnlyList<ScheduleConflictView> conflicts)
    {
        var mos = mapping.Operations.Values.Select(i => i.Order).DistinctBy(o => o.Number).ToDictionary(o => o.Number, StringComparer.Ordinal);
        var pinned = mapping.Problem.Operations.Where(o => o.Fix?.Kind == FixKind.Pinned).Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        var outcomes = r.Orders.ToDictionary(o => o.OrderId, StringComparer.Ordinal);
        var why = r.LateOrders.ToDictionary(l => l.OrderId, StringComparer.Ordinal);
        var lanes = mapping.Problem.Workstations.SelectMany(w => Enumerable.Range(0, w.MachineCount)
            .Select(m => new ScheduleLane(w.Id, mapping.Workstations[w.Id].Description, m, w.MachineCount))).ToList();
        var operations = r.Assignments.Select(a =>
        {
            var info = mapping.Operations[a.OperationId];
            return new ScheduledOperationView(a.OperationId, info.Order.Number, info.Operation.Sequence, info.Operation.Description, info.Order.Item, info.Order.Qty,
                a.WorkstationId, a.Machine, mapping.ToDate(a.SetupStart), mapping.ToDate(a.Start), mapping.ToDate(a.End), Math.Round(info.Hours, 2),
                pinned.Contains(a.OperationId), info.InProgress, outcomes.TryGetValue(a.OrderId, out var o) && o.Tardiness > 0);
        }).OrderBy(o => o.Workstation, StringComparer.Ordinal).ThenBy(o => o.Machine).ThenBy(o => o.Start).ToList();
        var orders = r.Orders.Select(o =>
        {
            var mo = mos[o.OrderId];
            why.TryGetValue(o.OrderId, out var explanation);
            return new ScheduledOrderView(o.OrderId, mo.Item, mo.Qty, mapping.ToDate(o.Due), mapping.ToDate(o.Completion), Math.Round(o.Lateness / 60.0, 2), o.Weight,
                mapping.PeggedCustomerOrders.GetValueOrDefault(o.OrderId) ?? [], explanation is null ? null : ScheduleMapper.Reason(explanation, mapping.MaterialHolds), explanation?.BottleneckWorkstationId);
        }).OrderByDescending(o => o.LatenessHours).ToList();
        var loads = r.Utilisation.Select(u => new ScheduleWorkstationLoad(u.WorkstationId, Math.Round(u.BusyMinutes / 60.0, 1), Math.Round(u.AvailableMinutes / 60.0, 1))).ToList();
        // Late customer orders by the one definition (docs/late.md), in the schedule and in the plan, on the schedule's day.
        var today = DateOnly.FromDateTime(mapping.ToDate(mapping.Problem.Now));
        var lateCustomers = ScheduleLateness.LateCustomerOrders(orders, _open, today);
        var planLate = _open.Count(o => o.Ref.Kind == ObjectKind.CustomerOrder && o.IsLate(today));
        return new ScheduleView(Site, S.Version, S.ModifiedBy, S.ModifiedAt, mapping.ToDate(mapping.Problem.Now), lanes, operations, orders,
            Metrics(mapping, r), S.Comparison, conflicts, loads, S.Rule.ToString(), S.Undo?.Operation, lateCustomers, planLate);
    }
}

/// <summary>Where an operation was placed (plant-local times).</summary>
[GenerateSerializer, Immutable, Alias("Collab.StoredSlot")]
public sealed record StoredSlot(
    [property: Id(0)] string OperationId,
    [property: Id(1)] int Machine,
    [property: Id(2)] DateTime SetupStart,
    [property: Id(3)] DateTime Start,
    [property: Id(4)] DateTime End);

[GenerateSerializer, Alias("Collab.ScheduleGrainState")]
public sealed class ScheduleGrainState : IVersionedState
{
    [Id(0)] public long Version { get; set; }
    [Id(1)] public string? ModifiedBy { get; set; }
    [Id(2)] public DateTimeOffset? ModifiedAt { get; set; }
    [Id(3)] public SchedulingRule Rule { get; set; }
    [Id(4)] public List<SchedulePin> Pins { get; set; } = [];
    /// <summary>Placements as stored before they were packed (read once, then empty).</summary>
    [Id(5)] public List<StoredSlot> Slots { get; set; } = [];
    /// <summary>Operations and durations the slots were computed for (a change → re-plan by rule).</summary>
    [Id(6)] public string Signature { get; set; } = "";
    [Id(7)] public ScheduleComparison? Comparison { get; set; }
    /// <summary>Impossible constraints reported by the engine for the stored placements (e.g. overlapping pins).</summary>
    [Id(8)] public List<ScheduleConflictView> Conflicts { get; set; } = [];
    /// <summary>What the last move replaced (null when the last change was not a move).</summary>
    [Id(9)] public ScheduleUndo? Undo { get; set; }
    /// <summary>The placements, packed by <see cref="SlotPacking"/>.</summary>
    [Id(10)] public byte[]? Packed { get; set; }
}

/// <summary>The schedule as it was before the last move: the previous places of the operations the move changed (states
/// stored before: of every operation), pins, signature, rule and conflicts.</summary>
[GenerateSerializer, Immutable, Alias("Collab.ScheduleUndo")]
public sealed record ScheduleUndo(
    [property: Id(0)] string Operation,
    [property: Id(1)] List<StoredSlot> Slots,
    [property: Id(2)] List<SchedulePin> Pins,
    [property: Id(3)] string Signature,
    [property: Id(4)] SchedulingRule Rule,
    [property: Id(5)] List<ScheduleConflictView> Conflicts);
