using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Sites;
using Collab.Domain.MasterData;
using Collab.Grains.Tests.Infrastructure;

namespace Collab.Grains.Tests;

[Collection("cluster")]
public sealed class MasterDataGrainTests(ClusterFixture fixture)
{
    private static string NewKey() => "M" + Guid.NewGuid().ToString("N")[..8];

    private static readonly ItemData A = new("A", "Ensemble A", "FAM", ItemSource.Make, "pc", 100, 5, 0);
    private static readonly ItemData B = new("B", "Sous-ensemble B", "FAM", ItemSource.Make, "pc", 50, 3, 0);
    private static readonly ItemData C = new("C", "Pièce C", "FAM", ItemSource.Make, "pc", 10, 2, 0);

    private async Task<ISiteGrain> SiteWithItemsAsync(string key)
    {
        var site = fixture.Grains.GetGrain<ISiteGrain>(key);
        var info = await site.ImportMasterDataAsync(MasterDataSet.Empty with
        {
            Items = [A, B, C],
            Bom = [new("A", "B", 2), new("B", "C", 1)],
            Workstations = [new("W1", "Tour", WorkstationData.Shifts(1), 1, 1, [])],
        }, (await site.GetInfoAsync()).Version, "alice");
        return site;
    }

    /// <summary>Issue #13 item 4: creating an order (a number) while someone edits the site must not refuse the edit.</summary>
    [Fact]
    public async Task Handing_out_a_number_does_not_touch_the_site_version()
    {
        var site = fixture.Grains.GetGrain<ISiteGrain>(NewKey());
        var read = await site.GetInfoAsync();

        var first = await site.NextNumberAsync(NumberKind.ManufacturingOrder, new DateOnly(2026, 12, 2), "planificateur");
        var second = await site.NextNumberAsync(NumberKind.ManufacturingOrder, new DateOnly(2026, 12, 2), "planificateur");

        Assert.Equal("OF-2026-00001", first);
        Assert.Equal("OF-2026-00002", second);
        Assert.Equal(read.Version, (await site.GetInfoAsync()).Version);
        var renamed = await site.RenameAsync("Usine", read.Version, "alice"); // was a VersionConflictException
        Assert.Equal("Usine", renamed.Name);
    }

    [Fact]
    public async Task Two_people_editing_two_items_do_not_conflict_but_a_stale_edit_of_the_same_item_is_refused_with_who_changed_what()
    {
        var site = await SiteWithItemsAsync(NewKey());
        var a = await site.GetStampAsync("Item:A");
        var b = await site.GetStampAsync("Item:B");

        await site.UpsertItemAsync(A with { LeadTimeDays = 7 }, a.Version, "alice");
        await site.UpsertItemAsync(B with { SafetyStock = 4 }, b.Version, "bob");
        var conflict = await Assert.ThrowsAsync<MasterDataConflictException>(() => site.UpsertItemAsync(A with { LeadTimeDays = 9 }, a.Version, "bob"));

        Assert.Equal("alice", conflict.Current.ModifiedBy);
        Assert.Equal(a.Version + 1, conflict.Current.Version);
        var change = Assert.Single(conflict.Changes);
        Assert.Equal(("LeadTimeDays", "5", "7"), (change.Field, change.From, change.To));
        var data = await site.GetMasterDataAsync();
        Assert.Equal(7, data.Items.Single(i => i.Code == "A").LeadTimeDays);
        Assert.Equal(4, data.Items.Single(i => i.Code == "B").SafetyStock);
    }

