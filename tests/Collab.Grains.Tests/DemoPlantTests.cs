using System.Text.Json;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Plan;
using Collab.Contracts.Sites;
using Collab.Contracts.Workstations;
using Collab.Grains.Demo;
using Collab.Grains.Tests.Infrastructure;

namespace Collab.Grains.Tests;

[Collection("cluster")]
public sealed class DemoPlantTests(ClusterFixture fixture)
{
    private DateOnly Today => DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);

    [Fact]
    public void Master_data_is_deterministic_and_has_the_advertised_shape()
    {
        var a = DemoPlant.BuildMasterData(Today);
        var b = DemoPlant.BuildMasterData(Today);

        Assert.Equal(JsonSerializer.Serialize(a), JsonSerializer.Serialize(b));
        Assert.Equal(150, a.Items.Count);
        Assert.Equal(12, a.Workstations.Count);
        Assert.Equal(40, a.Customers.Count);
        Assert.Equal(15, a.Suppliers.Count);
        Assert.Equal(3, a.Items.Where(i => i.Family != "").Select(i => i.Family).Distinct().Count());
        Assert.InRange(a.Forecasts.Select(f => (f.PeriodStart.Year, f.PeriodStart.Month)).Distinct().Count(), 12, 13); // weekly over 12 months
        Assert.Equal([1.0, 2, 3], a.Workstations.Select(w => w.HoursByDay[0] / 8).Distinct().Order());
        // 4 BOM levels: finished good → sub-assembly → machined part → purchased material
        var parents = a.Bom.ToLookup(l => l.Parent, l => l.Component);
        int Depth(string item) => parents[item].Any() ? 1 + parents[item].Max(Depth) : 1;
        Assert.Equal(4, a.Items.Max(i => Depth(i.Code)));
    }

    [Fact]
    public async Task Seeded_demo_looks_alive_and_plan_run_pushes_consequences()
    {
        var grains = fixture.Grains;
        Assert.True(await DemoPlant.SeedAsync(grains, Today));
        Assert.False(await DemoPlant.SeedAsync(grains, Today)); // idempotent

        var registry = grains.GetGrain<IOrderRegistryGrain>(DemoPlant.Site);
        var open = await registry.QueryAsync(new OrderQuery());
        Assert.InRange(open.Count(o => o.Ref.Kind == ObjectKind.ManufacturingOrder), 60, 100);
        Assert.InRange(open.Count(o => o.Ref.Kind == ObjectKind.PurchaseOrder), 25, 60);
        Assert.Contains(open, o => o.Ref.Kind == ObjectKind.CustomerOrder && !o.Firm && o.Probability < 1);
        // a few late customer orders, a supplier already late
        Assert.InRange(open.Count(o => o.Ref.Kind == ObjectKind.CustomerOrder && o.IsLate(Today)), 3, 6);
        Assert.Contains(open, o => o.Ref.Kind == ObjectKind.PurchaseOrder && o.Party == DemoPlant.LateSupplier && o.DueDate < Today);
        // OTD history exists and is imperfect
        var shipped = await registry.QueryAsync(new OrderQuery(ObjectKind.CustomerOrder, OpenOnly: false));
        var otd = shipped.Aggregate(new OtdFigures(0, 0), (s, o) => s + o.Otd);
        Assert.Equal(20, otd.DeliveredLines);
        Assert.Equal(16, otd.OnTimeLines);
        // overdue actions
        var overdue = await grains.GetGrain<IActionIndexGrain>(DemoPlant.Site).QueryAsync(new ActionQuery(OverdueOn: Today));
        Assert.True(overdue.Count >= 4);

        // the first plan run pushed loads: the test bench is overloaded, others have load too
        var bench = (await grains.GetGrain<IWorkstationGrain>(WorkstationKey.Of(DemoPlant.Site, DemoPlant.OverloadedWorkstation)).GetAsync())!;
        Assert.Contains(bench.Weeks.Take(4), w => w.Overloaded);
        var plan = grains.GetGrain<IPlanGrain>(PlanKey.Of(DemoPlant.Site));
        Assert.NotEmpty((await plan.GetWorkstationLoadAsync(DemoPlant.OverloadedWorkstation))!.Queue);
        var summary = (await plan.GetSummaryAsync())!;
        Assert.True(summary.Exceptions > 0);
        Assert.True(summary.PlannedOrders > 0);
        // exceptions and schedules reached order grains
        var mos = open.Where(o => o.Ref.Kind == ObjectKind.ManufacturingOrder).ToList();
        var mo = (await grains.GetGrain<IManufacturingOrderGrain>(mos[^1].Number).GetAsync())!;
        Assert.All(mo.Operations, op => Assert.NotNull(op.ScheduledStart));
        var withExceptions = (await registry.QueryAsync(new OrderQuery())).Count(o => o.ExceptionCount > 0);
        Assert.True(withExceptions > 0);

        // MRP record + pegging "pourquoi ?"
        var fg = "PF-POM-01";
        var record = (await plan.GetItemRecordAsync(fg))!;
        var period = record.GrossRequirements.Select((q, i) => (q, i)).First(x => x.q > 0).i + 1;
        var pegs = await plan.GetPeggingAsync(fg, period);
        Assert.Equal(record.GrossRequirements[period - 1], pegs.Sum(p => p.Qty), 6);
        Assert.NotNull(await plan.GetSopAsync());
        Assert.Equal(150, (await plan.GetStockAsync()).Count);

        // release a planned make order → firm MO with the next number, released, visible in the registry
        var planned = (await plan.GetPlannedOrdersAsync(null)).First(p => !p.Bought);
        var created = await plan.ReleasePlannedOrderAsync(planned.Id, "planificateur");
        Assert.Equal(ObjectKind.ManufacturingOrder, created.Kind);
        Assert.Equal($"OF-{Today.Year}-{mos.Count + 1:00000}", created.Id);
        var released = (await grains.GetGrain<IManufacturingOrderGrain>(created.Id).GetAsync())!;
        Assert.Equal(ManufacturingOrderStatus.Released, released.Status);
        Assert.Equal(planned.Qty, released.Qty);
        await Assert.ThrowsAsync<Collab.Contracts.CommandRejectedException>(() => plan.ReleasePlannedOrderAsync(planned.Id, "planificateur"));
        Assert.Contains(await registry.QueryAsync(new OrderQuery(ObjectKind.ManufacturingOrder)), o => o.Number == created.Id);
    }
}
