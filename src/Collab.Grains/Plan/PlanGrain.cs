using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Plan;
using Collab.Contracts.Sites;
using Collab.Contracts.Workstations;
using Collab.Domain.Plan;
using Collab.Domain.Projects;
using Collab.Planning.Diff;
using Collab.Planning.Mrp;
using Collab.Grains.Common;
using Collab.Grains.Orders;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace Collab.Grains.Plan;

/// <summary>
/// Gather → compute (Collab.Planning, through <see cref="PlanComputation"/>) → store the snapshot → push consequences.
/// The computed run lives in memory and is rebuilt from the last stored snapshot on activation.
/// </summary>
public sealed class PlanGrain(
    [PersistentState("plan")] IPersistentState<PlanState> state,
    [PersistentState("planpushed")] IPersistentState<PlanPushedState> pushed,
    TimeProvider clock) : Grain, IPlanGrain
{
    private const int KeptSnapshots = 10;

    /// <summary>The breakdown of the last run finished in this process (for the plan-scale benchmark).</summary>
    public static PlanRunTimings? LastTimings { get; private set; }

    /// <summary>Order and workstation grains called at once while the consequences of a run are pushed.</summary>
    internal const int PushConcurrency = 64;
    private PlanComputation? _run;
    private readonly OpenOrdersMirror _openOrders = new();

    /// <summary>The summary of <see cref="_run"/>, the run the pages read: set when a run is in memory, before it is stored.</summary>
    private PlanRunSummary? _summary;
    private PlanProgress _progress = new(false, "", 0, null);

    private string Site => PlanKey.Parse(this.GetPrimaryKeyString()).Site;

    private ObjectRef Self => new(ObjectKind.Plan, this.GetPrimaryKeyString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The last run's inputs: in its own snapshot row (older states kept it here, in Last).
        _summary = state.State.Summary;
        var last = state.State.Last;
        if (last is null && state.State.Runs.Count > 0)
        {
            last = await LoadSnapshotAsync(state.State.Runs[^1].RunId);
        }

        if (last is not null)
        {
            _run = new PlanComputation(last.ToInputs(), null, keepSession: true);
        }
    }

    /// <summary>A kept run's inputs, its master data read from the row that holds it when the run's own row refers to it.</summary>
    private async Task<PlanSnapshot?> LoadSnapshotAsync(string runId)
    {
        var snapshot = await SnapshotGrain(runId).GetAsync();
        if (snapshot?.DataRun is { } dataRun)
        {
            // A missing data row (should not happen: kept while referred to) leaves the run unreadable, not the grain broken.
            var data = await SnapshotGrain(dataRun).GetAsync();
            snapshot = data is null ? null : snapshot.WithData(data.Data, null);
        }

        return snapshot;
    }

    /// <summary>Site data stamp (<see cref="ISiteGrain.GetDataStampAsync"/>) of the master data stored in run <see cref="_dataRun"/>'s row.</summary>
    private string? _dataStamp;
    private string? _dataRun;
    /// <summary>The site's master data as last read, with the data stamp read before it.</summary>
    private (string Stamp, MasterDataSet Data)? _siteData;

    private IPlanSnapshotGrain SnapshotGrain(string runId) => GrainFactory.GetGrain<IPlanSnapshotGrain>(PlanSnapshotGrain.KeyOf(this.GetPrimaryKeyString(), runId));

    /// <summary>A run has been stored (the first run is the planner's).</summary>
    private bool HasRun => state.State.Summary is not null || state.State.Last is not null;

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _netChangeTimer?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Tells the site's plan that one of its inputs changed (automatic net change; interleaved, never waits for a run).</summary>
    public static Task InputChangedAsync(IGrainFactory grains, string site, ObjectRef changed) =>
        string.IsNullOrEmpty(site) ? Task.CompletedTask : grains.GetGrain<IPlanGrain>(PlanKey.Of(site)).InputChangedAsync(changed);

    /// <summary>Quiet time after the last input change before the automatic recalculation starts.</summary>
    public static readonly TimeSpan NetChangeDelay = TimeSpan.FromSeconds(2);

    /// <summary>Longest wait under a continuous stream of changes: the run starts at most this long after the first one.</summary>
    public static readonly TimeSpan NetChangeMaxDelay = TimeSpan.FromSeconds(10);

    /// <summary>User recorded for automatic recalculations.</summary>
    public const string NetChangeUser = SystemLogins.NetChange;

    private IGrainTimer? _netChangeTimer;
    private DateTimeOffset? _pendingSince;
    private int _pendingChanges;

    Task IPlanGrain.InputChangedAsync(ObjectRef changed)
    {
        if (!HasRun)
        {
            return Task.CompletedTask; // never calculated: the first run is the planner's
        }

        var now = clock.GetUtcNow();
        _pendingSince ??= now;
        _pendingChanges++;
        var at = Min(now + NetChangeDelay, _pendingSince.Value + NetChangeMaxDelay);
        // An Orleans grain timer: its tick is a turn of this grain (not interleaved with a run, as a call was), no call
        // back through the grain reference. Orleans takes its clock from the silo's TimeProvider (FakeTimeProvider in tests).
        var due = at > now ? at - now : TimeSpan.Zero;
        if (_netChangeTimer is null)
        {
            _netChangeTimer = this.RegisterGrainTimer(NetChangeTickAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan));
        }
        else
        {
            _netChangeTimer.Change(due, Timeout.InfiniteTimeSpan);
        }

        return Task.CompletedTask;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>The debounce timer's tick (a failure is logged by Orleans; the next edit or "Recalculer" runs again).</summary>
    private Task NetChangeTickAsync(CancellationToken cancellationToken) => RunNetChangeCoreAsync();

    Task<PlanRunSummary?> IPlanGrain.RunNetChangeAsync() => RunNetChangeCoreAsync();

    private async Task<PlanRunSummary?> RunNetChangeCoreAsync()
    {
        if (_pendingChanges == 0 || !HasRun)
        {
            return null;
        }

        try
        {
            return await RecalculateCoreAsync(DateOnly.FromDateTime(clock.GetLocalNow().DateTime), NetChangeUser, netChange: true);
        }
        catch (CommandRejectedException)
        {
            return null; // invalid data after the edit: the next edit or "Recalculer" will say why
        }
    }

    Task<int> IPlanGrain.GetPendingChangesAsync() => Task.FromResult(_pendingChanges);

    Task<PlanRunSummary> IPlanGrain.RecalculateAsync(DateOnly today, string user) => RecalculateCoreAsync(today, user, netChange: false);

    /// <summary>
    /// One run. <paramref name="netChange"/> (the automatic run after edits): the MRP carries on the last run's session
    /// and replans only the items the changed orders and stock reach — the same result as a full run of the same
    /// inputs (<see cref="PlanComputation(PlanInputs, PlanComputation?, bool)"/>). "Recalculer" is a full run.
    /// </summary>
    private async Task<PlanRunSummary> RecalculateCoreAsync(DateOnly today, string user, bool netChange)
    {
        if (string.IsNullOrWhiteSpace(user))
        {
            throw new CommandRejectedException(Refusal.UnknownUser);
        }

        // This run reads every change made so far; changes arriving while it runs (interleaved) arm the next one.
        _pendingChanges = 0;
        _pendingSince = null;
        _netChangeTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        var watch = Stopwatch.StartNew();
        var runId = $"{today:yyyyMMdd}-{state.State.RunCount + 1:000}";
        await ProgressAsync(PlanStep.Gathering, 5, runId, user);
        var site = GrainFactory.GetGrain<ISiteGrain>(Site);
        var stamp = await site.GetDataStampAsync(); // before the data: a change in between gives a newer stamp next time
        var snapshot = new PlanSnapshot
        {
            RunId = runId,
            At = clock.GetUtcNow(),
            User = user,
            Today = today,
            // Unchanged since the last run (same stamp): the copy held here, not ~10 MB across silos again (issue #17).
            Data = _siteData is { } read && read.Stamp == stamp ? read.Data : await site.GetMasterDataAsync(),
            Settings = await site.GetSettingsAsync(),
            Orders = [.. await _openOrders.ReadAsync(GrainFactory.GetGrain<IOrderRegistryGrain>(Site))],
        };
        _siteData = (stamp, snapshot.Data);
        if (snapshot.Data.Items.Count == 0)
        {
            _progress = new PlanProgress(false, "", 0, null);
            throw new CommandRejectedException(Refusal.NoMasterData);
        }

        var lap = new PlanRunTimings { Gather = watch.Elapsed.TotalMilliseconds };
        await ProgressAsync(PlanStep.Computing, 30, runId, user);
        PlanComputation run;
        try
        {
            // Off the grain's turn (issue #17: 240–460 ms of CPU on the large plant): the calls that interleave — an
            // edit's InputChanged, the pages' queries on the shown run — are answered meanwhile instead of waiting for
            // the whole computation. The previous run gives its MRP session away; its own results are copies, so the
            // pages keep reading it while the session moves on.
            var previous = netChange ? _run : null;
            var inputs = snapshot.ToInputs();
            run = await Task.Run(() => new PlanComputation(inputs, previous, keepSession: true, lap.ComputeParts.Done));
        }
        catch (InvalidMrpInputException e)
        {
            _progress = new PlanProgress(false, "", 0, null);
            throw new CommandRejectedException([.. e.Problems.Take(10).Select(p => new RefusalReason(Refusal.InvalidPlanData, p.ToString()))]);
        }

        lap.Compute = watch.Elapsed.TotalMilliseconds - lap.Gather;

        // The run is in memory: the pages read it from now on (the plan's queries interleave with the rest of the run),
        // so its event goes out before the snapshot row is written and the consequences pushed (issue #17). A run that
        // cannot be stored puts the stored one back and says so with a second event.
        var shown = (_run, _summary);
        var summary = new PlanRunSummary(runId, today, snapshot.At, user, run.Input.Items.Count, run.Mrp.PlannedOrders.Count, run.Exceptions.Count,
            run.Exceptions.Count(e => e.Type == MrpExceptionType.LateDemand), run.Capacity.Overloads.Count, 0, 0);
        _run = run;
        _summary = summary;
        _progress = new PlanProgress(true, nameof(PlanStep.Pushing), 60, runId);

        var version = state.State.RunCount + 1;
        await PublishAsync(PlanEvents.Recalculated, user, version);
        lap.Notified = watch.Elapsed.TotalMilliseconds;

        // What the run tells each order and workstation, computed off the grain's turn (PlanComputation's caches are
        // thread-safe: the pages' queries interleave meanwhile) and told before the snapshot row is written (issue #17:
        // the orders hear the run the pages already show without waiting for that row; not beside its write either:
        // the consequences and the row's serialisation both want the CPU). A failure is reported once the row is
        // written; a row that cannot be written keeps what each grain was told unrecorded: the next run tells them again.
        PushResult? push = null;
        ExceptionDispatchInfo? pushFailure = null;
        try
        {
            push = await TellAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            pushFailure = ExceptionDispatchInfo.Capture(e);
        }

        async Task<PushResult> TellAsync()
        {
            var all = await Task.Run(() =>
            {
                var own = Stopwatch.StartNew();
                var list = PlanConsequences.Of(run, runId);
                lap.Consequences = own.Elapsed.TotalMilliseconds;
                return list;
            });
            var result = await PushAsync(all, lap); // back on the grain's turn

            // The orders and their list rows are told: the lists hear it now (issue #17: not after the snapshot row).
            var beforePublish = watch.Elapsed.TotalMilliseconds;
            await PublishAsync(PlanEvents.ConsequencesPushed, user, version);
            lap.Publish = watch.Elapsed.TotalMilliseconds - beforePublish;
            lap.Told = watch.Elapsed.TotalMilliseconds;
            return result;
        }

        _progress = new PlanProgress(true, nameof(PlanStep.Saving), 75, runId);
        var beforeRow = watch.Elapsed.TotalMilliseconds;
        var dropped = new List<string>();
        string? dataRun = null;
        try
        {
            // The run's inputs go to their own row (one snapshot written per run); this grain's state keeps the list.
            // Older states held up to ten snapshots here: they move to their rows once.
            var legacy = state.State.Snapshots.ToList();
            foreach (var old in legacy.Where(l => state.State.Runs.All(r => r.RunId != l.RunId)))
            {
                await SnapshotGrain(old.RunId).StoreAsync(new Immutable<PlanSnapshot>(old));
            }

            // Master data unchanged since a kept row holds it (an order edit, a second "Recalculer"): this run's row
            // refers to that row instead of copying the ~10 MB again (issue #17).
            dataRun = stamp == _dataStamp && _dataRun is { } held
                && (state.State.Runs.Any(r => r.RunId == held) || state.State.DataRows.Contains(held)) ? held : null;
            await SnapshotGrain(runId).StoreAsync(new Immutable<PlanSnapshot>(dataRun is null ? snapshot : snapshot.WithData(MasterDataSet.Empty, dataRun)));
            await state.SaveAsync(this, s =>
            {
                if (dataRun is not null)
                {
                    s.DataOf[runId] = dataRun;
                }

                s.Runs.AddRange(legacy.Where(l => s.Runs.All(r => r.RunId != l.RunId)).Select(Info));
                s.Last = null;
                s.Snapshots.Clear();
                s.Runs.Add(Info(snapshot));
                if (s.Runs.Count > KeptSnapshots)
                {
                    dropped.AddRange(s.Runs.Take(s.Runs.Count - KeptSnapshots).Select(r => r.RunId));
                    s.Runs.RemoveRange(0, s.Runs.Count - KeptSnapshots);
                }

                // A dropped row still holding the master data of a kept run stays (in DataRows) until no kept run refers to it.
                foreach (var old in dropped)
                {
                    s.DataOf.Remove(old);
                }

                var referenced = s.DataOf.Values.ToHashSet(StringComparer.Ordinal);
                var parked = s.DataRows.Concat(dropped).Distinct(StringComparer.Ordinal).ToList();
                s.DataRows = [.. parked.Where(referenced.Contains)];
                dropped.Clear();
                dropped.AddRange(parked.Where(r => !referenced.Contains(r)));
                s.RunCount++;
                s.Released.Clear();
                return s.Summary = summary;
            });
        }
        catch
        {
            // Not stored: the pages go back to the stored run (its MRP session was given to this run: the next net
            // change is a full run). The storage failure is the one to report.
            _progress = new PlanProgress(false, "", 0, null);
            (_run, _summary) = shown;
            try
            {
                await PublishAsync(PlanEvents.Recalculated, user, state.State.RunCount);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // the storage failure is the one to report
            }

            throw;
        }

        _dataStamp = stamp;
        _dataRun = dataRun ?? runId;
        var s = state.State;
        foreach (var old in dropped)
        {
            await SnapshotGrain(old).ClearAsync();
        }

        lap.Snapshot = watch.Elapsed.TotalMilliseconds - beforeRow;
        pushFailure?.Throw();
        s.Summary = summary = summary with { DurationMs = watch.Elapsed.TotalMilliseconds, OrdersUpdated = push!.Called };
        if (ReferenceEquals(_run, run))
        {
            _summary = summary;
        }

        // What each grain was told is kept last (a print not kept only means that grain is told again by the next
        // run); a failed call is reported after it.
        _progress = new PlanProgress(false, nameof(PlanStep.Done), 100, runId);
        LastTimings = lap;
        await SavePrintsAsync(push.Prints);
        lap.Total = watch.Elapsed.TotalMilliseconds;
        if (push.Failure is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        return summary;
    }

    /// <summary>
    /// Tells each order and workstation grain what the run concluded about it — only those told something else by the
    /// previous runs (or never told): an unchanged order is not called, let alone written. At most
    /// <see cref="PushConcurrency"/> calls at once. A grain whose call failed keeps its old print, so the next run tells
    /// it again. Returns the grains called, the prints to keep and the first failed call (reported by the caller).
    /// </summary>
    private async Task<PushResult> PushAsync(IReadOnlyList<PlanConsequence> all, PlanRunTimings lap)
    {
        var watch = Stopwatch.StartNew();
        var told = pushed.State.Prints;
        var todo = PlanConsequences.Changed(all, told, pushed.State.PrintVersion);
        var next = new Dictionary<string, ulong>(all.Count, StringComparer.Ordinal);
        var calling = todo.Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var c in all.Where(c => !calling.Contains(c.Key)))
        {
            next[c.Key] = c.Print;
        }

        using var gate = new SemaphoreSlim(PushConcurrency);
        var rows = new System.Collections.Concurrent.ConcurrentBag<OrderSummary>();
        var results = await Task.WhenAll(todo.Select(async c =>
        {
            await gate.WaitAsync();
            try
            {
                if (await Tell(c) is { } row)
                {
                    rows.Add(row);
                }

                return (c, (Exception?)null);
            }
            catch (Exception e)
            {
                return (c, e);
            }
            finally
            {
                gate.Release();
            }
        }));

        lap.Tell = watch.Elapsed.TotalMilliseconds;

        // The orders' registry rows in one write (one round of bucket rows), not one registry call per order. When it
        // fails, no order told keeps its new print: the next run tells them again and their rows are written then.
        try
        {
            await GrainFactory.GetGrain<IOrderRegistryGrain>(Site).UpsertManyAsync([.. rows]);
        }
        catch (Exception e)
        {
            results = [.. results.Select(r => r.c.Order is not null && r.Item2 is null ? (r.c, e) : r)];
        }

        foreach (var (c, error) in results.Where(r => r.Item2 is null))
        {
            next[c.Key] = c.Print;
        }

        lap.Push = watch.Elapsed.TotalMilliseconds;
        lap.Registry = lap.Push - lap.Tell;
        return new PushResult(todo.Count, next, results.FirstOrDefault(r => r.Item2 is not null).Item2);
    }

    /// <summary>The grains called, the prints of what each grain now holds, the first call that failed.</summary>
    private sealed record PushResult(int Called, Dictionary<string, ulong> Prints, Exception? Failure);

    /// <summary>Keeps what each grain was told (orders no longer open drop out); the row is written only when a print changed.</summary>
    private async Task SavePrintsAsync(Dictionary<string, ulong> next)
    {
        var told = pushed.State.Prints;
        if (next.Count != told.Count || pushed.State.PrintVersion != PlanPrint.Version || next.Any(kv => !told.TryGetValue(kv.Key, out var p) || p != kv.Value))
        {
            await pushed.SaveAsync(this, s =>
            {
                s.Prints = next;
                s.PrintVersion = PlanPrint.Version;
            });
        }
    }

    /// <summary>Tells one grain; an order returns its registry row.</summary>
    private async Task<OrderSummary?> Tell(PlanConsequence c)
    {
        if (c.Order is not { } o)
        {
            await GrainFactory.GetGrain<IWorkstationGrain>(WorkstationKey.Of(Site, c.Workstation!)).ApplyLoadAsync(c.Load!);
            return null;
        }

        return await (o.Kind switch
        {
            ObjectKind.ManufacturingOrder => GrainFactory.GetGrain<IManufacturingOrderGrain>(o.Id).ApplyPlanAsync(c.OrderFeedback!),
            ObjectKind.PurchaseOrder => GrainFactory.GetGrain<IPurchaseOrderGrain>(o.Id).ApplyPlanAsync(c.OrderFeedback!),
            _ => GrainFactory.GetGrain<ICustomerOrderGrain>(o.Id).ApplyPlanAsync(c.OrderFeedback!),
        });
    }

    private async Task ProgressAsync(PlanStep step, int percent, string runId, string user)
    {
        _progress = new PlanProgress(true, step.ToString(), percent, runId);
        await PublishAsync(step.ToString(), user);
    }

    /// <summary>An event about the run the pages read (<see cref="_summary"/>); <paramref name="version"/>: its run count (default: the stored one).</summary>
    private Task PublishAsync(string what, string user, int? version = null) =>
        GrainFactory.GetGrain<IChangeBrokerGrain>(Site).PublishAsync(new ChangeEvent(Self, version ?? state.State.RunCount, user, clock.GetUtcNow(), what, _summary?.RunId));

    Task<PlanProgress> IPlanGrain.GetProgressAsync() => Task.FromResult(_progress);

    Task<PlanRunSummary?> IPlanGrain.GetSummaryAsync() => Task.FromResult(_summary);

    Task<IReadOnlyList<PlanBucketView>> IPlanGrain.GetBucketsAsync() => Task.FromResult(_run?.BucketViews ?? []);

    Task<MrpRecordView?> IPlanGrain.GetItemRecordAsync(string item)
    {
        if (_run is null || _run.Mrp.IndexOf(item) < 0)
        {
            return Task.FromResult<MrpRecordView?>(null);
        }

        var r = _run.Mrp.Record(item);
        var data = _run.Items.GetValueOrDefault(item);
        var mrpItem = _run.Input.Items.First(i => i.Code == item);
        return Task.FromResult<MrpRecordView?>(new MrpRecordView(item, data?.Description ?? "", data?.Family ?? "", data?.Source == ItemSource.Buy,
            data?.LeadTimeDays ?? 0, mrpItem.SafetyStock, (data?.LotRule ?? LotRule.LotForLot).ToString(), mrpItem.OnHand, r.LowLevelCode, _run.BucketViews,
            r.GrossRequirements, r.ScheduledReceipts, r.ProjectedAvailable, r.NetRequirements, r.PlannedOrderReceipts, r.PlannedOrderReleases,
            [.. _run.Exceptions.Where(e => e.Item == item)]));
    }

    Task<IReadOnlyList<PegView>> IPlanGrain.GetPeggingAsync(string item, int period)
    {
        if (_run is null)
        {
            return Task.FromResult<IReadOnlyList<PegView>>([]);
        }

        var run = _run;
        var demands = run.Input.Demands;
        var orders = run.Mrp.PlannedOrders;
        var views = run.Mrp.Pegging.Links.Where(l => l.Item == item && l.Period == period)
            .GroupBy(l => (l.Requirement, l.RequirementIndex))
            .Select(g =>
            {
                var qty = g.Sum(l => l.Qty);
                if (g.Key.Requirement == RequirementKind.CustomerDemand)
                {
                    var id = demands[g.Key.RequirementIndex].Id ?? "?";
                    var forecast = id.StartsWith("FC-", StringComparison.Ordinal);
                    return new PegView(forecast ? PegKind.Forecast : PegKind.CustomerOrder, forecast ? id : PlanComputation.OrderOf(id), null, period, qty, [id]);
                }

                var parent = orders[g.Key.RequirementIndex];
                return new PegView(PegKind.ComponentRequirement, PlanComputation.PlannedOrderNumber(parent), parent.Item, period, qty, run.DemandsOfPlannedOrder(parent));
            })
            .OrderByDescending(v => v.Qty).ToList();
        return Task.FromResult<IReadOnlyList<PegView>>(views);
    }

    Task<Collab.Contracts.Projects.PlanFigures?> IPlanGrain.GetFiguresAsync() =>
        Task.FromResult(_run is null ? null : WhatIf.Figures(_run));

    Task<IReadOnlyList<PlanExceptionView>> IPlanGrain.GetExceptionsAsync() => Task.FromResult(_run?.Exceptions ?? []);

    Task<IReadOnlyList<PlannedOrderView>> IPlanGrain.GetPlannedOrdersAsync(string? item)
    {
        if (_run is null)
        {
            return Task.FromResult<IReadOnlyList<PlannedOrderView>>([]);
        }

        var run = _run;
        // Releases belong to the stored run: a run shown before it is stored has none yet.
        IReadOnlyDictionary<string, string> released = state.State.Summary is { } stored && stored.RunId != run.Snapshot.RunId ? new Dictionary<string, string>() : state.State.Released;
        var list = run.Mrp.PlannedOrders.Where(o => item is null || o.Item == item).Select(o =>
        {
            var id = run.PlannedOrderId(o);
            var data = run.Items.GetValueOrDefault(o.Item);
            return new PlannedOrderView(id, o.Item, data?.Description ?? "", o.Source == MakeOrBuy.Buy, o.Qty, run.DateOf(o.ReleasePeriod), run.DateOf(o.ReceiptPeriod),
                o.PastDue, o.Supplier, run.DemandsOfPlannedOrder(o), released.GetValueOrDefault(id), PlanComputation.PlannedOrderNumber(o), data?.Unit);
        }).ToList();
        return Task.FromResult<IReadOnlyList<PlannedOrderView>>(list);
    }

    async Task<ObjectRef> IPlanGrain.ReleasePlannedOrderAsync(string plannedOrderId, string user, double? qty, DateOnly? chosenDue)
    {
        var run = _run ?? throw new CommandRejectedException(Refusal.NoPlanRunRecalculate);
        var order = run.Mrp.PlannedOrders.FirstOrDefault(o => run.PlannedOrderId(o) == plannedOrderId)
            ?? throw new CommandRejectedException(Refusal.PlannedOrderGone);
        if (state.State.Released.TryGetValue(plannedOrderId, out var already))
        {
            throw new CommandRejectedException(Refusal.PlannedOrderReleased, already);
        }

        var site = GrainFactory.GetGrain<ISiteGrain>(Site);
        var today = run.Snapshot.Today;
        var start = run.DateOf(order.ReleasePeriod) < today ? today : run.DateOf(order.ReleasePeriod);
        var due = chosenDue ?? (run.DateOf(order.ReceiptPeriod) < start ? start : run.DateOf(order.ReceiptPeriod));
        var quantity = qty ?? order.Qty;
        var problems = Collab.Domain.Plan.PlannedOrderRelease.Validate(quantity, due, today, run.Items.GetValueOrDefault(order.Item)?.Unit);
        if (problems.Count > 0)
        {
            throw new CommandRejectedException(problems);
        }

        if (due < start)
        {
            start = due;
        }

        ObjectRef created;
        if (order.Source == MakeOrBuy.Buy)
        {
            var number = await site.NextNumberAsync(NumberKind.PurchaseOrder, today, user);
            var data = run.Items.GetValueOrDefault(order.Item);
            await GrainFactory.GetGrain<IPurchaseOrderGrain>(number).CreateAsync(Site,
                new PurchaseOrderDraft(order.Supplier ?? data?.PreferredSupplier ?? "?", [new PurchaseOrderLineDraft(order.Item, quantity, due)], data?.Buyer ?? user), user);
            created = new ObjectRef(ObjectKind.PurchaseOrder, number);
        }
        else
        {
            var number = await site.NextNumberAsync(NumberKind.ManufacturingOrder, today, user);
            await GrainFactory.GetGrain<IManufacturingOrderGrain>(number).CreateAsync(Site, new ManufacturingOrderDraft(order.Item, quantity, start, due, Released: true), user);
            created = new ObjectRef(ObjectKind.ManufacturingOrder, number);
        }

        await state.SaveAsync(this, s => s.Released[plannedOrderId] = created.Id);
        await PublishAsync(PlanEvents.PlannedOrderReleased, user);
        return created;
    }

    Task<SopView?> IPlanGrain.GetSopAsync() => Task.FromResult(_run?.Sop(state.State.SopStrategies));

    async Task IPlanGrain.SetSopStrategyAsync(string family, string strategy, string user)
    {
        if (!Enum.TryParse<Collab.Planning.Sop.SopStrategy>(strategy, out _))
        {
            throw new CommandRejectedException(Refusal.UnknownStrategy, strategy);
        }

        await state.SaveAsync(this, s => s.SopStrategies[family] = strategy);

        await PublishAsync(PlanEvents.SopStrategyChosen, user);
    }

    Task<IReadOnlyList<WorkstationLoadRow>> IPlanGrain.GetCapacityAsync() => Task.FromResult(_run?.LoadRows() ?? []);

    Task<WorkstationLoadFeedback?> IPlanGrain.GetWorkstationLoadAsync(string workstation) =>
        Task.FromResult(_run is { } run && _summary is { } summary && run.LoadRow(workstation) is { } row
            ? new WorkstationLoadFeedback(summary.RunId, row.Weeks, run.Queue(workstation))
            : null);

    Task<IReadOnlyList<StockRow>> IPlanGrain.GetStockAsync() => Task.FromResult(_run?.StockRows() ?? []);

    private static PlanSnapshotInfo Info(PlanSnapshot s) => new(s.RunId, s.At, s.User, s.Today);

    Task<IReadOnlyList<PlanSnapshotInfo>> IPlanGrain.GetSnapshotsAsync() =>
        Task.FromResult<IReadOnlyList<PlanSnapshotInfo>>([.. state.State.Runs.Concat(state.State.Snapshots.Select(Info)).DistinctBy(r => r.RunId).Reverse()]);

    /// <summary>
    /// Diffs already computed, per pair of runs (from, to): the wall screen, each meeting's agenda and the MRP page ask
    /// for the same pair, and a diff re-runs the older MRP. Only pairs ending at the current run can be asked for, so the
    /// cache holds at most one entry per kept snapshot and is emptied when a new run replaces the current one.
    /// </summary>
    private readonly Dictionary<(string From, string To), PlanDiffView> _diffs = [];
    private int _diffsComputed;

    Task<int> IPlanGrain.GetDiffsComputedAsync() => Task.FromResult(_diffsComputed);

    async Task<PlanDiffView> IPlanGrain.GetDiffAsync(string fromRunId)
    {
        var current = _run ?? throw new CommandRejectedException(Refusal.NoPlanRun);
        if (_diffs.TryGetValue((fromRunId, current.Snapshot.RunId), out var known))
        {
            return known;
        }

        var diff = await ComputeDiffAsync(current, fromRunId);
        if (_diffs.Keys.Any(k => k.To != current.Snapshot.RunId))
        {
            _diffs.Clear();
        }

        if (ReferenceEquals(_run, current))
        {
            _diffs[(fromRunId, current.Snapshot.RunId)] = diff;
        }

        return diff;
    }

    private async Task<PlanDiffView> ComputeDiffAsync(PlanComputation run, string fromRunId)
    {
        var from = state.State.Snapshots.FirstOrDefault(s => s.RunId == fromRunId)
            ?? (state.State.Runs.Any(r => r.RunId == fromRunId) ? await LoadSnapshotAsync(fromRunId) : null)
            ?? throw new CommandRejectedException(Refusal.UnknownSnapshot, fromRunId);
        var before = new PlanComputation(from.ToInputs());
        _diffsComputed++;
        var d = PlanDiff.Compare(before.Mrp, run.Mrp, before.Capacity, run.Capacity);
        var changes = new List<PlanChange>();
        changes.AddRange(d.NewLateDemands.Select(l => new PlanChange(PlanChangeKind.NewLateDemand, PlanComputation.OrderOf(l.Demand), l.Item, DelayWeeks: l.DelayPeriods)));
        changes.AddRange(d.ResolvedLateDemands.Select(l => new PlanChange(PlanChangeKind.ResolvedLateDemand, PlanComputation.OrderOf(l.Demand), l.Item)));
        changes.AddRange(d.ExceptionsAppeared.Select(e => new PlanChange(PlanChangeKind.ExceptionAppeared, e.Order is null ? e.Item : PlanComputation.OrderOf(e.Order), e.Item, e.Type,
            AfterDate: e.Period is { } p ? run.DateOf(p) : null)));
        changes.AddRange(d.ExceptionsCleared.Select(e => new PlanChange(PlanChangeKind.ExceptionCleared, e.Order is null ? e.Item : PlanComputation.OrderOf(e.Order), e.Item, e.Type,
            BeforeDate: e.Period is { } p ? before.DateOf(p) : null)));
        changes.AddRange(d.NewOverloads.Select(o => new PlanChange(PlanChangeKind.NewOverload, o.Workstation, AfterDate: run.DateOf(o.Bucket), ExcessHours: Math.Round(o.Excess, 1))));
        changes.AddRange(d.ResolvedOverloads.Select(o => new PlanChange(PlanChangeKind.ResolvedOverload, o.Workstation, BeforeDate: before.DateOf(o.Bucket))));
        changes.AddRange(d.PlannedOrders.Select(c => new PlanChange(c.Kind switch
            {
                OrderChangeKind.New => PlanChangeKind.PlannedOrderAdded,
                OrderChangeKind.Removed => PlanChangeKind.PlannedOrderRemoved,
                OrderChangeKind.Moved => PlanChangeKind.PlannedOrderMoved,
                _ => PlanChangeKind.PlannedOrderResized,
            }, c.Item, c.Item, null, c.OldReceiptPeriod is { } o ? before.DateOf(o) : null, c.NewReceiptPeriod is { } n ? run.DateOf(n) : null,
            c.Kind == OrderChangeKind.New ? null : c.OldQty, c.Kind == OrderChangeKind.Removed ? null : c.NewQty)));
        return new PlanDiffView(fromRunId, run.Snapshot.RunId, changes);
    }
}

