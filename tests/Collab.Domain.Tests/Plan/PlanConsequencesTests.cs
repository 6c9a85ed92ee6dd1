using System.Text.Json;
using System.Text.Json.Serialization;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Plan;
using Collab.Contracts.Sites;
using Collab.Contracts.Workstations;
using Collab.Domain.Demo;
using Collab.Domain.Plan;
using Collab.Planning.Mrp;

namespace Collab.Domain.Tests.Plan;

/// <summary>
/// Issue #17: <see cref="PlanConsequences.Of"/> pegs all receipts in one pass and prints by a direct hash. It must
/// tell every order and workstation exactly what the earlier computation told (kept below as <see cref="Before"/>: the
/// per-receipt pegging and the JSON prints), and its prints must change exactly when the JSON prints change.
/// </summary>
public sealed class PlanConsequencesTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    [Fact]
    public void Consequences_and_print_changes_equal_the_per_receipt_computation_over_a_sequence_of_runs()
    {
        var plant = LargePlantGenerator.Generate(Today, new LargePlantOptions(Items: 600, Levels: 6, Workstations: 15, ManufacturingOrders: 120, PurchaseOrders: 240, CustomerOrders: 300, Seed: 5));
        var orders = Orders(plant);
        var data = plant.Data;
        PlanInputs Inputs() => new() { RunId = "r", Today = Today, Settings = SiteSettings.Default, Data = data, Orders = [.. orders] };
        int Find(ObjectKind kind, int nth) => orders.Select((o, k) => (o, k)).Where(x => x.o.Ref.Kind == kind).Skip(nth).First().k;

        var edits = new List<(string What, Action Edit)>
        {
            ("nothing", () => { }),
            ("PO date later", () => { var k = Find(ObjectKind.PurchaseOrder, 0); orders[k] = WithLine(orders[k], l => l with { Date = l.Date.AddDays(21) }); }),
            ("MO quantity", () => { var k = Find(ObjectKind.ManufacturingOrder, 1); orders[k] = WithLine(orders[k], l => l with { OpenQty = l.OpenQty + 40 }); }),
            ("PO date earlier", () => { var k = Find(ObjectKind.PurchaseOrder, 5); orders[k] = WithLine(orders[k], l => l with { Date = l.Date.AddDays(-14) }); }),
            ("CO quantity", () => { var k = Find(ObjectKind.CustomerOrder, 2); orders[k] = WithLine(orders[k], l => l with { OpenQty = l.OpenQty * 3 }); }),
            ("stock", () => data = data with { Stock = [.. data.Stock.Select((s, n) => n < 5 ? s with { OnHand = s.OnHand + 500 } : s)] }),
            ("MO closed", () => orders.RemoveAt(Find(ObjectKind.ManufacturingOrder, 3))),
        };

        PlanComputation? carried = null;
        IReadOnlyList<PlanConsequence>? last = null;
        var (pegged, rescheduledIn, printsChanged) = (0, 0, 0);
        foreach (var (what, edit) in edits)
        {
            edit();
            var run = new PlanComputation(Inputs(), carried, keepSession: true);
            var now = PlanConsequences.Of(run, "r");
            var before = Before.Of(new PlanComputation(Inputs()), "r");
            Assert.Equal(before.Select(c => c.Key), now.Select(c => c.Key));
            for (var k = 0; k < now.Count; k++)
            {
                Assert.True(JsonSerializer.Serialize(before[k].Feedback, Json) == Feedback(now[k]), $"{what}: {now[k].Key}");
                Assert.Equal(before[k].Print, PlanConsequences.JsonPrint(now[k]));
            }

            if (last is not null)
            {
                var oldJson = Before.Last!.ToDictionary(c => c.Key, c => c.Print);
                var old = last.ToDictionary(c => c.Key, c => c.Print);
                for (var k = 0; k < now.Count; k++)
                {
                    if (old.TryGetValue(now[k].Key, out var print))
                    {
                        var changed = print != now[k].Print;
                        Assert.True(oldJson[now[k].Key] != before[k].Print == changed, $"{what}: print change of {now[k].Key}");
                        printsChanged += changed ? 1 : 0;
                    }
                }
            }

            pegged += now.Count(c => c.OrderFeedback is { PeggedCustomerOrders.Count: > 1 } && c.Order!.Kind != ObjectKind.CustomerOrder);
            rescheduledIn += run.Mrp.Exceptions.Count(e => e.Type == MrpExceptionType.RescheduleIn);
            Before.Last = before;
            last = now;
            carried = run;
        }

        // The plant exercises what changed: multi-level pegging, bring-in receipts, prints that change.
        Assert.True(pegged > 100, $"only {pegged} receipts pegged to several customer orders");
        Assert.True(rescheduledIn > 0, "no RESCHEDULE_IN");
        Assert.True(printsChanged > 0, "no print changed");
        Assert.True(last!.Count(c => c.Load is { } l && l.Weeks.Any(w => w.Load > 0)) > 5, "workstations without load");
    }

    [Fact]
    public void A_net_change_tells_only_the_workstations_whose_weekly_figures_changed()
    {
        // Planned orders are numbered anew by each run ("PL-12"): one more renumbers those after it, so workstations
        // told which orders make their load were all told again. Told their weekly figures only, the few whose load
        // moved are (issue #17); the orders and the queue come from the run (PlanGrain.GetWorkstationLoadAsync).
        var plant = LargePlantGenerator.Generate(Today, new LargePlantOptions(Items: 600, Levels: 6, Workstations: 15, ManufacturingOrders: 120, PurchaseOrders: 240, CustomerOrders: 300, Seed: 5));
        var baseline = Orders(plant);
        var workstations = plant.Data.Workstations.Select(w => w.Code).ToList();
        static IEnumerable<(DateOnly, double, double)> Figures(WorkstationLoadRow? r) => r!.Weeks.Select(w => (w.WeekStart, w.Available, w.Load));
        var first = new PlanComputation(new PlanInputs { RunId = "r", Today = Today, Settings = SiteSettings.Default, Data = plant.Data, Orders = baseline }, null, keepSession: false);
        var told = PlanConsequences.Of(first, "r1").Where(c => c.Load is not null).ToDictionary(c => c.Key, c => c.Print);
        PlanComputation? second = null;
        var (edits, spared) = (0, 0);

        // Each of 20 POs a week later, each of 20 MOs 40 more (one edit at a time): the workstations told are exactly
        // those whose weekly figures moved; edits renumber planned orders on workstations whose figures did not move.
        var candidates = baseline.Select((o, n) => (o, n)).Where(x => x.o.Ref.Kind == ObjectKind.PurchaseOrder).Take(20)
            .Concat(baseline.Select((o, n) => (o, n)).Where(x => x.o.Ref.Kind == ObjectKind.ManufacturingOrder).Take(20));
        foreach (var (o, k) in candidates)
        {
            var orders = baseline.ToList();
            orders[k] = o.Ref.Kind == ObjectKind.PurchaseOrder ? WithLine(o, l => l with { Date = l.Date.AddDays(7) }) : WithLine(o, l => l with { OpenQty = l.OpenQty + 40 });
            second = new PlanComputation(new PlanInputs { RunId = "r", Today = Today, Settings = SiteSettings.Default, Data = plant.Data, Orders = orders }, null, keepSession: false);
            var changed = PlanConsequences.Changed(PlanConsequences.Of(second, "r2"), told).Where(c => c.Load is not null).Select(c => c.Workstation!).Order().ToList();
            var figuresMoved = workstations.Where(w => !Figures(first.LoadRow(w)).SequenceEqual(Figures(second.LoadRow(w)))).Order().ToList();
            var detailMoved = workstations.Count(w => JsonSerializer.Serialize(first.LoadRow(w)) != JsonSerializer.Serialize(second.LoadRow(w))
                || JsonSerializer.Serialize(first.Queue(w)) != JsonSerializer.Serialize(second.Queue(w)));
            Assert.Equal(figuresMoved, changed);
            edits += changed.Count > 0 ? 1 : 0;
            spared += detailMoved - changed.Count;
        }

        Assert.True(edits > 0, "no edit moved a workstation's load");
        Assert.True(spared > 0, "no workstation spared: no edit renumbered planned orders where the load stayed");
        Assert.All(PlanConsequences.Of(second!, "r2").Where(c => c.Load is not null), c => Assert.True(c.Load!.Queue.Count == 0 && c.Load.Weeks.All(w => w.Orders.Count == 0)));

        // The run still holds each workstation's orders and queue, with the same hours as the figures told.
        var row = second!.LoadRow(workstations[0])!;
        Assert.All(row.Weeks, w => Assert.True(Math.Abs(w.Load - w.Orders.Sum(o => o.Hours)) <= 0.005 * (w.Orders.Count + 1), $"{w.WeekStart}: {w.Load} h"));
        Assert.Null(second.LoadRow("NO-SUCH-WS"));
        Assert.Equal(second.LoadRows().Select(r => JsonSerializer.Serialize(r)), workstations.Select(w => JsonSerializer.Serialize(second.LoadRow(w))));
    }

    [Fact]
    public void The_prints_of_an_earlier_version_are_compared_with_the_json_print()
    {
        var feedback = new OrderPlanFeedback("r", Today, [], ["CC-1"], []);
        var c = new PlanConsequence("CO:CC-1", new ObjectRef(ObjectKind.CustomerOrder, "CC-1"), null, feedback, null);
        var json = PlanConsequences.JsonPrint(c);
        Assert.NotEqual(json, c.Print);
        Assert.Empty(PlanConsequences.Changed([c], new Dictionary<string, ulong> { ["CO:CC-1"] = json }, toldVersion: 0));
        Assert.Single(PlanConsequences.Changed([c], new Dictionary<string, ulong> { ["CO:CC-1"] = json }));
        Assert.Empty(PlanConsequences.Changed([c], new Dictionary<string, ulong> { ["CO:CC-1"] = c.Print }));
        Assert.Single(PlanConsequences.Changed([c], new Dictionary<string, ulong> { ["CO:CC-1"] = c.Print }, toldVersion: 0));
    }

    [Fact]
    public void Every_field_of_an_order_feedback_changes_its_print_and_the_run_id_does_not()
    {
        var ex = new PlanExceptionView(MrpExceptionType.RescheduleIn, "A", "OF-1", Today, Today.AddDays(7), 10, "F", "B", 2, ["C"]);
        var op = new ScheduledOperation(10, "WS", Today, Today.AddDays(1), 1.5);
        var f = new OrderPlanFeedback("r", Today, [ex], ["CC-1", "CC-2"], [op]);
        var variants = new List<OrderPlanFeedback>
        {
            f with { NeededDate = null }, f with { NeededDate = Today.AddDays(1) }, f with { Exceptions = [] }, f with { PeggedCustomerOrders = ["CC-1"] },
            f with { PeggedCustomerOrders = ["CC-1", "CC-3"] }, f with { PeggedCustomerOrders = ["CC-1CC-2"] }, f with { Operations = [] },
            f with { Exceptions = [ex with { Type = MrpExceptionType.RescheduleOut }] }, f with { Exceptions = [ex with { Item = "A2" }] },
            f with { Exceptions = [ex with { Order = null }] }, f with { Exceptions = [ex with { From = null }] }, f with { Exceptions = [ex with { To = Today }] },
            f with { Exceptions = [ex with { Qty = 10.000001 }] }, f with { Exceptions = [ex with { Family = "" }] }, f with { Exceptions = [ex with { Buyer = null }] },
            f with { Exceptions = [ex with { DelayWeeks = null }] }, f with { Exceptions = [ex with { DelayWeeks = 3 }] }, f with { Exceptions = [ex with { Causes = null }] },
            f with { Exceptions = [ex with { Causes = [] }] }, f with { Exceptions = [ex with { Causes = ["D"] }] }, f with { Exceptions = [ex, ex] },
            f with { Operations = [op with { Sequence = 20 }] }, f with { Operations = [op with { Workstation = "WS2" }] }, f with { Operations = [op with { Start = Today.AddDays(-1) }] },
            f with { Operations = [op with { End = Today }] }, f with { Operations = [op with { Hours = 1.25 }] },
        };
        var prints = variants.Select(PlanPrint.Of).Append(PlanPrint.Of(f)).ToList();
        Assert.Equal(prints.Count, prints.Distinct().Count());
        Assert.Equal(PlanPrint.Of(f), PlanPrint.Of(f with { RunId = "other", PeggedCustomerOrders = ["CC-1", "CC-2"] }));
    }

    [Fact]
    public void Every_field_of_a_workstation_feedback_changes_its_print()
    {
        var oh = new OrderHours("PL-1", "A", true, 2.5);
        var week = new WeekLoad(Today, 40, 2.5, [oh]);
        var q = new QueueEntry("PL-1", "A", 10, Today, Today.AddDays(1), 2.5, true);
        var f = new WorkstationLoadFeedback("r", [week], [q]);
        var variants = new List<WorkstationLoadFeedback>
        {
            f with { Weeks = [] }, f with { Queue = [] }, f with { Weeks = [week with { WeekStart = Today.AddDays(7) }] }, f with { Weeks = [week with { Available = 39 }] },
            f with { Weeks = [week with { Load = 2.6 }] }, f with { Weeks = [week with { Orders = [] }] }, f with { Weeks = [week with { Orders = [oh with { Order = "PL-2" }] }] },
            f with { Weeks = [week with { Orders = [oh with { Item = "B" }] }] }, f with { Weeks = [week with { Orders = [oh with { Planned = false }] }] },
            f with { Weeks = [week with { Orders = [oh with { Hours = 2 }] }] }, f with { Queue = [q with { Order = "OF-1" }] }, f with { Queue = [q with { Item = "B" }] },
            f with { Queue = [q with { Sequence = 20 }] }, f with { Queue = [q with { Start = Today.AddDays(-1) }] }, f with { Queue = [q with { End = Today }] },
            f with { Queue = [q with { Hours = 3 }] }, f with { Queue = [q with { Planned = false }] }, f with { Queue = [q, q] },
        };
        var prints = variants.Select(PlanPrint.Of).Append(PlanPrint.Of(f)).ToList();
        Assert.Equal(prints.Count, prints.Distinct().Count());
        Assert.Equal(PlanPrint.Of(f), PlanPrint.Of(f with { RunId = "other" }));
    }

    /// <summary>The records <see cref="PlanPrint"/> hashes field by field: a new field must be added to it (and here).</summary>
    [Theory]
    [InlineData(typeof(OrderPlanFeedback), "RunId NeededDate Exceptions PeggedCustomerOrders Operations")]
    [InlineData(typeof(PlanExceptionView), "Type Item Order From To Qty Family Buyer DelayWeeks Causes Code")]
    [InlineData(typeof(ScheduledOperation), "Sequence Workstation Start End Hours")]
    [InlineData(typeof(WorkstationLoadFeedback), "RunId Weeks Queue")]
    [InlineData(typeof(WeekLoad), "WeekStart Available Load Orders Utilisation Overloaded")]
    [InlineData(typeof(OrderHours), "Order Item Planned Hours")]
    [InlineData(typeof(QueueEntry), "Order Item Sequence Start End Hours Planned")]
    public void The_printed_records_have_the_fields_the_print_covers(Type type, string fields) =>
        Assert.Equal(fields.Split(' ').Order(), type.GetProperties().Where(p => p.Name != "EqualityContract").Select(p => p.Name).Order());

    private static string Feedback(PlanConsequence c) => c.OrderFeedback is { } o ? JsonSerializer.Serialize(o, Json) : JsonSerializer.Serialize(c.Load, Json);

    private static List<OrderSummary> Orders(GeneratedPlant plant) => plant.OpenOrderSummaries();

    private static OrderSummary WithLine(OrderSummary o, Func<OrderLineSummary, OrderLineSummary> change) =>
        o with { Lines = [change(o.Lines[0]), .. o.Lines.Skip(1)] };

    /// <summary>The consequences as computed before issue #17's change (per-receipt pegging, JSON prints), verbatim.</summary>
    private static class Before
    {
        public static IReadOnlyList<(string Key, object Feedback, ulong Print)>? Last { get; set; }

        public static IReadOnlyList<(string Key, object Feedback, ulong Print)> Of(PlanComputation run, string runId)
        {
            var exceptionsByOrder = run.Exceptions.Where(e => e.Order is not null).ToLookup(e => e.Order!);
            var receipts = run.Input.ScheduledReceipts;
            var receiptIndex = Enumerable.Range(0, receipts.Count).Where(i => receipts[i].Id is not null)
                .ToLookup(i => PlanComputation.OrderOf(receipts[i].Id!));
            var placements = run.Capacity.Placements.ToLookup(p => p.Order);
            var list = new List<(string, object, ulong)>();
            foreach (var o in run.Snapshot.Orders)
            {
                var ex = exceptionsByOrder[o.Number].ToList();
                DateOnly? needed = null;
                var pegged = new List<string>();
                foreach (var i in receiptIndex[o.Number])
                {
                    pegged.AddRange(run.CustomerOrdersDependingOn(i));
                }

                foreach (var e in ex.Where(e => e.Type is MrpExceptionType.RescheduleIn or MrpExceptionType.RescheduleOut && e.To is not null))
                {
                    needed = needed is null || e.To < needed ? e.To : needed;
                }

                var feedback = new OrderPlanFeedback(runId, needed, ex, [.. pegged.Distinct().Order(StringComparer.Ordinal)],
                    [.. placements[o.Number].Select(p => new ScheduledOperation(p.Sequence, p.Workstation, p.Start, p.End, Math.Round(p.Hours, 2)))]);
                if (o.Ref.Kind == ObjectKind.CustomerOrder)
                {
                    feedback = feedback with { NeededDate = run.ExpectedAvailability(o) };
                }

                var prefix = o.Ref.Kind switch { ObjectKind.ManufacturingOrder => "MO", ObjectKind.PurchaseOrder => "PO", _ => "CO" };
                list.Add(($"{prefix}:{o.Number}", feedback, PlanConsequences.Fingerprint(feedback with { RunId = "" })));
            }

            // A workstation is told its weekly figures only: the orders making them and its queue are read from the run.
            foreach (var row in run.LoadRows())
            {
                var load = new WorkstationLoadFeedback(runId, [.. row.Weeks.Select(w => w with { Orders = [] })], []);
                list.Add(($"WS:{row.Workstation}", load, PlanConsequences.Fingerprint(load with { RunId = "" })));
            }

            return list;
        }
    }
}
