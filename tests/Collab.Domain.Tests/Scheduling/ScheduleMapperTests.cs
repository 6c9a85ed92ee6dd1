using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Sites;
using Collab.Contracts.Scheduling;
using Collab.Domain.Scheduling;
using Collab.Planning.Scheduling;

namespace Collab.Domain.Tests.Scheduling;

/// <summary>The pure translation of MOs, calendars and supply into the engine problem.</summary>
public sealed class ScheduleMapperTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 10, 0, 0); // a Wednesday

    private static MoOperation Op(int seq, string ws, double hours, bool done = false, double actual = 0) =>
        new(seq, ws, $"Op {seq}", hours, null, null, done ? 5 : 0, 0, actual, done);

    private static ManufacturingOrderView Mo(string number, DateOnly due, IReadOnlyList<MoOperation> ops, IReadOnlyList<MaterialLine>? materials = null,
        ManufacturingOrderStatus status = ManufacturingOrderStatus.Released, IReadOnlyList<string>? pegged = null, IReadOnlyList<ProgressEntry>? progress = null) =>
        new(number, "S", "ITEM", 5, due.AddDays(-10), due, status, ops, materials ?? [], progress ?? [], pegged ?? [], [], null, 1, "u", null);

    private static OrderSummary Summary(ObjectKind kind, string number, string item, double qty, DateOnly date, bool firm = true) =>
        new(new ObjectRef(kind, number), "P", "Open", false, [new OrderLineSummary(1, item, qty, date)], date, null, null, firm, 1, 0, 0, new OtdFigures(0, 0), 1, null, null);

    [Fact]
    public void Calendar_has_each_days_hours_from_six_and_skips_weekends_and_closures()
    {
        var ws = new WorkstationData("A", "A", [16, 8, 24, 8, 8, 0, 0], 1, 1, [new DateOnly(2026, 11, 26)]);
        var origin = new DateTime(2026, 11, 23); // Monday

        var cal = ScheduleMapper.Calendar(ws, origin, origin.AddDays(7));

        Assert.Equal(
            [new TimeInterval(360, 360 + 960), new TimeInterval(1440 + 360, 1440 + 840), new TimeInterval(2 * 1440, 3 * 1440), new TimeInterval(4 * 1440 + 360, 4 * 1440 + 840)],
            cal.Intervals);
    }

    [Fact]
    public void Operations_follow_the_routing_done_ones_are_left_out_started_ones_are_in_progress_and_pins_apply()
    {
        var started = new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
        var mo = Mo("OF-1", new DateOnly(2026, 12, 4), [Op(10, "A", 2, done: true), Op(20, "B", 4, actual: 1), Op(30, "A", 3), Op(40, "C", 1)],
            progress: [new ProgressEntry(started, "atelier", new ProgressDeclaration(20, 1, 0, 1, false))]);
        var ws = new List<WorkstationData> { new("A", "A", WorkstationData.Shifts(2), 2, 0.5, []), new("B", "B", WorkstationData.Shifts(1), 1, 1, []) };
        var pin = new SchedulePin("OF-1/30", new DateTime(2026, 11, 27, 8, 0, 0), 1);

        var m = ScheduleMapper.Build(new ScheduleInputs(Now, TimeZoneInfo.Utc, [mo], ws, [], [], [pin]));

        var ops = m.Problem.Operations;
        Assert.Equal(["OF-1/20", "OF-1/30", "OF-1/40"], ops.Select(o => o.Id));
        Assert.Equal(FixKind.InProgress, ops[0].Fix!.Kind);
        Assert.Equal(m.ToMinutes(started.UtcDateTime), ops[0].Fix!.Start);
        Assert.Equal(3 * 60, ops[0].Duration); // 4 h planned − 1 h done
        Assert.Equal(6 * 60, ops[1].Duration); // 3 h at 50 % efficiency
        Assert.Equal([new Precedence("OF-1/20")], ops[1].Predecessors);
        Assert.Equal(new OperationFix(FixKind.Pinned, m.ToMinutes(pin.Start), 1), ops[1].Fix);
        // C is unknown to the master data: one machine, one shift
        Assert.Equal(1, m.Problem.Workstations.Single(w => w.Id == "C").MachineCount);
        Assert.Equal(2, m.Problem.Workstations.Single(w => w.Id == "A").MachineCount);
        Assert.Equal(m.ToMinutes(Now), m.Problem.Now);
        Assert.Equal(m.ToMinutes(new DateTime(2026, 12, 5)), m.Problem.Orders.Single().Due);
        Assert.Empty(ScheduleValidator.Validate(m.Problem, Scheduler.Plan(m.Problem), excuseReportedConflicts: true));
    }

    [Fact]
    public void Material_release_takes_stock_then_receipts_in_due_date_order_and_pegged_orders_tighten_the_due_date()
    {
        var early = Mo("OF-1", new DateOnly(2026, 12, 1), [Op(10, "A", 1)], [new MaterialLine("RAW", 8)], pegged: ["CC-1"]);
        var late = Mo("OF-2", new DateOnly(2026, 12, 10), [Op(10, "A", 1)], [new MaterialLine("RAW", 8)]);
        var uncovered = Mo("OF-3", new DateOnly(2026, 12, 20), [Op(10, "A", 1)], [new MaterialLine("RAW", 100)]);
        var open = new List<OrderSummary>
        {
            Summary(ObjectKind.PurchaseOrder, "OA-1", "RAW", 10, new DateOnly(2026, 12, 3)),
            Summary(ObjectKind.CustomerOrder, "CC-1", "ITEM", 5, new DateOnly(2026, 11, 28)),
        };
        var inputs = new ScheduleInputs(Now, TimeZoneInfo.Utc, [late, uncovered, early], [new("A", "A", WorkstationData.Shifts(1), 1, 1, [])],
            [new StockData("RAW", 10, 0)], open, []);

        var release = ScheduleMapper.MaterialRelease(inputs, inputs.ManufacturingOrders);
        var m = ScheduleMapper.Build(inputs);

        Assert.Equal(Now.Date, release["OF-1"]); // 8 of the 10 in stock
        Assert.Equal(new DateTime(2026, 12, 3), release["OF-2"]); // 2 left in stock + 6 of the PO
        Assert.Equal(Now.Date, release["OF-3"]); // nothing covers it: MRP's business, not a hold
        var orders = m.Problem.Orders.ToDictionary(o => o.Id);
        Assert.Null(orders["OF-1"].Release);
        Assert.Equal(m.ToMinutes(new DateTime(2026, 12, 3)), orders["OF-2"].Release);
        Assert.Equal(m.ToMinutes(new DateTime(2026, 11, 29)), orders["OF-1"].Due); // the customer's date, end of day
        Assert.Equal(2, orders["OF-1"].Weight);
        Assert.Equal(1, orders["OF-2"].Weight);
    }

    [Fact]
    public void The_engine_due_date_of_an_MO_is_its_need_date_not_an_earlier_lot_date()
    {
        // OF-1 due 1 Dec serves a customer promised on 9 Dec; OF-2 due 1 Dec the plan needs on 4 Dec (MRP "reculer");
        // OF-3 has neither: its own due date. Issue #18: MRP lot dates made MOs "late" that nothing needed yet.
        var due = new DateOnly(2026, 12, 1);
        var open = new List<OrderSummary>
        {
            Summary(ObjectKind.CustomerOrder, "CC-1", "ITEM", 5, new DateOnly(2026, 12, 9)),
            Summary(ObjectKind.ManufacturingOrder, "OF-2", "ITEM", 5, due) with { NeededDate = new DateOnly(2026, 12, 4) },
        };
        var inputs = new ScheduleInputs(Now, TimeZoneInfo.Utc, [Mo("OF-1", due, [Op(10, "A", 1)], pegged: ["CC-1"]), Mo("OF-2", due, [Op(10, "A", 1)]), Mo("OF-3", due, [Op(10, "A", 1)])],
            [new("A", "A", WorkstationData.Shifts(1), 1, 1, [])], [], open, []);

        var orders = ScheduleMapper.Build(inputs).Problem.Orders.ToDictionary(o => o.Id);
        var m = ScheduleMapper.Build(inputs);

        Assert.Equal(m.ToMinutes(new DateTime(2026, 12, 10)), orders["OF-1"].Due); // end of the promised day
        Assert.Equal(m.ToMinutes(new DateTime(2026, 12, 5)), orders["OF-2"].Due);  // end of the day the plan needs it
        Assert.Equal(m.ToMinutes(new DateTime(2026, 12, 2)), orders["OF-3"].Due);  // end of its due day
    }

    [Fact]
    public void A_sub_assembly_MO_precedes_its_parent_in_time_and_a_late_one_is_named_in_the_parents_reason()
    {
        // OF-C makes the SUB the parent OF-P consumes; 40 h on A (one 8 h shift a day) cannot be done by its due date.
        var child = Mo("OF-C", new DateOnly(2026, 11, 26), [Op(10, "A", 40)]);
        var parent = Mo("OF-P", new DateOnly(2026, 11, 30), [Op(10, "B", 2), Op(20, "B", 1)], [new MaterialLine("SUB", 5)]);
        var open = new List<OrderSummary> { Summary(ObjectKind.ManufacturingOrder, "OF-C", "SUB", 5, new DateOnly(2026, 11, 26)) };
        var ws = new List<WorkstationData> { new("A", "A", WorkstationData.Shifts(1), 1, 1, []), new("B", "B", WorkstationData.Shifts(1), 1, 1, []) };
        var inputs = new ScheduleInputs(Now, TimeZoneInfo.Utc, [parent, child], ws, [], open, []) { TransferMinutes = 90 };

        var supply = ScheduleMapper.Supply(inputs, inputs.ManufacturingOrders);
        var m = ScheduleMapper.Build(inputs);
        var result = Scheduler.Plan(m.Problem);

        Assert.Equal(["OF-C"], supply.SubAssemblies["OF-P"]);
        var first = m.Problem.Operations.Single(o => o.Id == "OF-P/10");
        Assert.Contains(new Precedence("OF-C/10", 1, 90), first.Predecessors);
        Assert.Null(m.Problem.Orders.Single(o => o.Id == "OF-P").Release); // not held by the child's due date
        Assert.True(result["OF-P/10"].SetupStart >= result["OF-C/10"].End + 90);
        Assert.Empty(ScheduleValidator.Validate(m.Problem, result));
        var why = result.LateOrders.Single(l => l.OrderId == "OF-P");
        Assert.Equal("OF-C", why.SubAssembly!.OrderId);
        Assert.True(why.SubAssembly.Lateness > 0);
        var reason = ScheduleMapper.Reason(why);
        Assert.Equal("OF-C", reason.SubAssemblyOrder);
        Assert.Equal("A", reason.SubAssemblyBottleneck);
        Assert.True(reason.SubAssemblyLatenessHours > 0);
    }

    [Fact]
    public void A_sub_assembly_with_nothing_left_to_do_is_stock_on_its_date_not_a_link()
    {
        var child = Mo("OF-C", new DateOnly(2026, 11, 27), [Op(10, "A", 4, done: true)]);
        var parent = Mo("OF-P", new DateOnly(2026, 12, 4), [Op(10, "B", 2)], [new MaterialLine("SUB", 5)]);
        var open = new List<OrderSummary> { Summary(ObjectKind.ManufacturingOrder, "OF-C", "SUB", 5, new DateOnly(2026, 11, 27)) };
        var ws = new List<WorkstationData> { new("A", "A", WorkstationData.Shifts(1), 1, 1, []), new("B", "B", WorkstationData.Shifts(1), 1, 1, []) };

        var m = ScheduleMapper.Build(new ScheduleInputs(Now, TimeZoneInfo.Utc, [parent, child], ws, [], open, []));

        Assert.Empty(m.Problem.Operations.Single(o => o.Id == "OF-P/10").Predecessors);
        Assert.Equal(m.ToMinutes(new DateTime(2026, 11, 27)), m.Problem.Orders.Single(o => o.Id == "OF-P").Release);
    }
}
