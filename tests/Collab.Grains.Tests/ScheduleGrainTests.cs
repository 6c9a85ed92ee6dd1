using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Scheduling;
using Collab.Grains.Demo;
using Collab.Grains.Tests.Infrastructure;

namespace Collab.Grains.Tests;

/// <summary>The schedule tests seed the demo plant: their own cluster, so the demo seeding test of "cluster" stays first there;
/// run alone (not in parallel with the other collections) so they do not slow the timed demo test down.</summary>
[CollectionDefinition("schedule-cluster", DisableParallelization = true)]
public sealed class ScheduleClusterCollection : ICollectionFixture<ClusterFixture>;

[Collection("schedule-cluster")]
public sealed class ScheduleGrainTests(ClusterFixture fixture) : IAsyncLifetime
{
    private DateOnly Today => DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);

    private IScheduleGrain Schedule => fixture.Grains.GetGrain<IScheduleGrain>(DemoPlant.Site);

    public async Task InitializeAsync() => await DemoPlant.SeedAsync(fixture.Grains, Today);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Schedule_built_from_the_demo_MOs_is_valid_and_written_back_to_the_MOs()
    {
        var view = await Schedule.GetAsync();

        Assert.NotEmpty(view.Operations);
        Assert.Empty(await Schedule.ValidateAsync());
        // every open, not-done operation of every open MO is placed once, on a lane of its workstation
        var open = await fixture.Grains.GetGrain<IOrderRegistryGrain>(DemoPlant.Site).QueryAsync(new OrderQuery(ObjectKind.ManufacturingOrder));
        var expected = 0;
        foreach (var o in open)
        {
            var mo = (await fixture.Grains.GetGrain<IManufacturingOrderGrain>(o.Number).GetAsync())!;
            expected += mo.Operations.Count(op => !op.Done);
        }

        Assert.Equal(expected, view.Operations.Count);
        Assert.Equal(view.Operations.Count, view.Operations.Select(o => o.Id).Distinct().Count());
        Assert.All(view.Operations, o => Assert.Contains(view.Lanes, l => l.Workstation == o.Workstation && l.Machine == o.Machine));
        Assert.Contains(view.Lanes, l => l.MachineCount > 1);
        // no machine runs two operations at once
        foreach (var lane in view.Operations.GroupBy(o => (o.Workstation, o.Machine)))
        {
            var sorted = lane.OrderBy(o => o.Start).ToList();
            for (var i = 1; i < sorted.Count; i++) Assert.True(sorted[i].SetupStart >= sorted[i - 1].End, $"{sorted[i - 1].Id} overlaps {sorted[i].Id}");
        }

        // late orders are explained; figures are consistent with the orders
        Assert.Equal(view.Orders.Count(o => o.Late), view.Metrics.LateOrders);
        Assert.All(view.Orders.Where(o => o.Late), o => Assert.NotNull(o.Why));
        // the MO grains carry their slots
        var sample = view.Operations.First(o => !o.InProgress);
        var moView = (await fixture.Grains.GetGrain<IManufacturingOrderGrain>(sample.Order).GetAsync())!;
        var stored = moView.Operations.Single(o => o.Sequence == sample.Sequence);
        Assert.Equal(sample.Start, stored.SequencedStart);
        Assert.Equal(sample.End, stored.SequencedEnd);
        Assert.Equal(sample.Machine, stored.SequencedMachine);
    }

    [Fact]
    public async Task Moving_an_operation_repairs_the_plan_pins_it_shifts_its_successor_and_tells_every_screen()
    {
        var view = await Schedule.GetAsync();
        var (op, successor) = OperationWithMovableSuccessor(view);
        var target = WorkingMorning(successor.Start.AddDays(1));
        var recorder = new ChangeRecorder();
        var observer = fixture.Grains.CreateObjectReference<IChangeObserver>(recorder);
        await fixture.Grains.GetGrain<IChangeBrokerGrain>(DemoPlant.Site).SubscribeAsync(observer);

        var result = await Schedule.MoveAsync(op.Id, target, null, view.Version, "planif");

        var moved = result.Schedule.Operations.Single(o => o.Id == op.Id);
        Assert.Equal(target, moved.Start);
        Assert.True(moved.Pinned);
        var next = result.Schedule.Operations.Single(o => o.Id == successor.Id);
        Assert.True(next.Start >= moved.End, "the successor starts after the moved operation");
        Assert.True(next.Start > successor.Start, "the successor shifted");
        Assert.Contains(successor.Id, result.MovedOperations);
        Assert.Equal(op.Id, result.MovedOperations[0]);
        Assert.Equal(view.Version + 1, result.Schedule.Version);
        Assert.Empty(await Schedule.ValidateAsync());
        // operations the move did not concern stay exactly where they were
        var concerned = result.MovedOperations.ToHashSet();
        Assert.All(view.Operations.Where(o => !concerned.Contains(o.Id)), o => Assert.Equal(o.Start, result.Schedule.Operations.Single(n => n.Id == o.Id).Start));
        // before/after figures of the move
        Assert.NotNull(result.Schedule.Comparison);
        Assert.Equal(ScheduleChanges.Of(ScheduleChange.Moved, op.Id), result.Schedule.Comparison!.What);
        Assert.Equal(view.Metrics, result.Schedule.Comparison.Before);
        Assert.Equal(result.Schedule.Metrics, result.Schedule.Comparison.After);
        // written back to the MO, and published
        var mo = (await fixture.Grains.GetGrain<IManufacturingOrderGrain>(op.Order).GetAsync())!;
        Assert.Equal(target, mo.Operations.Single(o => o.Sequence == op.Sequence).SequencedStart);
        var change = await recorder.WaitForAsync(c => c.Object.Kind == ObjectKind.Schedule && c.Version == result.Schedule.Version);
        Assert.Equal("planif", change.User);

        // unpin: nothing moves, the mark goes
        var unpinned = await Schedule.SetPinnedAsync(op.Id, false, result.Schedule.Version, "planif");
        Assert.False(unpinned.Operations.Single(o => o.Id == op.Id).Pinned);
        Assert.Equal(target, unpinned.Operations.Single(o => o.Id == op.Id).Start);
    }

    [Fact]
    public async Task A_move_based_on_an_old_version_is_refused_with_who_and_when()
    {
        var view = await Schedule.GetAsync();
        var op = view.Operations.First(o => !o.InProgress);
        var pinned = await Schedule.SetPinnedAsync(op.Id, true, view.Version, "alice");

        var conflict = await Assert.ThrowsAsync<VersionConflictException>(() => Schedule.MoveAsync(op.Id, op.Start.AddHours(2), null, view.Version, "bob"));

        Assert.Equal(pinned.Version, conflict.CurrentVersion);
        Assert.Equal("alice", conflict.ModifiedBy);
        Assert.NotNull(conflict.ModifiedAt);
        Assert.Equal(pinned.Version, (await Schedule.GetAsync()).Version);
    }

    [Fact]
    public async Task A_pin_whose_write_fails_is_refused_and_leaves_the_schedule_as_stored()
    {
        var view = await Schedule.GetAsync();
        var op = view.Operations.First(o => !o.InProgress && !o.Pinned);

        fixture.Faults.FailWritesOf(DemoPlant.Site);
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => Schedule.SetPinnedAsync(op.Id, true, view.Version, "alice"));
        }
        finally
        {
            fixture.Faults.Heal();
        }

        var after = await Schedule.GetAsync();
        Assert.Equal((view.Version, view.ModifiedBy), (after.Version, after.ModifiedBy));
        Assert.False(after.Operations.Single(o => o.Id == op.Id).Pinned);
        // the next command, based on the stored version, goes through
        Assert.Equal(view.Version + 1, (await Schedule.SetPinnedAsync(op.Id, true, view.Version, "alice")).Version);
        await Schedule.SetPinnedAsync(op.Id, false, view.Version + 1, "alice");
    }

    [Fact]
    public async Task Pinned_operations_that_overlap_are_reported_as_a_conflict()
    {
        var view = await Schedule.GetAsync();
        // two operations of different MOs on the same single-machine workstation
        var lane = view.Operations.Where(o => !o.InProgress && view.Lanes.Any(l => l.Workstation == o.Workstation && l.MachineCount == 1))
            .GroupBy(o => o.Workstation).First(g => g.Select(o => o.Order).Distinct().Count() >= 2);
        var a = lane.First();
        var b = lane.First(o => o.Order != a.Order);
        var latestPredecessorEnd = view.Operations.Where(o => (o.Order == a.Order && o.Sequence < a.Sequence) || (o.Order == b.Order && o.Sequence < b.Sequence))
            .Select(o => o.End).DefaultIfEmpty(view.Now).Max();
        var target = WorkingMorning(latestPredecessorEnd.AddDays(10));

        var first = await Schedule.MoveAsync(a.Id, target, 0, view.Version, "planif");
        var second = await Schedule.MoveAsync(b.Id, target, 0, first.Schedule.Version, "planif");

        var conflict = Assert.Single(second.Schedule.Conflicts, c => c.Kind == "FixedOverlap");
        Assert.Contains(b.Id, conflict.Operations);
        var placedA = second.Schedule.Operations.Single(o => o.Id == a.Id);
        var placedB = second.Schedule.Operations.Single(o => o.Id == b.Id);
        Assert.Equal(target, placedA.Start);
        Assert.True(placedB.SetupStart >= placedA.End, "the plan stays executable: the later pin waits");
        Assert.Empty(await Schedule.ValidateAsync());
        // a full re-plan keeps both pins and reports the same impossibility again
        var replanned = await Schedule.ReplanAsync(SchedulingRule.EarliestDueDate, second.Schedule.Version, "planif");
        Assert.Contains(replanned.Conflicts, c => c.Kind == "FixedOverlap" && (c.Operations.Contains(a.Id) || c.Operations.Contains(b.Id)));
        // unpinning one clears the conflict at the next re-plan
        var unpinned = await Schedule.SetPinnedAsync(b.Id, false, replanned.Version, "planif");
        var clean = await Schedule.ReplanAsync(SchedulingRule.EarliestDueDate, unpinned.Version, "planif");
        Assert.DoesNotContain(clean.Conflicts, c => c.Kind == "FixedOverlap");
        await Schedule.SetPinnedAsync(a.Id, false, clean.Version, "planif");
    }

    [Fact]
    public async Task The_optimiser_never_worsens_weighted_tardiness_and_can_be_cancelled()
    {
        var view = await Schedule.GetAsync();

        var optimised = await Schedule.OptimiseAsync(TimeSpan.FromSeconds(1), view.Version, "planif");

        Assert.True(optimised.Metrics.WeightedTardinessHours <= view.Metrics.WeightedTardinessHours + 1e-9);
        Assert.Equal(ScheduleChanges.Of(ScheduleChange.Optimised, "1"), optimised.Comparison!.What);
        Assert.Equal(view.Metrics, optimised.Comparison.Before);
        Assert.Empty(await Schedule.ValidateAsync());
        Assert.False((await Schedule.GetOptimisationProgressAsync()).Running);

        // a long run stops at once on "Annuler" and keeps the best found so far
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var run = Schedule.OptimiseAsync(TimeSpan.FromSeconds(20), optimised.Version, "planif");
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!(await Schedule.GetOptimisationProgressAsync()).Running && !run.IsCompleted && DateTime.UtcNow < deadline)
        {
            // polls the grain's real state (no sleep): the run has started once it says so
        }

        Assert.True((await Schedule.GetAsync()).Version == optimised.Version, "the schedule is still served while the optimiser runs");
        await Schedule.CancelOptimisationAsync("planif");
        var cancelled = await run;
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"cancelled run took {watch.Elapsed}");
        Assert.True(cancelled.Metrics.WeightedTardinessHours <= optimised.Metrics.WeightedTardinessHours + 1e-9);
        Assert.Empty(await Schedule.ValidateAsync());
    }

    [Fact]
    public async Task The_last_move_can_be_undone_once_and_everything_goes_back()
    {
        var view = await Schedule.GetAsync();
        view = await Schedule.ReplanAsync(SchedulingRule.EarliestDueDate, view.Version, "planif");
        var (op, successor) = OperationWithMovableSuccessor(view);
        var moved = await Schedule.MoveAsync(op.Id, WorkingMorning(successor.Start.AddDays(2)), null, view.Version, "planif");
        Assert.Equal(op.Id, moved.Schedule.UndoableMove);
        Assert.True(moved.MovedOperations.Count >= 2);
        // Read back from the stored (packed) row: same placements, and the undo still knows the move.
        await fixture.Cluster.DeactivateAsync(Schedule);
        var reloaded = await Schedule.GetAsync();
        Assert.Equal(moved.Schedule.Operations.Select(o => (o.Id, o.Machine, o.SetupStart, o.Start, o.End)), reloaded.Operations.Select(o => (o.Id, o.Machine, o.SetupStart, o.Start, o.End)));
        Assert.Equal(op.Id, reloaded.UndoableMove);

        var undone = await Schedule.UndoMoveAsync(moved.Schedule.Version, "planif");

        Assert.Null(undone.UndoableMove);
        Assert.All(view.Operations, o =>
        {
            var back = undone.Operations.Single(x => x.Id == o.Id);
            Assert.Equal((o.Start, o.End, o.Machine, o.Pinned), (back.Start, back.End, back.Machine, back.Pinned));
        });
        Assert.Equal(view.Metrics, undone.Metrics);
        Assert.Equal(ScheduleChanges.Of(ScheduleChange.MoveUndone, op.Id), undone.Comparison!.What);
        Assert.Empty(await Schedule.ValidateAsync());
        var mo = (await fixture.Grains.GetGrain<IManufacturingOrderGrain>(op.Order).GetAsync())!;
        Assert.Equal(op.Start, mo.Operations.Single(o => o.Sequence == op.Sequence).SequencedStart);
        // only the last move, only once
        await Assert.ThrowsAsync<CommandRejectedException>(() => Schedule.UndoMoveAsync(undone.Version, "planif"));
    }

    [Fact]
    public async Task The_finite_schedule_makes_no_more_firm_customer_orders_late_than_the_plan_except_those_the_ESS01_overload_explains()
    {
        var view = await Schedule.GetAsync();
        foreach (var pin in view.Operations.Where(o => o.Pinned))
        {
            view = await Schedule.SetPinnedAsync(pin.Id, false, view.Version, "planif");
        }

        view = await Schedule.ReplanAsync(SchedulingRule.EarliestDueDate, view.Version, "planif");
        var open = await fixture.Grains.GetGrain<IOrderRegistryGrain>(DemoPlant.Site).QueryAsync(new OrderQuery(ObjectKind.CustomerOrder));
        var planLate = open.Where(o => o.IsLate(Today)).Select(o => o.Number).ToHashSet();
        var figures = await fixture.Grains.GetGrain<Collab.Contracts.Plan.IPlanGrain>(Collab.Contracts.Plan.PlanKey.Of(DemoPlant.Site)).GetFiguresAsync();

        // One definition, three places: the dashboard and the MRP page show the plan's figures (IPlanGrain.GetFiguresAsync),
        // the order lists the registry (OrderSummary.IsLate), the Ordonnancement page the schedule's view; all the same count.
        Assert.NotNull(figures);
        Assert.Equal(planLate.Count, figures.LateOrders);
        Assert.Equal(planLate.Count, view.PlanLateCustomerOrders);
        var scheduleLate = view.LateCustomerOrders!;
        Assert.Equal(scheduleLate.Select(l => l.Order).Order(), Collab.Domain.Scheduling.ScheduleLateness.LateCustomerOrders(view, open).Select(l => l.Order).Order());
        Assert.All(scheduleLate, l => Assert.Equal(planLate.Contains(l.Order), l.LateInPlan));
        // Every customer order late in the plan is late in the schedule (the schedule cannot deliver what the plan cannot).
        Assert.Superset(planLate, scheduleLate.Select(l => l.Order).ToHashSet());

        // Plan and schedule agree: the firm orders late in the schedule are those late in the plan plus those the
        // overload of the test bench explains, each with a typed reason.
        var unexplained = scheduleLate.Where(l => l.Firm && !l.LateInPlan && !l.Bottlenecks.Contains("ESS-01")).ToList();
        Assert.True(unexplained.Count == 0, "late in the schedule, on time in the plan and not explained by ESS-01: "
            + string.Join("; ", unexplained.Select(u => $"{u.Order} promised {u.Promised} available {u.ExpectedAvailability:g} bottlenecks {string.Join(",", u.Bottlenecks)}")));
        Assert.True(scheduleLate.Count(l => l.Firm) <= planLate.Count(n => open.Single(o => o.Number == n).Firm) + scheduleLate.Count(l => l.Firm && !l.LateInPlan && l.Bottlenecks.Contains("ESS-01")));
        // Every late MO (late for its need date) says why, as typed data.
        Assert.All(view.Orders.Where(o => o.Late), o => Assert.True(o.Why is { } w && (w.Bottleneck is not null || w.OriginOperation is not null), $"{o.Order} late without a reason"));
        // MOs feeding other MOs wait for their scheduled end, not their due date: no late MO is explained by a sub-assembly on time
        Assert.All(view.Orders.Where(o => o.Why?.SubAssemblyOrder is not null), o =>
        {
            var child = view.Orders.Single(c => c.Order == o.Why!.SubAssemblyOrder);
            Assert.True(child.Completion <= o.Completion);
        });
    }

    [Fact]
    public async Task A_new_MO_is_merged_into_the_stored_schedule_and_the_other_MOs_keep_their_places()
    {
        // An optimised schedule (not what the rule would give), then a new MO of a finished good due in ten months.
        var view = await Schedule.GetAsync();
        view = await Schedule.ReplanAsync(SchedulingRule.EarliestDueDate, view.Version, "planif");
        view = await Schedule.OptimiseAsync(TimeSpan.FromSeconds(1), view.Version, "planif");
        var data = await fixture.Grains.GetGrain<Collab.Contracts.Sites.ISiteGrain>(DemoPlant.Site).GetMasterDataAsync();
        var item = data.Items.First(i => data.Routings.Count(r => r.Item == i.Code) >= 2 && data.Bom.All(b => b.Component != i.Code)).Code;
        var number = $"OF-MERGE-{Guid.NewGuid():N}"[..20];
        await fixture.Grains.GetGrain<IManufacturingOrderGrain>(number).CreateAsync(DemoPlant.Site, new ManufacturingOrderDraft(item, 3, Today, Today.AddDays(300)), "planif");

        // Any command reads the change; pinning moves nothing by itself.
        var keep = view.Operations.First(o => !o.InProgress && !o.Pinned);
        var after = await Schedule.SetPinnedAsync(keep.Id, true, view.Version, "planif");

        Assert.Equal(data.Routings.Count(r => r.Item == item), after.Operations.Count(o => o.Order == number));
        var moved = view.Operations.Where(o => after.Operations.Single(x => x.Id == o.Id) is var a && (a.Start, a.Machine) != (o.Start, o.Machine)).Select(o => o.Id).ToList();
        Assert.True(moved.Count == 0, "operations of other MOs moved by the merge: " + string.Join(", ", moved));
        Assert.Empty(await Schedule.ValidateAsync());
        await Schedule.SetPinnedAsync(keep.Id, false, after.Version, "planif");
    }

    [Fact]
    public async Task The_schedule_index_serves_the_open_MOs_and_only_what_changed_not_the_schedule_write_back()
    {
        var view = await Schedule.GetAsync();
        var shards = Enumerable.Range(0, MoScheduleIndex.Shards).Select(n => fixture.Grains.GetGrain<IMoScheduleIndexGrain>(MoScheduleIndex.KeyOf(DemoPlant.Site, n))).ToList();
        var all = await Task.WhenAll(shards.Select(s => s.ChangesSinceAsync(null)));
        var open = (await fixture.Grains.GetGrain<IOrderRegistryGrain>(DemoPlant.Site).QueryAsync(new OrderQuery(ObjectKind.ManufacturingOrder, OpenOnly: true))).Select(o => o.Number).ToHashSet();
        Assert.Equal(open.Order(), all.SelectMany(c => c.Rows).Select(r => r.Number).Order());
        Assert.All(all.SelectMany(c => c.Rows), r => Assert.All(r.Operations, o => Assert.Null(o.SequencedStart)));
        var supply = await fixture.Grains.GetGrain<IOrderRegistryGrain>(DemoPlant.Site).GetSupplyStampAsync();

        // A move writes new slots back to the MOs: nothing the schedule reads changed.
        var (op, successor) = OperationWithMovableSuccessor(view);
        var moved = await Schedule.MoveAsync(op.Id, WorkingMorning(successor.Start.AddDays(1)), null, view.Version, "planif");
        Assert.Equal(moved.Schedule.Operations.Single(o => o.Id == op.Id).Start,
            (await fixture.Grains.GetGrain<IManufacturingOrderGrain>(op.Order).GetAsync())!.Operations.Single(o => o.Sequence == op.Sequence).SequencedStart);
        var since = await Task.WhenAll(shards.Select((s, n) => s.ChangesSinceAsync(all[n].Cursor)));
        Assert.All(since, c => Assert.False(c.Full || c.Rows.Count > 0 || c.Removed.Count > 0));
        Assert.Equal(supply, await fixture.Grains.GetGrain<IOrderRegistryGrain>(DemoPlant.Site).GetSupplyStampAsync());

        // A change the schedule reads (a quantity) comes back from that MO's shard only.
        var target = view.Operations.First(o => !o.InProgress).Order;
        var mo = (await fixture.Grains.GetGrain<IManufacturingOrderGrain>(target).GetAsync())!;
        await fixture.Grains.GetGrain<IManufacturingOrderGrain>(target).SetQtyAsync(mo.Qty + 1, mo.Version, "planif");
        since = await Task.WhenAll(shards.Select((s, n) => s.ChangesSinceAsync(all[n].Cursor)));
        Assert.Equal(mo.Qty + 1, since[MoScheduleIndex.ShardOf(target)].Rows.Single(r => r.Number == target).Qty);
        Assert.True(since.Sum(c => c.Rows.Count) < open.Count / 2, "a shard answers with what changed, not with everything");
        // The schedule reads that change on its next command: the quantity changed that MO's hours, so the move can no
        // longer be undone, and a re-plan places the new quantity's time.
        await Assert.ThrowsAsync<CommandRejectedException>(() => Schedule.UndoMoveAsync(moved.Schedule.Version, "planif"));
        var replanned = await Schedule.ReplanAsync(SchedulingRule.EarliestDueDate, moved.Schedule.Version, "planif");
        Assert.All(replanned.Operations.Where(o => o.Order == target), o => Assert.Equal(mo.Qty + 1, o.Qty));
        Assert.True(replanned.Operations.Where(o => o.Order == target).Sum(o => o.Hours) > moved.Schedule.Operations.Where(o => o.Order == target).Sum(o => o.Hours));
    }

    [Fact]
    public async Task Index_shards_found_empty_are_filled_from_the_MOs_and_the_old_layout_is_dropped()
    {
        var view = await Schedule.GetAsync();
        var open = (await fixture.Grains.GetGrain<IOrderRegistryGrain>(DemoPlant.Site).QueryAsync(new OrderQuery(ObjectKind.ManufacturingOrder, OpenOnly: true))).Select(o => o.Number).ToHashSet();
        // A site stored with the first layout: 16 shards keyed "{site}/{nn}", none of the new ones.
        var legacy = fixture.Grains.GetGrain<IMoScheduleIndexGrain>(MoScheduleIndex.LegacyKeysOf(DemoPlant.Site).ElementAt(3));
        var anyMo = (await fixture.Grains.GetGrain<IManufacturingOrderGrain>(open.First()).GetAsync())!;
        await legacy.UpsertAsync(anyMo);
        Assert.NotEmpty((await legacy.ChangesSinceAsync(null)).Rows);
        var shards = Enumerable.Range(0, MoScheduleIndex.Shards).Select(n => fixture.Grains.GetGrain<IMoScheduleIndexGrain>(MoScheduleIndex.KeyOf(DemoPlant.Site, n))).ToList();
        await Task.WhenAll(shards.Select(s => s.ForgetAsync()));
        Assert.Empty((await Task.WhenAll(shards.Select(s => s.ChangesSinceAsync(null)))).SelectMany(c => c.Rows));

        // The next command reads the MOs from their grains, fills the new shards, drops the old rows.
        var replanned = await Schedule.ReplanAsync(SchedulingRule.EarliestDueDate, view.Version, "planif");
        Assert.Equal(view.Operations.Select(o => o.Order).Distinct().Order(), replanned.Operations.Select(o => o.Order).Distinct().Order());
        var filled = await Task.WhenAll(shards.Select(s => s.ChangesSinceAsync(null)));
        Assert.Equal(open.Order(), filled.SelectMany(c => c.Rows).Select(r => r.Number).Order());
        Assert.Empty((await legacy.ChangesSinceAsync(null)).Rows);
    }

    [Fact]
    public async Task A_move_writes_back_only_the_MOs_whose_slots_changed()
    {
        var view = await Schedule.GetAsync();
        // ValidateAsync waits for a first schedule's write-back (answered before it).
        await Schedule.ValidateAsync();
        var (op, successor) = OperationWithMovableSuccessor(view);
        ScheduleMoveResult moved;
        List<(string Key, string State, long Bytes)> written;
        using (var meter = fixture.Faults.Measure())
        {
            moved = await Schedule.MoveAsync(op.Id, WorkingMorning(successor.Start.AddDays(1)), null, view.Version, "planif");
            written = [.. meter.Writes];
        }

        var before = view.Operations.ToDictionary(o => o.Id);
        var after = moved.Schedule.Operations.ToDictionary(o => o.Id);
        var changed = after.Values.Where(o => !before.TryGetValue(o.Id, out var b) || (b.Start, b.End, b.Machine) != (o.Start, o.End, o.Machine)).Select(o => o.Order)
            .Concat(before.Values.Where(b => !after.ContainsKey(b.Id)).Select(b => b.Order)).ToHashSet();
        Assert.Contains(op.Order, changed);
        Assert.True(changed.Count < view.Orders.Count / 2, "a move changes a few MOs");
        Assert.Equal(changed.Order(), written.Where(w => w.State == "mo").Select(w => w.Key).Order());
        // The slots are in no read model: neither the schedule index nor the registry is written.
        Assert.DoesNotContain(written, w => w.State == "moschedule" || w.State.StartsWith("orders-", StringComparison.Ordinal));
        // The move's pin is not left to the other tests.
        await Schedule.SetPinnedAsync(op.Id, false, moved.Schedule.Version, "planif");
    }

    [Fact]
    public async Task An_MO_whose_write_back_failed_gets_its_slots_with_the_next_change()
    {
        var view = await Schedule.GetAsync();
        await Schedule.ValidateAsync();
        var (op, successor) = OperationWithMovableSuccessor(view);
        var target = WorkingMorning(successor.Start.AddDays(1));
        ScheduleMoveResult moved;
        fixture.Faults.FailWritesOf(op.Order);
        try
        {
            moved = await Schedule.MoveAsync(op.Id, target, null, view.Version, "planif");
        }
        finally
        {
            fixture.Faults.Heal();
        }

        // The move stands (the schedule is stored); the MO keeps its old slot for now.
        Assert.Equal(target, moved.Schedule.Operations.Single(o => o.Id == op.Id).Start);
        Assert.Equal(op.Start, await SequencedStartAsync(op));

        // The next change moves nothing of that MO, and writes it.
        var other = moved.Schedule.Operations.First(o => !o.InProgress && !o.Pinned && o.Order != op.Order);
        var pinned = await Schedule.SetPinnedAsync(other.Id, true, moved.Schedule.Version, "planif");
        Assert.Equal(target, await SequencedStartAsync(op));
        var unpinned = await Schedule.SetPinnedAsync(other.Id, false, pinned.Version, "planif");
        await Schedule.SetPinnedAsync(op.Id, false, unpinned.Version, "planif");
    }

    private async Task<DateTime?> SequencedStartAsync(ScheduledOperationView op) =>
        (await fixture.Grains.GetGrain<IManufacturingOrderGrain>(op.Order).GetAsync())!.Operations.Single(o => o.Sequence == op.Sequence).SequencedStart;

    /// <summary>An operation that can move (not in progress) whose routing successor is not in progress either.</summary>
    private static (ScheduledOperationView Op, ScheduledOperationView Successor) OperationWithMovableSuccessor(ScheduleView view)
    {
        foreach (var order in view.Operations.GroupBy(o => o.Order))
        {
            var ops = order.OrderBy(o => o.Sequence).ToList();
            for (var i = 0; i + 1 < ops.Count; i++)
            {
                if (!ops[i].InProgress && !ops[i + 1].InProgress && !ops[i].Pinned && !ops[i + 1].Pinned) return (ops[i], ops[i + 1]);
            }
        }

        throw new InvalidOperationException("No movable operation with a successor in the demo schedule.");
    }

    /// <summary>08:00 on the first weekday on or after <paramref name="t"/>'s day (every demo shift runs then).</summary>
    private static DateTime WorkingMorning(DateTime t)
    {
        var day = t.Date.AddDays(1);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) day = day.AddDays(1);
        return day.AddHours(8);
    }
}
