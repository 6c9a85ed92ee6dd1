using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Grains.Orders;
using Collab.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Collab.Grains.Tests;

/// <summary>
/// Issue #17: the order registry stores its rows in bucket rows, so a changed order rewrites its bucket, not the whole
/// registry; concurrent upserts share writes and are durable when they return; a registry stored as one row before
/// moves into the buckets on activation.
/// </summary>
[Collection("cluster")]
public sealed class OrderRegistryTests(ClusterFixture fixture)
{
    private static string NewKey(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    private DateOnly Today => DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);

    private OrderSummary Row(int i, long version = 1, string party = "F1") =>
        new(new ObjectRef(ObjectKind.PurchaseOrder, $"OA-{i:00000}"), party, "Sent", false,
            [new OrderLineSummary(1, $"ITEM-{i % 97}", 10 + i, Today.AddDays(i % 60))], Today.AddDays(i % 60), null, null,
            true, 1, 0, 0, new OtdFigures(0, 0), version, "bench", fixture.Clock.GetUtcNow());

    [Fact]
    public async Task One_changed_row_rewrites_its_bucket_only()
    {
        var site = NewKey("R");
        var registry = fixture.Grains.GetGrain<IOrderRegistryGrain>(site);
        var rows = Enumerable.Range(1, 2_000).Select(i => Row(i)).ToList();
        long all;
        using (var meter = fixture.Faults.Measure())
        {
            await registry.UpsertManyAsync(rows);
            all = meter.Writes.Where(w => w.Key == site && w.State.StartsWith("orders-", StringComparison.Ordinal)).Sum(w => w.Bytes);
        }

        var stamp = await registry.GetSupplyStampAsync();
        var changed = Row(1234, version: 2, party: "F2");
        using (var meter = fixture.Faults.Measure())
        {
            await registry.UpsertAsync(changed);
            var write = Assert.Single(meter.Writes);
            Assert.Equal((site, OrderRegistryGrain.BucketStateName(OrderRegistryGrain.BucketOf(changed.Ref.ToString()))), (write.Key, write.State));
            Assert.True(write.Bytes * 50 < all, $"one row wrote {write.Bytes} bytes, all rows take {all}");
        }

        // A party change is not a supply change; a new due date is.
        Assert.Equal(stamp, await registry.GetSupplyStampAsync());
        await registry.UpsertAsync(changed with { DueDate = Today.AddDays(90), Version = 3 });
        Assert.True(await registry.GetSupplyStampAsync() > stamp);

        // What was stored is what a new activation reads.
        await fixture.Cluster.DeactivateAsync(registry);
        Assert.Equal(2_000, await registry.CountAsync());
        var reread = (await registry.QueryAsync(new OrderQuery(ObjectKind.PurchaseOrder))).Single(o => o.Ref == changed.Ref);
        Assert.Equal(("F2", 3L, Today.AddDays(90)), (reread.Party, reread.Version, reread.DueDate));
        Assert.True(await registry.GetSupplyStampAsync() > stamp);
    }

    [Fact]
    public async Task Concurrent_upserts_are_all_durable_when_they_return()
    {
        var site = NewKey("R");
        var registry = fixture.Grains.GetGrain<IOrderRegistryGrain>(site);
        await registry.UpsertManyAsync([.. Enumerable.Range(1, 500).Select(i => Row(i))]);

        int writes;
        using (var meter = fixture.Faults.Measure())
        {
            await Task.WhenAll(Enumerable.Range(1, 500).Select(i => registry.UpsertAsync(Row(i, version: 2, party: $"P{i}"))));
            writes = meter.Writes.Count(w => w.Key == site);
        }

        Assert.InRange(writes, 1, 500);
        await registry.RemoveAsync(new ObjectRef(ObjectKind.PurchaseOrder, "OA-00007"));
        await fixture.Cluster.DeactivateAsync(registry);
        var stored = await registry.QueryAsync(new OrderQuery(OpenOnly: false));
        Assert.Equal(499, stored.Count);
        Assert.All(stored, o => Assert.Equal(($"P{int.Parse(o.Number[3..])}", 2L), (o.Party, o.Version)));
    }

    [Fact]
    public async Task A_registry_stored_as_one_row_moves_into_buckets_on_activation()
    {
        var site = NewKey("R");
        var registry = fixture.Grains.GetGrain<IOrderRegistryGrain>(site);
        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>("inner");
        var old = new OrderRegistryState { SupplyStamp = 41 };
        foreach (var row in Enumerable.Range(1, 300).Select(i => Row(i)))
        {
            old.Orders[row.Ref.ToString()] = row;
        }

        await storage.WriteStateAsync("orders", registry.GetGrainId(), new Orleans.GrainState<OrderRegistryState>(old));

        Assert.Equal(300, await registry.CountAsync());
        Assert.True(await registry.GetSupplyStampAsync() >= 41);
        var head = new Orleans.GrainState<OrderRegistryState>();
        await storage.ReadStateAsync("orders", registry.GetGrainId(), head);
        Assert.Empty(head.State!.Orders);
        Assert.Equal(OrderRegistryGrain.BucketCount, head.State.Buckets);

        var page = await registry.QueryPageAsync(new OrderPageQuery(ObjectKind.PurchaseOrder, Today, Take: 10));
        Assert.Equal(300, page.Total);
        Assert.Equal(10, page.Rows.Count);

        // A change after the move, then a new activation: the buckets are the truth, not the old row.
        await registry.UpsertAsync(Row(5, version: 2, party: "F9"));
        await fixture.Cluster.DeactivateAsync(registry);
        Assert.Equal(300, await registry.CountAsync());
        Assert.Equal("F9", (await registry.QueryAsync(new OrderQuery(Party: "F9"))).Single().Party);
        Assert.True(await registry.GetSupplyStampAsync() >= 41);
    }
}
