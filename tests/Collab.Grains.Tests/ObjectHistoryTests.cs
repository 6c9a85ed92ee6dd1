using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Sites;
using Collab.Grains.Orders;
using Collab.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Collab.Grains.Tests;

/// <summary>
/// Issue #17 item 3: an object's history lives in chunk grains outside its state; an edit writes the object's small state
/// and one chunk, whatever the history's length; stored states with their history inside move it out once.
/// </summary>
[Collection("cluster")]
public sealed class ObjectHistoryTests(ClusterFixture fixture)
{
    private static string NewKey(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    private DateOnly Today => DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);

    private async Task<string> NewSiteAsync()
    {
        var code = NewKey("H");
        await fixture.Grains.GetGrain<ISiteGrain>(code).ImportMasterDataAsync(MasterDataSet.Empty with
        {
            Items = [new ItemData("CORPS", "Corps", "", ItemSource.Buy, "pc", 20, 10, 0)],
            Suppliers = [new SupplierData("F1", "Fonderie", "f1@fournisseur.example", "fr")],
        }, 0, "admin");
        return code;
    }

    private async Task<IPurchaseOrderGrain> NewPurchaseOrderAsync(string site, string number)
    {
        var po = fixture.Grains.GetGrain<IPurchaseOrderGrain>(number);
        await po.CreateAsync(site, new PurchaseOrderDraft("F1", [new PurchaseOrderLineDraft("CORPS", 10, Today.AddDays(20))]), "acheteur");
        return po;
    }

    [Fact]
    public async Task History_survives_reactivation_and_is_read_in_pages_newest_first_across_chunks()
    {
        var site = await NewSiteAsync();
        var number = NewKey("OA-");
        var po = await NewPurchaseOrderAsync(site, number);
        var view = (await po.GetAsync())!;
        for (var k = 0; k < 230; k++)
        {
            view = await po.SetRequestedDateAsync(1, Today.AddDays(21 + k), view.Version, k % 2 == 0 ? "alice" : "bob");
        }

        await fixture.Cluster.DeactivateAsync(po);

        var all = await po.GetHistoryAsync();
        Assert.Equal(Enumerable.Range(1, 231).Select(v => (long)v), all.Select(h => h.Version));
        Assert.Equal(HistoryEvent.PurchaseOrderCreated, all[0].Event);
        Assert.Equal("bob", all[^1].User);
        Assert.Equal(FieldChange.Value(Today.AddDays(21 + 229)), all[^1].Changes.Single().To);

        var newest = await po.GetHistoryPageAsync(0, 10);
        Assert.Equal(231, newest.Total);
        Assert.Equal(Enumerable.Range(222, 10).Reverse().Select(v => (long)v), newest.Entries.Select(h => h.Version));
        var inChunk1 = await po.GetHistoryPageAsync(95, 10); // positions 126…135, all in chunk 1
        Assert.Equal(Enumerable.Range(127, 10).Reverse().Select(v => (long)v), inChunk1.Entries.Select(h => h.Version));
        var boundary = await po.GetHistoryPageAsync(126, 10); // positions 95…104: chunk 0 then chunk 1
        Assert.Equal(Enumerable.Range(96, 10).Reverse().Select(v => (long)v), boundary.Entries.Select(h => h.Version));
        var oldest = await po.GetHistoryPageAsync(225, 10);
        Assert.Equal([6L, 5, 4, 3, 2, 1], oldest.Entries.Select(h => h.Version));
        Assert.Empty((await po.GetHistoryPageAsync(231, 10)).Entries);
    }