    [Fact]
    public async Task A_bom_cycle_is_refused_naming_it_and_nothing_is_stored()
    {
        var key = NewKey();
        var site = await SiteWithItemsAsync(key);
        var stamp = await site.GetStampAsync("Bom:C");

        var error = await Assert.ThrowsAsync<MasterDataRejectedException>(() => site.SetBomAsync("C", [new BomLineData("C", "A", 1)], stamp.Version, "alice"));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(MasterDataProblemCode.BomCycle, problem.Code);
        Assert.Equal("A → B → C → A", problem.Args[0]);
        Assert.DoesNotContain((await site.GetMasterDataAsync()).Bom, b => b.Parent == "C");
        // and storage agrees: a fresh activation gathers the same
        var shard = await fixture.Grains.GetGrain<IMasterDataShardGrain>(MasterDataKeys.ShardGrainKey(key, MasterDataKeys.ShardOf("Bom:C"))).GetAsync();
        Assert.DoesNotContain(shard.Data.Bom, b => b.Parent == "C");
    }

    [Fact]
    public async Task An_item_edit_writes_one_shard_and_the_item_history()
    {
        var key = NewKey();
        var site = await SiteWithItemsAsync(key);
        var stamp = await site.GetStampAsync("Item:C");

        await site.UpsertItemAsync(C with { Description = "Pièce C usinée" }, stamp.Version, "alice");

        var shard = await fixture.Grains.GetGrain<IMasterDataShardGrain>(MasterDataKeys.ShardGrainKey(key, MasterDataKeys.ShardOf("Item:C"))).GetAsync();
        Assert.Equal("Pièce C usinée", shard.Data.Items.Single(i => i.Code == "C").Description);
        var history = await fixture.Grains.GetGrain<IMasterDataRecordGrain>(MasterDataKeys.RecordGrainKey(key, "Item:C")).GetHistoryAsync();
        var entry = Assert.Single(history);
        Assert.Equal("alice", entry.User);
        Assert.Contains(entry.Changes, c => c.Field == "Description" && c.From == "Pièce C" && c.To == "Pièce C usinée");
        Assert.Equal(HistoryEvent.ItemChanged, entry.Event);
    }

    /// <summary>Issue #13: record histories are typed data (event, field, subject, invariant values), worded by the UI
    /// in the reader's language — no French text stored by the grain.</summary>
    [Fact]
    public async Task Bom_stock_and_import_history_lines_are_typed()
    {
        var key = NewKey();
        var site = await SiteWithItemsAsync(key);
        await site.SetBomAsync("B", [new BomLineData("B", "C", 2.5)], (await site.GetStampAsync("Bom:B")).Version, "alice");
        await site.RecordStockMovementAsync("C", StockMovementKind.Receipt, 1.5, "Réception", 0, "magasin");

        var bom = Assert.Single(await fixture.Grains.GetGrain<IMasterDataRecordGrain>(MasterDataKeys.RecordGrainKey(key, "Bom:B")).GetHistoryAsync());
        Assert.Equal(HistoryEvent.BomChanged, bom.Event);
        var line = Assert.Single(bom.Changes);
        Assert.Equal((HistoryField.Bom, "B", "C×1", "C×2.5"), (line.Key, line.Subject, line.From, line.To));

        var stock = Assert.Single(await fixture.Grains.GetGrain<IMasterDataRecordGrain>(MasterDataKeys.RecordGrainKey(key, "Stock:C")).GetHistoryAsync());
        Assert.Equal(HistoryEvent.StockMoved, stock.Event);
        Assert.Contains(stock.Changes, c => c.Key == HistoryField.StockMovement && c.To == nameof(StockMovementKind.Receipt));
        Assert.Contains(stock.Changes, c => c.Key == HistoryField.Stock && c.Subject == "C" && c.From == "0" && c.To == "1.5");

        var import = (await site.GetHistoryAsync()).Single(h => h.Event == HistoryEvent.MasterDataImported);
        Assert.Contains(import.Changes, c => c.Key == HistoryField.ItemCount && c.From == "0" && c.To == "3");
        Assert.All((await site.GetHistoryAsync()).SelectMany(h => h.Changes), c => Assert.NotNull(c.Key));
    }

