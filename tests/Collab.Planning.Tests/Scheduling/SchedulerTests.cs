using Collab.Planning.Scheduling;
using static Collab.Planning.Tests.Scheduling.ProblemFactory;

namespace Collab.Planning.Tests.Scheduling;

public class SchedulerTests
{
    private static SchedulingProblem Problem(IEnumerable<Workstation> ws, IEnumerable<ScheduledOrder> orders, IEnumerable<ScheduledOperation> ops, long now = 0) =>
        new(now, ws.ToList(), orders.ToList(), ops.ToList());

    [Fact]
    public void Forward_respects_routing_and_machine_capacity()
    {
        var problem = Problem([Ws("A"), Ws("B")], [new("O1", 1000), new("O2", 2000)],
        [
            Op("O1-1", "O1", "A", 10), Op("O1-2", "O1", "B", 20, "O1-1"),
            Op("O2-1", "O2", "A", 5), Op("O2-2", "O2", "B", 5, "O2-1"),
        ]);
        var r = Scheduler.Plan(problem);
        ScheduleAssert.Valid(problem, r);
        // EDD: O1 first on A, then O2 on A; on B O1-2 [10,30), O2-2 waits until 30.
        Assert.Equal((0L, 10L), (r["O1-1"].Start, r["O1-1"].End));
        Assert.Equal((10L, 15L), (r["O2-1"].Start, r["O2-1"].End));
        Assert.Equal((10L, 30L), (r["O1-2"].Start, r["O1-2"].End));
        Assert.Equal((30L, 35L), (r["O2-2"].Start, r["O2-2"].End));
        Assert.Equal(35, r.Objective.Makespan);
        Assert.Empty(r.LateOrders);
    }

    [Fact]
    public void Interruptible_operation_is_split_across_a_break_and_non_interruptible_waits_for_a_full_interval()
    {
        var cal = new WorkCalendar([new TimeInterval(0, 100), new TimeInterval(200, 300)]);
        var problem = Problem([Ws("A", calendar: cal), Ws("B", calendar: cal)], [new("O1", 1000), new("O2", 1000)],
        [
            Op("O1-1", "O1", "A", 150),
            Op("O2-1", "O2", "B", 50) with { Interruptible = false, Release = 80 },
        ]);
        var r = Scheduler.Plan(problem);
        ScheduleAssert.Valid(problem, r);
        Assert.Equal((0L, 250L), (r["O1-1"].Start, r["O1-1"].End)); // 100 before the break, 50 after
        Assert.Equal((200L, 250L), (r["O2-1"].Start, r["O2-1"].End)); // 80..130 would cross the break
    }

    [Fact]
    public void Parallel_machines_run_operations_at_the_same_time()
    {
        var problem = Problem([Ws("A", machines: 2)], [new("O1", 100)],
            [Op("a", "O1", "A", 10), Op("b", "O1", "A", 10), Op("c", "O1", "A", 10)]);
        var r = Scheduler.Plan(problem);
        ScheduleAssert.Valid(problem, r);
        Assert.Equal(2, r.Assignments.Count(a => a.Start == 0));
        Assert.Equal(20, r.Objective.Makespan);
        Assert.Equal(new[] { 0, 1 }, r.Assignments.Where(a => a.Start == 0).Select(a => a.Machine).Order());
    }

    [Fact]
    public void Sequence_dependent_setups_are_added_between_families()
    {
        var setups = new SetupMatrix(30, new Dictionary<(string, string), long> { [("X", "Y")] = 7 });
        var problem = Problem([Ws("A", setups: setups)], [new("O1", 100), new("O2", 200), new("O3", 300)],
        [
            Op("a", "O1", "A", 10) with { SetupFamily = "X" },
            Op("b", "O2", "A", 10) with { SetupFamily = "Y" },
            Op("c", "O3", "A", 10) with { SetupFamily = "X" },
        ]);
        var r = Scheduler.Plan(problem);
        ScheduleAssert.Valid(problem, r);
        Assert.Equal((0L, 0L, 10L), (r["a"].SetupStart, r["a"].Start, r["a"].End));
        Assert.Equal((10L, 17L, 27L), (r["b"].SetupStart, r["b"].Start, r["b"].End)); // X→Y pair: 7
        Assert.Equal((27L, 57L, 67L), (r["c"].SetupStart, r["c"].Start, r["c"].End)); // Y→X default: 30
    }