/// <summary>Where a run's time went, ms (printed by the plan-scale benchmark; in-process only).</summary>
public sealed class PlanRunTimings
{
    public double Gather { get; set; }
    public double Compute { get; set; }
    public PlanPhaseTimer ComputeParts { get; } = new();
    /// <summary>From the run's start to its event published (the run in memory, pages notified).</summary>
    public double Notified { get; set; }
    public double Snapshot { get; set; }
    public double Consequences { get; set; }
    public double Push { get; set; }
    public double Tell { get; set; }
    public double Registry { get; set; }
    public double Publish { get; set; }
    /// <summary>From the run's start to the consequences' event published (every order and its list row told).</summary>
    public double Told { get; set; }
    public double Total { get; set; }

    public override string ToString() =>
        $"gather {Gather:0} | compute {Compute:0} ({ComputeParts}) | notified at {Notified:0} | snapshot {Snapshot:0} | before it: consequences {Consequences:0}, push {Push:0} (tell {Tell:0}, registry {Registry:0}) | publish {Publish:0} | told at {Told:0} | total {Total:0} ms";
}

/// <summary>Milliseconds of each <see cref="PlanPhase"/> of a computation, taken as the pure core reports each phase's end.</summary>
public sealed class PlanPhaseTimer
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly List<(PlanPhase Phase, double Ms)> _parts = [];
    private double _last;

    public void Done(PlanPhase phase)
    {
        var now = _watch.Elapsed.TotalMilliseconds;
        _parts.Add((phase, now - _last));
        _last = now;
    }

    public override string ToString() => string.Join(" + ", _parts.Select(p => $"{p.Phase} {p.Ms:0}")) + " ms";
}

