using System.Globalization;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Plan;
using Collab.Contracts.Workstations;
using Collab.Grains.Demo;
using Collab.Grains.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Collab.Grains.Tests;

/// <summary>
/// The demo plant "looks alive" on first start without looking broken: a few late customer orders, exactly one
/// overloaded workstation (the test bench, by the setups of many small lots), overdue actions, one supplier late.
/// Own cluster, so no other test has touched the demo site before the figures are read.
/// </summary>
public sealed class DemoPlantHealthTests(ClusterFixture fixture, ITestOutputHelper output) : IClassFixture<ClusterFixture>
{
    private DateOnly Today => DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);

    [Fact]
    public async Task First_plan_of_the_seeded_demo_has_realistic_health_figures()
    {
        var grains = fixture.Grains;
        Assert.True(await DemoPlant.SeedAsync(grains, Today));
        var health = await DemoHealth.ReadAsync(grains, Today);
        output.WriteLine(health.Describe());

        Assert.InRange(health.LateCustomerOrders, 3, 6);
        Assert.InRange(health.ProjectedLateCustomerOrders, 0, 6);
        Assert.InRange(health.LateOrders, 5, 15);
        Assert.InRange(health.OpenManufacturingOrders, 40, 90);
        Assert.InRange(health.OpenPurchaseOrders, 25, 60);

        // exactly one workstation overloaded in the next 4 weeks: the test bench, at 110–130 %
        var overloaded = Assert.Single(health.Workstations, w => w.Next4.Any(u => u > 1 + 1e-9));
        Assert.Equal(DemoPlant.OverloadedWorkstation, overloaded.Code);
        Assert.InRange(overloaded.Next4.Max(), 1.10, 1.30);
        // … mostly from setups: many small lots
        Assert.True(health.BenchSetupShare >= 0.4, $"setup share on the bench {health.BenchSetupShare:P0}");
        foreach (var w in health.Workstations.Where(w => w.Code != DemoPlant.OverloadedWorkstation))
        {
            Assert.True(w.Next4.Average() is >= 0.4 and <= 0.9, $"{w.Code}: {string.Join(" ", w.Next4.Select(u => u.ToString("P0", CultureInfo.InvariantCulture)))}");
        }

        Assert.InRange(health.OverdueActions, 3, 6);
        Assert.Equal([DemoPlant.LateSupplier], health.SuppliersLate);

        // ONE definition of a late customer order (docs/late.md): the order lists, the live plan's figures and the
        // what-if simulation's "before" on the same day give the same late orders and the same projected service.
        var plan = grains.GetGrain<IPlanGrain>(PlanKey.Of(DemoPlant.Site));
        var live = (await plan.GetFiguresAsync())!;
        var listed = (await grains.GetGrain<IOrderRegistryGrain>(DemoPlant.Site).QueryAsync(new OrderQuery(ObjectKind.CustomerOrder)))
            .Where(o => o.IsLate(Today)).Select(o => o.Number).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(listed, live.LateOrderNumbers);
        Assert.Equal(health.LateCustomerOrders, live.LateOrders);
        var number = await grains.GetGrain<Collab.Contracts.Projects.IProjectPortfolioGrain>(DemoPlant.Site).NextNumberAsync(Today.Year);
        var project = grains.GetGrain<Collab.Contracts.Projects.IImprovementProjectGrain>(Collab.Contracts.Projects.ProjectKey.Of(DemoPlant.Site, number));
        await project.SubmitIdeaAsync("Essai", "Vérifier la simulation", "chef.projet");
        await project.AcceptAsync(new Collab.Contracts.Projects.ProjectCharter(Collab.Contracts.Projects.ProjectMethod.Pdca, "directeur", "chef.projet", ["methodes"], Today.AddDays(60), "Poste"), 1, "chef.projet");
        var pv = (await project.GetAsync())!;
        await project.SaveParameterChangeAsync(new Collab.Contracts.Projects.ParameterChange(Guid.Empty, Collab.Contracts.Projects.ParameterKind.SetupTimePercent, DemoPlant.OverloadedWorkstation, null, -50), pv.Version, "chef.projet");
        var simulation = await project.SimulateAsync(Today, "chef.projet");
        Assert.Equal(live.LateOrderNumbers, simulation.Before.LateOrderNumbers);
        Assert.Equal((live.LateOrders, live.CustomerOrderLines, live.OtdPercent), (simulation.Before.LateOrders, simulation.Before.CustomerOrderLines, simulation.Before.OtdPercent));
        Assert.True(live.OtdPercent < 100, $"late customer orders {live.LateOrders} but projected service {live.OtdPercent} %");

        // automatic net change on the demo (full run: computation + consequences pushed to every order), measured
        var first = (await plan.GetSummaryAsync())!;
        var sop = (await plan.GetSopAsync())!;
        output.WriteLine("PIC charge max. " + string.Join(", ", sop.Comparison.Select(r => $"{r.Strategy} {r.MaxUtilisation:P0} ({r.OverloadedWorkstationMonths} overloaded workstation-months)")));
        Assert.All(sop.Comparison, r => Assert.True(r.MaxUtilisation > 0.5, $"{r.Strategy}: {r.MaxUtilisation}"));
        var po = (await grains.GetGrain<IOrderRegistryGrain>(DemoPlant.Site).QueryAsync(new OrderQuery(ObjectKind.PurchaseOrder))).First(o => o.Party == DemoPlant.LateSupplier);
        var poGrain = grains.GetGrain<IPurchaseOrderGrain>(po.Number);
        await poGrain.ConfirmAsync(1, Today.AddDays(1), po.Version, "acheteur");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var rerun = (await plan.RunNetChangeAsync())!;
        output.WriteLine($"first run {first.DurationMs:0} ms ({first.OrdersUpdated} objects updated); net change after one PO edit {watch.ElapsedMilliseconds} ms (in-run {rerun.DurationMs:0} ms)");
        Assert.Equal(Collab.Grains.Plan.PlanGrain.NetChangeUser, rerun.User);
        Assert.Equal(Today.AddDays(1), (await poGrain.GetAsync())!.Lines[0].ExpectedDate);
    }
}