    [Fact]
    public async Task One_edit_on_a_stored_order_with_10000_history_entries_moves_them_out_once_then_writes_under_64_KB()
    {
        var site = await NewSiteAsync();
        var number = NewKey("OA-");
        var po = fixture.Grains.GetGrain<IPurchaseOrderGrain>(number);
        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>("inner");
        var serializer = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IGrainStorageSerializer>();
        var at = fixture.Clock.GetUtcNow().AddDays(-30);
        var old = new PurchaseOrderState
        {
            Site = site,
            Version = 10_000,
            ModifiedBy = "bob",
            ModifiedAt = at,
            Supplier = "F1",
            Status = PurchaseOrderStatus.Sent,
            Lines = [new PurchaseOrderLine(1, "CORPS", 10, Today.AddDays(20), null, null, [])],
            History = [.. Enumerable.Range(1, 10_000).Select(v => new HistoryEntry(v, at.AddMinutes(v), v % 2 == 0 ? "bob" : "alice", nameof(HistoryEvent.RequestedDateChanged),
                [FieldChange.Of(HistoryField.RequestedDate, "2026-12-01", "2026-12-02", 1)], HistoryEvent.RequestedDateChanged))],
        };
        var storedBefore = serializer.Serialize(old).ToArray().LongLength;
        await storage.WriteStateAsync("po", po.GetGrainId(), new Orleans.GrainState<PurchaseOrderState>(old));

        // Activation moves the 10,000 entries to the chunks, then stores the state without them.
        var view = (await po.GetAsync())!;
        Assert.Equal(10_000, view.Version);
        var reread = new Orleans.GrainState<PurchaseOrderState>();
        await storage.ReadStateAsync("po", po.GetGrainId(), reread);
        Assert.Empty(reread.State!.History);
        Assert.Equal(10_000, reread.State!.HistoryCount);
        var page = await po.GetHistoryPageAsync(0, 3);
        Assert.Equal(10_000, page.Total);
        Assert.Equal([10_000L, 9_999, 9_998], page.Entries.Select(h => h.Version));

        using (var meter = fixture.Faults.Measure())
        {
            view = await po.SetRequestedDateAsync(1, Today.AddDays(40), view.Version, "alice");
            Assert.True(meter.Bytes < 64 * 1024, $"one edit wrote {meter.Bytes} bytes: {string.Join(", ", meter.Writes)}");
            Assert.True(meter.Bytes * 20 < storedBefore, $"one edit wrote {meter.Bytes} bytes, the whole old state was {storedBefore}");
            // The line is stored with the order's state (one write) and goes to its chunk with the next batch.
            Assert.Single(meter.Writes, w => w.State == "po");
            Assert.DoesNotContain(meter.Writes, w => w.State == "history");
        }

        Assert.Equal(10_001, view.Version);
        await fixture.Cluster.DeactivateAsync(po);
        var all = await po.GetHistoryAsync();
        Assert.Equal(Enumerable.Range(1, 10_001).Select(v => (long)v), all.Select(h => h.Version));
        Assert.Equal(FieldChange.Value(Today.AddDays(40)), all[^1].Changes.Single().To);
    }

    [Fact]
    public async Task A_failed_append_leaves_the_lines_pending_and_the_next_activation_delivers_them_once()
    {
        var site = await NewSiteAsync();
        var number = NewKey("OA-");
        var po = await NewPurchaseOrderAsync(site, number);
        var view = (await po.GetAsync())!;
        fixture.Faults.FailWritesOf($"PurchaseOrder/{number}/0");
        try
        {
            // The order's own writes succeed: the commands are done, their history lines wait in the order's state. The
            // 8th line pending makes the edit append the batch to the chunk, which fails, and so does the deactivation's.
            for (var k = 0; k < 7; k++)
            {
                view = await po.SetRequestedDateAsync(1, Today.AddDays(30 + k), view.Version, "alice");
            }

            Assert.Equal(8, view.Version);
            Assert.Equal(Enumerable.Range(1, 8).Reverse().Select(v => (long)v), (await po.GetHistoryPageAsync(0, 10)).Entries.Select(h => h.Version));
            await fixture.Cluster.DeactivateAsync(po);
            Assert.Equal(Enumerable.Range(1, 8).Select(v => (long)v), (await po.GetHistoryAsync()).Select(h => h.Version));
        }
        finally
        {
            fixture.Faults.Heal();
        }

        // As after a crash between the two writes: a new activation reads the pending lines from storage and delivers them.
        await fixture.Cluster.DeactivateAsync(po);
        Assert.Equal(Enumerable.Range(1, 8).Select(v => (long)v), (await po.GetHistoryAsync()).Select(h => h.Version));
        view = await po.SetRequestedDateAsync(1, Today.AddDays(40), view.Version, "bob");
        await fixture.Cluster.DeactivateAsync(po);
        Assert.Equal(Enumerable.Range(1, 9).Select(v => (long)v), (await po.GetHistoryAsync()).Select(h => h.Version));
        var chunk = await fixture.Grains.GetGrain<IObjectHistoryGrain>($"PurchaseOrder/{number}/0").GetAsync();
        Assert.Equal(Enumerable.Range(1, 9).Select(v => (long)v), chunk.Select(h => h.Version));
    }