    [Fact]
    public async Task Stock_is_the_sum_of_its_journal_and_a_negative_result_is_refused()
    {
        var key = NewKey();
        var site = await SiteWithItemsAsync(key);
        var s = await site.RecordStockMovementAsync("C", StockMovementKind.Count, 10, "Inventaire annuel", 0, "magasin");
        s = await site.RecordStockMovementAsync("C", StockMovementKind.Receipt, 5, "Réception OA-1", s.Version, "magasin");
        s = await site.RecordStockMovementAsync("C", StockMovementKind.Scrap, 2, "Pièces rayées", s.Version, "magasin");

        var error = await Assert.ThrowsAsync<MasterDataRejectedException>(() => site.RecordStockMovementAsync("C", StockMovementKind.Issue, 50, "Sortie", s.Version, "magasin"));
        Assert.Contains(error.Problems, p => p.Code == MasterDataProblemCode.Negative && p.Field == nameof(StockData.OnHand));
        await Assert.ThrowsAsync<MasterDataRejectedException>(() => site.RecordStockMovementAsync("C", StockMovementKind.Issue, 1, "  ", s.Version, "magasin"));

        var journal = await fixture.Grains.GetGrain<IMasterDataRecordGrain>(MasterDataKeys.RecordGrainKey(key, "Stock:C")).GetMovementsAsync();
        Assert.Equal([10, 5, -2], journal.Select(m => m.Delta));
        Assert.Equal(13, (await site.GetMasterDataAsync()).Stock.Single(x => x.Item == "C").OnHand);
    }

    [Fact]
    public async Task An_item_still_used_cannot_be_retired()
    {
        var site = await SiteWithItemsAsync(NewKey());

        var error = await Assert.ThrowsAsync<MasterDataRejectedException>(async () => await site.RetireItemAsync("B", ["OF-2026-00007"], (await site.GetStampAsync("Item:B")).Version, "alice"));

        Assert.Equal(["BOM:A", "ORDER:OF-2026-00007"], Assert.Single(error.Problems).Args);
        await site.RetireItemAsync("A", [], (await site.GetStampAsync("Item:A")).Version, "alice");
        var data = await site.GetMasterDataAsync();
        Assert.DoesNotContain(data.Items, i => i.Code == "A");
        Assert.DoesNotContain(data.Bom, b => b.Parent == "A");
    }