/// <summary>What a plan run was computed from (persisted: a run is rebuilt from it after a restart, and diffs compare two of them).</summary>
[GenerateSerializer, Alias("Collab.PlanSnapshot")]
public sealed class PlanSnapshot
{
    [Id(0)] public string RunId { get; set; } = "";
    [Id(1)] public DateTimeOffset At { get; set; }
    [Id(2)] public string User { get; set; } = "";
    [Id(3)] public DateOnly Today { get; set; }
    [Id(4)] public MasterDataSet Data { get; set; } = MasterDataSet.Empty;
    [Id(5)] public SiteSettings Settings { get; set; } = SiteSettings.Default;
    [Id(6)] public List<OrderSummary> Orders { get; set; } = [];

    /// <summary>Run whose row holds this run's master data (<see cref="Data"/> left empty here); null: in this row.</summary>
    [Id(7)] public string? DataRun { get; set; }

    public PlanSnapshot WithData(MasterDataSet data, string? dataRun) =>
        new() { RunId = RunId, At = At, User = User, Today = Today, Data = data, Settings = Settings, Orders = Orders, DataRun = dataRun };

    public PlanInputs ToInputs() => new() { RunId = RunId, At = At, User = User, Today = Today, Data = Data, Settings = Settings, Orders = Orders };
}