    [Fact]
    public void Release_dates_and_now_are_respected()
    {
        var problem = Problem([Ws("A")], [new("O1", 1000, Release: 500), new("O2", 1000)],
            [Op("a", "O1", "A", 10), Op("b", "O2", "A", 10) with { Release = 300 }], now: 100);
        var r = Scheduler.Plan(problem);
        ScheduleAssert.Valid(problem, r);
        Assert.Equal(500, r["a"].Start);
        Assert.Equal(300, r["b"].Start);
    }

    [Fact]
    public void Transfer_batches_let_the_successor_overlap_its_predecessor()
    {
        var problem = Problem([Ws("A"), Ws("B")], [new("O1", 1000)],
        [
            Op("a", "O1", "A", 100),
            new ScheduledOperation("b", "O1", "B", 80) { Predecessors = [new Precedence("a", 0.25, 5)] },
        ]);
        var r = Scheduler.Plan(problem);
        ScheduleAssert.Valid(problem, r);
        Assert.Equal(30, r["b"].Start); // 25 % of a done at 25, + 5 transport
        Assert.Equal(110, r["b"].End);
        var short_ = problem with { Operations = [problem.Operations[0], problem.Operations[1] with { Duration = 40 }] };
        var r2 = Scheduler.Plan(short_);
        ScheduleAssert.Valid(short_, r2);
        Assert.Equal(105, r2["b"].End); // cannot finish before a ends (100) + 5: starts later than 30
    }

    [Fact]
    public void Backward_plans_just_in_time_and_falls_back_to_forward_when_the_past_would_be_needed()
    {
        var problem = Problem([Ws("A"), Ws("B")], [new("Late", 50), new("Jit", 1000)],
        [
            Op("L1", "Late", "A", 40), Op("L2", "Late", "B", 40, "L1"),
            Op("J1", "Jit", "A", 100), Op("J2", "Jit", "B", 100, "J1"),
        ], now: 10);
        var r = Scheduler.Plan(problem, new ScheduleOptions(ScheduleMode.Backward));
        ScheduleAssert.Valid(problem, r);
        Assert.Equal(1000, r["J2"].End); // just in time
        Assert.Equal(900, r["J1"].End);
        Assert.Equal(10, r["L1"].Start); // due 50 unreachable from now=10: planned forward
        Assert.Equal(90, r["L2"].End);
        var late = Assert.Single(r.LateOrders);
        Assert.Equal(("Late", 40L), (late.OrderId, late.Lateness));
    }

    [Theory]
    [InlineData(DispatchRule.EarliestDueDate, "due")]
    [InlineData(DispatchRule.ShortestProcessingTime, "short")]
    [InlineData(DispatchRule.CustomerPriority, "vip")]
    [InlineData(DispatchRule.CriticalRatio, "tight")]
    public void Priority_rules_pick_the_expected_first_operation(DispatchRule rule, string expectedFirst)
    {
        var problem = Problem([Ws("A")],
        [
            new("due", 100), new("short", 5000), new("vip", 6000, Priority: 5), new("tight", 400),
        ],
        [
            Op("due", "due", "A", 50), Op("short", "short", "A", 5), Op("vip", "vip", "A", 60),
            Op("tight", "tight", "A", 390),
        ]);
        var r = Scheduler.Plan(problem, new ScheduleOptions(ScheduleMode.Forward, rule));
        ScheduleAssert.Valid(problem, r);
        Assert.Equal(expectedFirst, r.Assignments.MinBy(a => a.Start)!.OperationId);
    }

    [Fact]
    public void Pinned_operation_keeps_its_place_and_others_flow_around_it()
    {
        var problem = Problem([Ws("A")], [new("O1", 1000), new("O2", 1000), new("O3", 1000)],
        [
            Op("p", "O1", "A", 50) with { Fix = new OperationFix(FixKind.Pinned, 100) },
            Op("x", "O2", "A", 80), // fits before p
            Op("y", "O3", "A", 40),
        ]);
        var r = Scheduler.Plan(problem);
        ScheduleAssert.Valid(problem, r);
        Assert.Equal((100L, 150L), (r["p"].Start, r["p"].End));
        Assert.Equal(0, r["x"].Start);
        Assert.Equal(150, r["y"].Start); // 80..120 would overlap p
    }