    [Fact]
    public async Task Master_data_survives_reactivation_from_the_shards()
    {
        var key = NewKey();
        var site = await SiteWithItemsAsync(key);
        await site.UpsertItemAsync(A with { LeadTimeDays = 11 }, (await site.GetStampAsync("Item:A")).Version, "alice");
        var before = await site.GetInfoAsync();

        await fixture.Cluster.DeactivateAsync(site);

        var data = await site.GetMasterDataAsync();
        Assert.Equal(["A", "B", "C"], data.Items.Select(i => i.Code));
        Assert.Equal(11, data.Items[0].LeadTimeDays);
        Assert.Equal(2, data.Bom.Count);
        Assert.Equal(before.Version, (await site.GetInfoAsync()).Version);
        Assert.Equal(2, (await site.GetStampAsync("Item:A")).Version);
    }
    /// <summary>Issue #14 follow-up: the history line is written in the shard with the rows, so a history write that fails
    /// after the shard write (or a silo that stops in between) loses nothing: the line is delivered on the next activation.</summary>
    [Fact]
    public async Task A_history_write_failing_after_the_shard_write_keeps_the_line_pending_and_a_new_activation_delivers_it_once()
    {
        var key = NewKey();
        var site = await SiteWithItemsAsync(key);
        var itemRecord = fixture.Grains.GetGrain<IMasterDataRecordGrain>(MasterDataKeys.RecordGrainKey(key, "Item:C"));
        var stockRecord = fixture.Grains.GetGrain<IMasterDataRecordGrain>(MasterDataKeys.RecordGrainKey(key, "Stock:C"));
        var stamp = await site.GetStampAsync("Item:C");

        var shardGrain = fixture.Grains.GetGrain<IMasterDataShardGrain>(MasterDataKeys.ShardGrainKey(key, MasterDataKeys.ShardOf("Item:C")));

        fixture.Faults.FailWritesOf(MasterDataKeys.RecordGrainKey(key, "Item:C"));
        try
        {
            await site.UpsertItemAsync(C with { Description = "Pièce C usinée" }, stamp.Version, "alice");
        }
        finally
        {
            fixture.Faults.Heal();
        }

        // the record grain's write failed: nothing there yet, but the line is stored in the shard with the row
        Assert.Empty(await itemRecord.GetHistoryAsync());
        var shard = await shardGrain.GetAsync();
        Assert.Equal("Pièce C usinée", shard.Data.Items.Single(i => i.Code == "C").Description);
        Assert.Equal(["Item:C"], shard.Pending!.Select(p => p.Key));

        // as after a crash: the activation that held it in memory is gone; the next one finds it in the shard
        await fixture.Cluster.DeactivateAsync(site);
        await site.GetInfoAsync();
        var entry = Assert.Single(await itemRecord.GetHistoryAsync());
        Assert.Equal(("alice", stamp.Version + 1), (entry.User, entry.Version));
        Assert.Contains(entry.Changes, c => c.Field == "Description" && c.From == "Pièce C" && c.To == "Pièce C usinée");

        // delivered again by another activation (the shard still lists it until its next write): ignored, not doubled
        await fixture.Cluster.DeactivateAsync(site);
        await site.GetInfoAsync();
        Assert.Single(await itemRecord.GetHistoryAsync());

        // a stock movement whose journal write fails: same, and the shard's next write dropped the delivered item line
        fixture.Faults.FailWritesOf(MasterDataKeys.RecordGrainKey(key, "Stock:C"));
        try
        {
            await site.RecordStockMovementAsync("C", StockMovementKind.Receipt, 5, "Réception OA-1", 0, "magasin");
        }
        finally
        {
            fixture.Faults.Heal();
        }

        Assert.Empty(await stockRecord.GetMovementsAsync());
        Assert.Equal(["Stock:C"], (await shardGrain.GetAsync()).Pending!.Select(p => p.Key));
        await fixture.Cluster.DeactivateAsync(site);
        Assert.Equal(5, (await site.GetMasterDataAsync()).Stock.Single(x => x.Item == "C").OnHand);
        Assert.Equal([5.0], (await stockRecord.GetMovementsAsync()).Select(m => m.Delta));

        // the next write of the shard carries only its own line (delivered, dropped at the write after), not the old ones
        await site.UpsertItemAsync(C with { Description = "Pièce C finie" }, stamp.Version + 1, "bob");
        Assert.Equal([("Item:C", "bob")], (await shardGrain.GetAsync()).Pending!.Select(p => (p.Key, p.Entry.User)));
        Assert.Equal(["alice", "bob"], (await itemRecord.GetHistoryAsync()).Select(h => h.User));
    }

    [Fact]
    public async Task A_history_line_still_pending_is_delivered_by_the_next_edit_before_a_later_line_of_the_same_record()
    {
        var key = NewKey();
        var site = await SiteWithItemsAsync(key);
        var record = fixture.Grains.GetGrain<IMasterDataRecordGrain>(MasterDataKeys.RecordGrainKey(key, "Item:A"));
        var v = (await site.GetStampAsync("Item:A")).Version;

        fixture.Faults.FailWritesOf(MasterDataKeys.RecordGrainKey(key, "Item:A"));
        try
        {
            await site.UpsertItemAsync(A with { LeadTimeDays = 6 }, v, "alice");
        }
        finally
        {
            fixture.Faults.Heal();
        }

        Assert.Empty(await record.GetHistoryAsync());
        await site.UpsertItemAsync(A with { LeadTimeDays = 7 }, v + 1, "bob");

        Assert.Equal([(v + 1, "alice"), (v + 2, "bob")], (await record.GetHistoryAsync()).Select(h => (h.Version, h.User)));
    }
}