/// <summary>Health figures of the demo site as the dashboard shows them.</summary>
public sealed record DemoHealth(
    int LateCustomerOrders,
    int ProjectedLateCustomerOrders,
    int LateOrders,
    int OpenManufacturingOrders,
    int OpenPurchaseOrders,
    IReadOnlyList<(string Code, double[] Next4)> Workstations,
    double BenchSetupShare,
    int OverdueActions,
    IReadOnlyList<string> SuppliersLate,
    IReadOnlyDictionary<string, int> ExceptionsByType)
{
    public static async Task<DemoHealth> ReadAsync(IGrainFactory grains, DateOnly today)
    {
        var open = await grains.GetGrain<IOrderRegistryGrain>(DemoPlant.Site).QueryAsync(new OrderQuery());
        var exceptions = await grains.GetGrain<IPlanGrain>(PlanKey.Of(DemoPlant.Site)).GetExceptionsAsync();
        var site = await grains.GetGrain<Collab.Contracts.Sites.ISiteGrain>(DemoPlant.Site).GetMasterDataAsync();
        var stations = new List<(string, double[])>();
        var setupShare = 0.0;
        foreach (var w in site.Workstations)
        {
            var view = (await grains.GetGrain<IWorkstationGrain>(WorkstationKey.Of(DemoPlant.Site, w.Code)).GetAsync())!;
            stations.Add((w.Code, [.. view.Weeks.Take(4).Select(x => x.Utilisation)]));
            if (w.Code == DemoPlant.OverloadedWorkstation)
            {
                // the orders making each week's load are the plan run's (the grain keeps the weekly figures)
                var weeks = (await grains.GetGrain<IPlanGrain>(PlanKey.Of(DemoPlant.Site)).GetWorkstationLoadAsync(w.Code))!.Weeks.Take(4).ToList();
                var lots = weeks.Sum(x => x.Orders.Count);
                setupShare = lots * DemoPlant.EssaySetupHours / weeks.Sum(x => x.Load);
            }
        }

        var overdue = await grains.GetGrain<IActionIndexGrain>(DemoPlant.Site).QueryAsync(new ActionQuery(OverdueOn: today));
        return new DemoHealth(
            open.Count(o => o.Ref.Kind == ObjectKind.CustomerOrder && o.IsLate(today)),
            exceptions.Where(e => e.Code == "LATE_DEMAND" && e.Order is not null && !e.Order.StartsWith("FC-", StringComparison.Ordinal)).Select(e => e.Order).Distinct().Count(),
            open.Count(o => o.IsLate(today)),
            open.Count(o => o.Ref.Kind == ObjectKind.ManufacturingOrder),
            open.Count(o => o.Ref.Kind == ObjectKind.PurchaseOrder),
            stations,
            setupShare,
            overdue.Count,
            [.. open.Where(o => o.Ref.Kind == ObjectKind.PurchaseOrder && o.DueDate < today).Select(o => o.Party).Distinct().Order(StringComparer.Ordinal)],
            exceptions.GroupBy(e => e.Code).ToDictionary(g => g.Key, g => g.Count()));
    }

    public string Describe()
    {
        var lines = new List<string>
        {
            $"late COs {LateCustomerOrders}, projected late COs {ProjectedLateCustomerOrders}, late orders {LateOrders}, open MOs {OpenManufacturingOrders}, open POs {OpenPurchaseOrders}",
            $"overdue actions {OverdueActions}, suppliers late {string.Join(",", SuppliersLate)}, bench setup share {BenchSetupShare:P0}",
            "exceptions " + string.Join(", ", ExceptionsByType.Select(kv => $"{kv.Key}={kv.Value}")),
        };
        lines.AddRange(Workstations.Select(w => $"{w.Code,-7} {string.Join(" ", w.Next4.Select(u => $"{u * 100,5:0}%"))}"));
        return string.Join(Environment.NewLine, lines);
    }
}