    [Fact]
    public void In_progress_and_frozen_operations_are_kept()
    {
        var problem = Problem([Ws("A")], [new("O1", 1000), new("O2", 1000)],
        [
            Op("run", "O1", "A", 30) with { Fix = new OperationFix(FixKind.InProgress, -20) },
            Op("next", "O1", "A", 10, "run"),
            Op("frz", "O2", "A", 10) with { Fix = new OperationFix(FixKind.Frozen, 200) },
        ], now: 0);
        var r = Scheduler.Plan(problem);
        ScheduleAssert.Valid(problem, r);
        Assert.Equal((-20L, 30L), (r["run"].Start, r["run"].End)); // 30 min remaining from now
        Assert.Equal(30, r["next"].Start);
        Assert.Equal(200, r["frz"].Start);
    }

    [Fact]
    public void Pinned_operations_overlapping_on_a_machine_are_reported_not_silently_violated()
    {
        var problem = Problem([Ws("A")], [new("O1", 1000), new("O2", 1000)],
        [
            Op("p1", "O1", "A", 50) with { Fix = new OperationFix(FixKind.Pinned, 100, 0) },
            Op("p2", "O2", "A", 50) with { Fix = new OperationFix(FixKind.Pinned, 120, 0) },
        ]);
        var r = Scheduler.Plan(problem);
        var conflict = Assert.Single(r.Conflicts);
        Assert.Equal(ConflictKind.FixedOverlap, conflict.Kind);
        Assert.Contains("p1", conflict.OperationIds);
        Assert.Contains("p2", conflict.OperationIds);
        Assert.Contains(ScheduleValidator.Validate(problem, r), e => e.Contains("p2: fixed at 120"));
        ScheduleAssert.ValidExceptReported(problem, r);
        Assert.True(r["p2"].Start >= r["p1"].End); // physically feasible: p2 moved after p1
    }

    [Fact]
    public void Pinned_before_its_predecessor_is_reported()
    {
        var problem = Problem([Ws("A"), Ws("B")], [new("O1", 1000)],
        [
            Op("a", "O1", "A", 100),
            Op("b", "O1", "B", 10, "a") with { Fix = new OperationFix(FixKind.Pinned, 50) },
        ]);
        var r = Scheduler.Plan(problem);
        Assert.Contains(r.Conflicts, c => c.Kind == ConflictKind.FixedBeforePredecessor && c.OperationIds.Contains("b"));
        ScheduleAssert.ValidExceptReported(problem, r);
    }

    [Fact]
    public void Sequence_pin_forces_order_and_machine()
    {
        var problem = Problem([Ws("A", machines: 2)], [new("O1", 100), new("O2", 50)],
            [Op("first", "O1", "A", 10), Op("second", "O2", "A", 10)]) with
        {
            SequencePins = [new SequencePin(["first", "second"])],
        };
        var r = Scheduler.Plan(problem);
        ScheduleAssert.Valid(problem, r);
        Assert.Equal(r["first"].Machine, r["second"].Machine);
        Assert.Equal(10, r["second"].Start); // would start at 0 on the free machine without the pin
    }

    [Fact]
    public void Late_order_explanation_names_the_bottleneck_workstation()
    {
        var problem = Problem([Ws("Cut"), Ws("Weld")], [new("Big", 10_000, Priority: 5), new("Urgent", 150)],
        [
            Op("big-cut", "Big", "Cut", 10), Op("big-weld", "Big", "Weld", 300, "big-cut"),
            Op("u-cut", "Urgent", "Cut", 20), Op("u-weld", "Urgent", "Weld", 50, "u-cut"),
        ]);
        var r = Scheduler.Plan(problem, new ScheduleOptions(ScheduleMode.Forward, DispatchRule.CustomerPriority));
        ScheduleAssert.Valid(problem, r);
        var late = Assert.Single(r.LateOrders);
        Assert.Equal("Urgent", late.OrderId);
        Assert.Equal("Weld", late.BottleneckWorkstationId);
        Assert.Contains(late.CriticalChain, s => s.Cause == DelayCause.Workstation && s.BlockingOperationId == "big-weld");
        var weld = r.Utilisation.Single(u => u.WorkstationId == "Weld");
        Assert.Equal(350, weld.BusyMinutes);
    }

