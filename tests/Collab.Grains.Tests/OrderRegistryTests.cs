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

    private static string Listed(IEnumerable<OrderSummary> rows) =>
        string.Join(" ", rows.Select(o => $"{o.Ref}@{o.Version}:{o.DueDate:MMdd}"));

    [Fact]
    public async Task The_open_orders_read_as_changes_are_the_open_orders_after_every_kind_of_change()
    {
        var site = NewKey("R");
        var registry = fixture.Grains.GetGrain<IOrderRegistryGrain>(site);
        var mirror = new OpenOrdersMirror();
        var versions = new Dictionary<int, long>();
        await registry.UpsertManyAsync([.. Enumerable.Range(1, 300).Select(i => Row(i))]);
        foreach (var i in Enumerable.Range(1, 300))
        {
            versions[i] = 1;
        }

        Assert.Equal(Listed(await registry.QueryAsync(new OrderQuery(OpenOnly: true))), Listed(await mirror.ReadAsync(registry)));
        var random = new Random(17);
        for (var step = 0; step < 120; step++)
        {
            var i = random.Next(1, 340);
            var version = versions.GetValueOrDefault(i) + 1;
            switch (random.Next(5))
            {
                case 0: // a new date (or a new order)
                    await registry.UpsertAsync(Row(i, version) with { DueDate = Today.AddDays(random.Next(90)) });
                    versions[i] = version;
                    break;
                case 1: // closed (received), then maybe reopened later by another step
                    await registry.UpsertAsync(Row(i, version) with { Closed = true, Status = "Received" });
                    versions[i] = version;
                    break;
                case 2: // forgotten (an imported order undone)
                    await registry.RemoveAsync(Row(i).Ref);
                    versions.Remove(i);
                    break;
                case 3: // a late, older update: skipped by the registry
                    await registry.UpsertAsync(Row(i, version: 0, party: "OLD"));
                    versions.TryAdd(i, 0);
                    break;
                default: // a plan run's rows in one write
                    var batch = Enumerable.Range(i, 5).Select(k => Row(k, versions.GetValueOrDefault(k) + 1, party: $"P{step}")).ToList();
                    await registry.UpsertManyAsync(batch);
                    foreach (var k in Enumerable.Range(i, 5))
                    {
                        versions[k] = versions.GetValueOrDefault(k) + 1;
                    }

                    break;
            }

            var expected = Listed(await registry.QueryAsync(new OrderQuery(OpenOnly: true)));
            Assert.Equal(expected, Listed(await mirror.ReadAsync(registry)));
        }

        // Between two reads only what changed travels.
        var cursor = (await registry.OpenChangesSinceAsync(null)).Cursor;
        var none = await registry.OpenChangesSinceAsync(cursor);
        Assert.False(none.Full);
        Assert.Empty(none.Rows);
        await registry.UpsertAsync(Row(2, versions.GetValueOrDefault(2) + 1, party: "F7"));
        versions[2] = versions.GetValueOrDefault(2) + 1;
        var one = await registry.OpenChangesSinceAsync(cursor);
        Assert.False(one.Full);
        Assert.Equal(["F7"], one.Rows.Select(r => r.Party));

        // A new activation starts a new epoch: the reader is given everything again, and still agrees.
        await fixture.Cluster.DeactivateAsync(registry);
        Assert.True((await registry.OpenChangesSinceAsync(one.Cursor)).Full);
        Assert.Equal(Listed(await registry.QueryAsync(new OrderQuery(OpenOnly: true))), Listed(await mirror.ReadAsync(registry)));

        // A failed write puts the rows back to what storage holds: readers start over rather than keep the lost change.
        var before = (await registry.OpenChangesSinceAsync(null)).Cursor;
        fixture.Faults.FailWritesOf(site);
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => registry.UpsertAsync(Row(3, versions.GetValueOrDefault(3) + 5, party: "LOST")));
        }
        finally
        {
            fixture.Faults.Heal();
        }

        Assert.True((await registry.OpenChangesSinceAsync(before)).Full);
        var after = await mirror.ReadAsync(registry);
        Assert.DoesNotContain(after, o => o.Party == "LOST");
        Assert.Equal(Listed(await registry.QueryAsync(new OrderQuery(OpenOnly: true))), Listed(after));
    }

    [Fact]
    public async Task A_list_page_asked_again_after_a_change_shows_the_change()
    {
        var site = NewKey("R");
        var registry = fixture.Grains.GetGrain<IOrderRegistryGrain>(site);
        await registry.UpsertManyAsync([.. Enumerable.Range(1, 200).Select(i => Row(i))]);
        var byNumber = new OrderPageQuery(ObjectKind.PurchaseOrder, Today, Sorts: [new OrderSort("Number")], Take: 5);
        var byNumberDown = byNumber with { Sorts = [new OrderSort("Number", Descending: true)] };
        var filtered = byNumber with { Filters = [new OrderColumnFilter("Party", "Equals", "F5")] };

        var first = await registry.QueryPageAsync(byNumber);
        Assert.Equal("OA-00001", first.Rows[0].Number);
        Assert.Equal("OA-00200", (await registry.QueryPageAsync(byNumberDown)).Rows[0].Number);
        Assert.Equal(0, (await registry.QueryPageAsync(filtered)).Total);
        // Equal queries built apart (other list instances) get the same answer.
        Assert.Equal("OA-00001", (await registry.QueryPageAsync(new OrderPageQuery(ObjectKind.PurchaseOrder, Today, Sorts: [new OrderSort("Number")], Take: 5))).Rows[0].Number);

        await registry.UpsertAsync(Row(1, version: 2, party: "F5"));
        var again = await registry.QueryPageAsync(byNumber);
        Assert.Equal(("OA-00001", "F5"), (again.Rows[0].Number, again.Rows[0].Party));
        Assert.Equal(1, (await registry.QueryPageAsync(filtered)).Total);
        await registry.RemoveAsync(Row(1).Ref);
        Assert.Equal("OA-00002", (await registry.QueryPageAsync(byNumber)).Rows[0].Number);
        Assert.Equal(0, (await registry.QueryPageAsync(filtered)).Total);
    }
}