    [Fact]
    public async Task Edits_write_only_the_order_and_their_lines_reach_the_chunk_in_batches_of_8()
    {
        var site = await NewSiteAsync();
        var number = NewKey("OA-");
        var po = await NewPurchaseOrderAsync(site, number);
        var view = (await po.GetAsync())!;
        using (var meter = fixture.Faults.Measure())
        {
            // Creation was line 1: the 7th edit brings 8 lines pending and appends them (positions 0…7) to chunk 0.
            for (var k = 0; k < 16; k++)
            {
                view = await po.SetRequestedDateAsync(1, Today.AddDays(30 + k), view.Version, "alice");
                Assert.Equal(Enumerable.Range(1, k + 2).Reverse().Take(10).Select(v => (long)v), (await po.GetHistoryPageAsync(0, 10)).Entries.Select(h => h.Version));
            }

            Assert.Equal(16, meter.Writes.Count(w => w.State == "po"));
            Assert.Equal(2, meter.Writes.Count(w => w.State == "history" && w.Key == $"PurchaseOrder/{number}/0"));
            Assert.Equal(2, meter.Writes.Count(w => w.State == "history"));
        }

        var chunk = await fixture.Grains.GetGrain<IObjectHistoryGrain>($"PurchaseOrder/{number}/0").GetAsync();
        Assert.Equal(Enumerable.Range(1, 16).Select(v => (long)v), chunk.Select(h => h.Version));
        Assert.Equal(Enumerable.Range(1, 17).Select(v => (long)v), (await po.GetHistoryAsync()).Select(h => h.Version));

        // Line 17 is only in the order's state until the deactivation delivers it.
        await fixture.Cluster.DeactivateAsync(po);
        Assert.Equal(Enumerable.Range(1, 17).Select(v => (long)v), (await po.GetHistoryAsync()).Select(h => h.Version));
        chunk = await fixture.Grains.GetGrain<IObjectHistoryGrain>($"PurchaseOrder/{number}/0").GetAsync();
        Assert.Equal(Enumerable.Range(1, 17).Select(v => (long)v), chunk.Select(h => h.Version));
    }

    [Fact]
    public async Task A_failed_order_write_leaves_order_and_history_as_they_were()
    {
        var site = await NewSiteAsync();
        var number = NewKey("OA-");
        var po = await NewPurchaseOrderAsync(site, number);
        var view = (await po.GetAsync())!;
        fixture.Faults.FailWritesOf(number);
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => po.SetRequestedDateAsync(1, Today.AddDays(30), view.Version, "alice"));
        }
        finally
        {
            fixture.Faults.Heal();
        }

        Assert.Equal(1, (await po.GetAsync())!.Version);
        Assert.Equal([1L], (await po.GetHistoryAsync()).Select(h => h.Version));
        Assert.Equal(1, (await po.GetHistoryPageAsync(0, 10)).Total);
        view = await po.SetRequestedDateAsync(1, Today.AddDays(30), view.Version, "alice");
        Assert.Equal([1L, 2], (await po.GetHistoryAsync()).Select(h => h.Version));
    }

    [Fact]
    public async Task A_discarded_import_takes_its_history_with_it()
    {
        var site = await NewSiteAsync();
        var number = NewKey("OA-");
        var po = fixture.Grains.GetGrain<IPurchaseOrderGrain>(number);
        var draft = new PurchaseOrderDraft("F1", [new PurchaseOrderLineDraft("CORPS", 10, Today.AddDays(20))]);
        await po.CreateImportedAsync(site, draft, "import");
        Assert.True(await po.DiscardImportedAsync());

        await po.CreateAsync(site, draft, "acheteur");
        var entry = Assert.Single(await po.GetHistoryAsync());
        Assert.Equal("acheteur", entry.User);
    }
}