    [Fact]
    public void Invalid_input_names_the_field()
    {
        var problem = Problem([Ws("A")], [new("O1", 100)], [Op("a", "O1", "Nope", 10)]);
        var ex = Assert.Throws<SchedulingInputException>(() => Scheduler.Plan(problem));
        Assert.Equal("operations[0].workstationId", ex.Field);
        var cyclic = Problem([Ws("A")], [new("O1", 100)], [Op("a", "O1", "A", 10, "b"), Op("b", "O1", "A", 10, "a")]);
        Assert.Contains("cycle", Assert.Throws<SchedulingInputException>(() => Scheduler.Plan(cyclic)).Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Every_mode_returns_valid_schedules_on_random_plants(int seed)
    {
        var problem = ProblemFactory.Random(seed, orders: 40, workstations: 6);
        foreach (var rule in Enum.GetValues<DispatchRule>())
        {
            ScheduleAssert.Valid(problem, Scheduler.Plan(problem, new ScheduleOptions(ScheduleMode.Forward, rule)));
        }

        ScheduleAssert.Valid(problem, Scheduler.Plan(problem, new ScheduleOptions(ScheduleMode.Backward)));
        var optimised = Scheduler.Optimise(problem, new OptimiseOptions(seed, MaxIterations: 60));
        ScheduleAssert.Valid(problem, optimised);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    public void Random_plants_with_pinned_and_in_progress_operations_never_violate_silently(int seed)
    {
        var problem = ProblemFactory.Random(seed, orders: 50, workstations: 6, withFixed: true);
        Assert.Contains(problem.Operations, o => o.Fix is not null);
        var results = Enum.GetValues<DispatchRule>().Select(rule => Scheduler.Plan(problem, new ScheduleOptions(ScheduleMode.Forward, rule)))
            .Append(Scheduler.Plan(problem, new ScheduleOptions(ScheduleMode.Backward)))
            .Append(Scheduler.Optimise(problem, new OptimiseOptions(seed, MaxIterations: 40)))
            .ToList();
        foreach (var r in results)
        {
            ScheduleAssert.ValidExceptReported(problem, r);
            // Only fixed operations may be in conflicts; every other operation is fully valid.
            var fixedIds = problem.Operations.Where(o => o.Fix is not null).Select(o => o.Id).ToHashSet();
            Assert.All(r.Conflicts, c => Assert.Contains(c.OperationIds, fixedIds.Contains));
        }

        var plan = results[0];
        var movable = plan.Assignments.First(a => problem.Operations.Single(o => o.Id == a.OperationId).Fix is null
            && problem.Operations.Single(o => o.Id == a.OperationId).Predecessors.Count == 0);
        var repair = Scheduler.Repair(problem, plan, movable.OperationId, movable.Start + 240);
        Assert.True(repair.Applied);
        ScheduleAssert.ValidExceptReported(repair.Problem, repair.Schedule);
    }

    [Fact]
    public void Optimiser_does_not_lose_against_the_rules_and_reduces_tardiness()
    {
        var problem = ProblemFactory.Random(11, orders: 60, workstations: 5);
        var rules = Enum.GetValues<DispatchRule>().Select(rule => Scheduler.Plan(problem, new ScheduleOptions(ScheduleMode.Forward, rule)).Objective).Min();
        var progress = new List<ScheduleProgress>();
        var r = Scheduler.Optimise(problem, new OptimiseOptions(3, MaxIterations: 300), new SyncProgress<ScheduleProgress>(progress.Add));
        ScheduleAssert.Valid(problem, r);
        Assert.True(r.Objective <= rules);
        Assert.True(rules.WeightedTardiness > 0, "test data should have late orders");
        Assert.True(r.Objective.WeightedTardiness < rules.WeightedTardiness, $"{r.Objective} vs {rules}");
        Assert.Equal(r.Objective, progress[^1].Best);
    }

    [Fact]
    public void Optimiser_cancellation_returns_the_best_so_far()
    {
        var problem = ProblemFactory.Random(12, orders: 60, workstations: 5);
        using var cts = new CancellationTokenSource();
        var reports = 0;
        ScheduleObjective? lastReported = null;
        var r = Scheduler.Optimise(problem, new OptimiseOptions(5), new SyncProgress<ScheduleProgress>(p =>
        {
            lastReported = p.Best;
            if (++reports == 3) cts.Cancel();
        }), cts.Token);
        ScheduleAssert.Valid(problem, r);
        Assert.True(cts.IsCancellationRequested);
        Assert.Equal(lastReported, r.Objective);
    }

    [Fact]
    public void Repair_moves_only_what_must_move()
    {
        var problem = Problem([Ws("A"), Ws("B"), Ws("C")], [new("O1", 1000), new("O2", 1000), new("O3", 1000)],
        [
            Op("1a", "O1", "A", 10), Op("1b", "O1", "B", 10, "1a"),
            Op("2a", "O2", "A", 10), Op("2b", "O2", "B", 10, "2a"),
            Op("3c", "O3", "C", 10),
        ]);
        var before = Scheduler.Plan(problem);
        ScheduleAssert.Valid(problem, before);
        var repair = Scheduler.Repair(problem, before, "1a", 100);
        Assert.True(repair.Applied);
        ScheduleAssert.Valid(repair.Problem, repair.Schedule);
        var after = repair.Schedule;
        Assert.Equal(100, after["1a"].Start);
        Assert.Equal(110, after["1b"].Start); // pushed by its predecessor
        Assert.Equal(before["3c"], after["3c"]); // unrelated: untouched
        Assert.Equal(before["2a"].Start, after["2a"].Start); // not pulled earlier either (stability)
        Assert.Equal(before["2b"], after["2b"]); // B is free: 1b goes after it, 2b stays
        Assert.Equal(new[] { "1a", "1b" }, repair.MovedOperationIds.Order());
        Assert.Equal(FixKind.Pinned, repair.Problem.Operations.Single(o => o.Id == "1a").Fix!.Kind);
    }

    [Fact]
    public void Repair_pushes_the_queue_behind_the_moved_operation()
    {
        var problem = Problem([Ws("A")], [new("O1", 1000), new("O2", 1000), new("O3", 1000)],
            [Op("x", "O1", "A", 10), Op("y", "O2", "A", 10), Op("z", "O3", "A", 10)]);
        var before = Scheduler.Plan(problem);
        var repair = Scheduler.Repair(problem, before, "z", 10);
        ScheduleAssert.Valid(repair.Problem, repair.Schedule);
        Assert.Equal(10, repair.Schedule["z"].Start);
        Assert.Equal(20, repair.Schedule["y"].Start); // y was at 10, overlapping: pushed after z
        Assert.Equal(0, repair.Schedule["x"].Start);
        Assert.Equal(new[] { "y", "z" }, repair.MovedOperationIds.Order());
    }

    [Fact]
    public void Repair_refuses_a_pinned_move_before_the_operations_own_predecessor()
    {
        var problem = Problem([Ws("A")], [new("O1", 1000)], [Op("a", "O1", "A", 10), Op("b", "O1", "A", 10, "a")]);
        var before = Scheduler.Plan(problem);
        var repair = Scheduler.Repair(problem, before, "b", 0);
        Assert.False(repair.Applied);
        Assert.Contains(repair.Schedule.Conflicts, c => c.Kind == ConflictKind.MoveContradictsRouting && c.OperationIds.Contains("a"));
        Assert.Same(problem, repair.Problem);
    }

    [Fact]
    public void Repair_on_a_random_plant_stays_valid()
    {
        var problem = ProblemFactory.Random(21, orders: 80, workstations: 8);
        var before = Scheduler.Plan(problem);
        var target = before.Assignments[before.Assignments.Count / 2];
        var repair = Scheduler.Repair(problem, before, target.OperationId, target.Start + 600, pin: false);
        Assert.True(repair.Applied);
        ScheduleAssert.Valid(repair.Problem, repair.Schedule);
        Assert.Contains(target.OperationId, repair.MovedOperationIds);
        Assert.True(repair.MovedOperationIds.Count < problem.Operations.Count / 2);
    }
}

internal sealed class SyncProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
