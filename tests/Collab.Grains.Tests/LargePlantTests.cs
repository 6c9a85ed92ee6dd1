using Collab.Contracts.Common;
using Collab.Domain.Demo;
using Collab.Domain.MasterData;
using Collab.Grains.Demo;
using Collab.Grains.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Collab.Grains.Tests;

/// <summary>
/// Issue #17: the generated plant is deterministic for a seed, valid master data, and healthy like the demo once
/// seeded (a handful of late orders and overloaded workstations, not hundreds). A scaled-down plant here (the
/// 10,000-item one is measured by the benchmarks); own cluster, so nothing else touched the demo site.
/// </summary>
public sealed class LargePlantTests(ClusterFixture fixture, ITestOutputHelper output) : IClassFixture<ClusterFixture>
{
    private static readonly LargePlantOptions Small = new(Items: 1_200, Levels: 5, Workstations: 20, ManufacturingOrders: 250, PurchaseOrders: 300, CustomerOrders: 600, Seed: 7);

    private DateOnly Today => DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);

    [Fact]
    public void Same_seed_same_plant_and_the_master_data_passes_the_validator()
    {
        var a = LargePlant.Build(Today, Small);
        var b = LargePlant.Build(Today, Small);
        Assert.Equal(a.Data.Items.Select(i => i.Code), b.Data.Items.Select(i => i.Code));
        Assert.Equal(a.Data.Bom, b.Data.Bom);
        Assert.Equal(a.ManufacturingOrders.Select(m => m.Draft), b.ManufacturingOrders.Select(m => m.Draft));
        Assert.Equal(a.PurchaseOrders.Select(p => p.Draft.Supplier), b.PurchaseOrders.Select(p => p.Draft.Supplier));
        Assert.NotEqual(a.Data.Bom, LargePlant.Build(Today, Small with { Seed = 8 }).Data.Bom);

        Assert.Equal(Small.Items, a.Data.Items.Count);
        Assert.Equal(Small.CustomerOrders, a.CustomerOrders.Count);
        Assert.InRange(a.ManufacturingOrders.Count, Small.ManufacturingOrders / 2, Small.ManufacturingOrders);
        Assert.InRange(a.PurchaseOrders.Count, 1, Small.PurchaseOrders);
        Assert.Empty(MasterDataValidator.Validate(a.Data));
    }

    [Fact]
    public void Absurd_sizes_are_refused_all_at_once()
    {
        var problems = new LargePlantOptions(Items: 10, Levels: 30, Workstations: 0).Problems();
        Assert.Equal(4, problems.Count);
        Assert.Throws<ArgumentException>(() => LargePlant.Build(Today, new LargePlantOptions(Items: 10)));
    }

    [Fact]
    public async Task Seeded_it_looks_alive_not_broken()
    {
        Assert.True(await DemoPlant.SeedAsync(fixture.Grains, Today, Small));
        // The seeding starts the first plan without waiting for it (a 10,000-item plan outlasts a call's timeout): wait here.
        await fixture.Grains.GetGrain<Collab.Contracts.Plan.IPlanGrain>(Collab.Contracts.Plan.PlanKey.Of(DemoPlant.Site)).RecalculateAsync(Today, "planificateur");
        var health = await DemoHealth.ReadAsync(fixture.Grains, Today);
        output.WriteLine(health.Describe());

        Assert.Equal(LargePlant.LateCustomerOrders, health.LateCustomerOrders);
        Assert.InRange(health.OpenManufacturingOrders, Small.ManufacturingOrders / 2, Small.ManufacturingOrders);
        var overloaded = health.Workstations.Where(w => w.Next4.Any(u => u > 1 + 1e-9)).Select(w => w.Code).ToList();
        Assert.InRange(overloaded.Count, 1, LargePlant.OverloadedWorkstations + 3);
        Assert.True(health.Workstations.Count(w => w.Next4.Average() is > 0.2 and < 1.0) >= Small.Workstations / 2,
            "most workstations carry a real but not excessive load");
    }
}