[GenerateSerializer, Alias("Collab.PlanState")]
public sealed class PlanState
{
    /// <summary>Earlier format: the last run's inputs (now in <see cref="PlanSnapshotGrain"/>); read, then emptied by the next run.</summary>
    [Id(0)] public PlanSnapshot? Last { get; set; }
    /// <summary>Earlier format: the last ten runs' inputs; moved to <see cref="PlanSnapshotGrain"/> rows by the next run.</summary>
    [Id(1)] public List<PlanSnapshot> Snapshots { get; set; } = [];
    [Id(2)] public int RunCount { get; set; }
    [Id(3)] public PlanRunSummary? Summary { get; set; }
    /// <summary>Planned order id of the last run → number of the MO/PO it was released into.</summary>
    [Id(4)] public Dictionary<string, string> Released { get; set; } = [];
    [Id(5)] public Dictionary<string, string> SopStrategies { get; set; } = [];
    /// <summary>The kept runs, oldest first; each one's inputs in its <see cref="PlanSnapshotGrain"/> row.</summary>
    [Id(6)] public List<PlanSnapshotInfo> Runs { get; set; } = [];
    /// <summary>Kept run → the run whose row holds its master data (runs whose row holds it themselves are not listed).</summary>
    [Id(7)] public Dictionary<string, string> DataOf { get; set; } = [];
    /// <summary>Rows of runs no longer kept that still hold the master data of kept runs (cleared once none refers to them).</summary>
    [Id(8)] public List<string> DataRows { get; set; } = [];
}

/// <summary>
/// What the last runs pushed to each order and workstation grain ("MO:OF-1" → fingerprint of the feedback without its
/// run id): a run calls only the grains whose consequences changed (issue #17). Its own row, written only when a print changed.
/// </summary>
[GenerateSerializer, Alias("Collab.PlanPushedState")]
public sealed class PlanPushedState
{
    [Id(0)] public Dictionary<string, ulong> Prints { get; set; } = [];

    /// <summary><see cref="PlanPrint.Version"/> of <see cref="Prints"/> (0: rows written before it, JSON prints).</summary>
    [Id(1)] public int PrintVersion { get; set; }
}
