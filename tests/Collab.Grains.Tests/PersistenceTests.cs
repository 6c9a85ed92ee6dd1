using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.FollowUps;
using Collab.Contracts.Meetings;
using Collab.Contracts.Notifications;
using Collab.Contracts.Orders;
using Collab.Contracts.Plan;
using Collab.Contracts.Projects;
using Collab.Contracts.Sites;
using Collab.Contracts.Workstations;
using Collab.Grains.Tests.Infrastructure;

namespace Collab.Grains.Tests;

/// <summary>
/// Every grain with state persists through one helper (PersistedState): a storage write that fails leaves the grain's
/// state as it was (memory equals storage) and the command is refused; the next command goes through on the old state.
/// The order, project, meeting, workstation and site grains (ObjectGrain) are covered in their own test classes.
/// </summary>
[Collection("cluster")]
public sealed class PersistenceTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private DateOnly Today => DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);

    private static string NewKey(string prefix = "S") => prefix + Guid.NewGuid().ToString("N")[..10];

    /// <summary>Runs <paramref name="command"/> while writes of <paramref name="key"/> fail; asserts it was refused.</summary>
    private async Task FailingAsync(string key, Func<Task> command)
    {
        fixture.Faults.FailWritesOf(key);
        try
        {
            var e = await Assert.ThrowsAnyAsync<Exception>(command);
            Assert.Contains("Injected storage fault", e.ToString());
        }
        finally
        {
            fixture.Faults.Heal();
        }
    }

    [Fact]
    public async Task Kiosk_display_failed_create_or_revoke_changes_nothing()
    {
        var site = NewKey();
        var kiosk = Grains.GetGrain<IKioskDisplayGrain>(site);
        var first = await kiosk.CreateAsync("Atelier", "admin");

        await FailingAsync(site, () => kiosk.CreateAsync("Bureau", "admin"));
        await FailingAsync(site, () => kiosk.RevokeAsync(first.Display.Id, "admin"));

        var listed = Assert.Single(await kiosk.ListAsync());
        Assert.Equal("Atelier", listed.Name);
        Assert.Null(listed.RevokedAt);
        Assert.True(await kiosk.ValidateAsync(first.Token));
        await kiosk.RevokeAsync(first.Display.Id, "admin");
        Assert.False(await kiosk.ValidateAsync(first.Token));
    }

    [Fact]
    public async Task Notification_inbox_failed_add_or_mark_read_changes_nothing()
    {
        var user = NewKey("u");
        var inbox = Grains.GetGrain<INotificationInboxGrain>(user);
        await inbox.AddAsync(new NewNotification(NotificationKind.ActionAssigned, "", "u", "Première", null));

        await FailingAsync(user, () => inbox.AddAsync(new NewNotification(NotificationKind.ActionAssigned, "", "u", "Deuxième", null)));
        await FailingAsync(user, () => inbox.MarkAllReadAsync());

        Assert.Equal("Première", Assert.Single(await inbox.ListAsync(false, 10)).Subject);
        Assert.Equal(1, await inbox.UnreadCountAsync());
    }

    [Fact]
    public async Task Action_index_failed_upsert_keeps_the_stored_action()
    {
        var site = NewKey();
        var index = Grains.GetGrain<IActionIndexGrain>(site);
        var action = new ActionItem(Guid.NewGuid(), "Relancer", null, "alice", Today.AddDays(3), ActionPriority.Normal, ActionStatus.ToDo,
            new ObjectRef(ObjectKind.PurchaseOrder, "OA-1"), null, [], "bob", fixture.Clock.GetUtcNow(), null, null, 1);
        await index.UpsertAsync(action);

        await FailingAsync(site, () => index.UpsertAsync(action with { Title = "Changé", Version = 2 }));

        Assert.Equal("Relancer", Assert.Single(await index.QueryAsync(new ActionQuery())).Title);
        await index.UpsertAsync(action with { Title = "Changé", Version = 2 });
        Assert.Equal("Changé", Assert.Single(await index.QueryAsync(new ActionQuery())).Title);
    }

    [Fact]
    public async Task Order_registry_failed_upsert_keeps_the_stored_row()
    {
        var site = NewKey();
        await Grains.GetGrain<IPurchaseOrderGrain>(site + "-OA1").CreateAsync(site, new PurchaseOrderDraft("F1", [new("CORPS", 5, Today.AddDays(10))]), "acheteur");
        var registry = Grains.GetGrain<IOrderRegistryGrain>(site);
        var row = Assert.Single(await registry.QueryAsync(new OrderQuery()));

        await FailingAsync(site, () => registry.UpsertAsync(row with { Party = "F2", Version = row.Version + 1 }));

        var stored = Assert.Single(await registry.QueryAsync(new OrderQuery()));
        Assert.Equal(("F1", row.Version), (stored.Party, stored.Version));
    }

    [Fact]
    public async Task Meeting_index_failed_upsert_keeps_the_stored_series()
    {
        var site = NewKey();
        var index = Grains.GetGrain<IMeetingIndexGrain>(site);
        var series = new MeetingSeriesSummary("S1", MeetingType.DailyProduction, "Point prod", new TimeOnly(8, 30), 15, "alice", false, 1);
        await index.UpsertSeriesAsync(series);

        await FailingAsync(site, () => index.UpsertSeriesAsync(series with { Title = "Changé", Version = 2 }));

        Assert.Equal(series, Assert.Single(await index.ListSeriesAsync()));
    }

    [Fact]
    public async Task Project_portfolio_failed_numbering_neither_skips_nor_reuses_a_number_nor_counts_an_idea()
    {
        var site = NewKey();
        var portfolio = Grains.GetGrain<IProjectPortfolioGrain>(site);
        var now = fixture.Clock.GetUtcNow();

        await FailingAsync(site, () => portfolio.NextNumberAsync(2026));
        await FailingAsync(site, () => portfolio.NextIdeaReferenceAsync(2026, "alice", now, 1));

        Assert.Equal("PRJ-2026-0001", await portfolio.NextNumberAsync(2026));
        // the failed idea neither consumed a reference nor used up alice's daily quota of one
        Assert.Equal("IDEE-2026-0001", await portfolio.NextIdeaReferenceAsync(2026, "alice", now, 1));
    }

    [Fact]
    public async Task Site_numbering_failed_write_hands_out_the_same_number_next_time()
    {
        var site = NewKey();
        var numbering = Grains.GetGrain<ISiteNumberingGrain>(site);
        Assert.Equal(1, await numbering.NextAsync("PO", 0));

        await FailingAsync(site, () => numbering.NextAsync("PO", 0));
        await FailingAsync(site, () => numbering.NextAsync("MO", 0));

        Assert.Equal(2, await numbering.NextAsync("PO", 0));
        Assert.Equal(1, await numbering.NextAsync("MO", 0));
    }

    [Fact]
    public async Task Master_data_shard_and_record_failed_writes_keep_what_is_stored()
    {
        var site = NewKey();
        var shardKey = site + "/007";
        var shard = Grains.GetGrain<IMasterDataShardGrain>(shardKey);
        var at = fixture.Clock.GetUtcNow();
        var item = new ItemData("VAN", "Vanne", "VANNES", ItemSource.Make, "pc", 100, 5, 0);
        await shard.SetAsync(new MasterDataShard(MasterDataSet.Empty with { Items = [item] }, [new MasterDataStamp("Item:VAN", 1, "admin", at)]));

        await FailingAsync(shardKey, () => shard.ReplaceAsync(["Item:VAN"], MasterDataSet.Empty with { Items = [item with { Description = "Changé" }] },
            [new MasterDataStamp("Item:VAN", 2, "bob", at)], []));

        var stored = await shard.GetAsync();
        Assert.Equal("Vanne", Assert.Single(stored.Data.Items).Description);
        Assert.Equal(1, Assert.Single(stored.Stamps).Version);

        var recordKey = site + "/Item:VAN";
        var record = Grains.GetGrain<IMasterDataRecordGrain>(recordKey);
        await record.AppendAsync(new HistoryEntry(1, at, "admin", "Created", []), null);
        await FailingAsync(recordKey, () => record.AppendAsync(new HistoryEntry(2, at, "bob", "Changed", []), null));
        Assert.Equal(1, Assert.Single(await record.GetHistoryAsync()).Version);
    }

    [Fact]
    public async Task Mail_settings_failed_save_keeps_version_and_settings()
    {
        var site = NewKey();
        var settings = Grains.GetGrain<IMailSettingsGrain>(site);
        var saved = await settings.SaveAsync(new MailConfiguration(null, null, 7, [], 0, null, null), 0, "admin");
        Assert.Equal(1, saved.Version);

        await FailingAsync(site, () => settings.SaveAsync(new MailConfiguration(null, null, 9, [], 0, null, null), 1, "bob"));

        var now = await settings.GetAsync();
        Assert.Equal((1L, 7, "admin"), (now.Version, now.ReminderDaysBefore, now.ModifiedBy));
        // the next save, based on the stored version, goes through
        var next = await settings.SaveAsync(new MailConfiguration(null, null, 9, [], 0, null, null), 1, "bob");
        Assert.Equal((2L, 9), (next.Version, next.ReminderDaysBefore));
    }

    [Fact]
    public async Task Plan_failed_run_or_strategy_write_keeps_the_previous_run()
    {
        var site = NewKey("P");
        await Grains.GetGrain<ISiteGrain>(site).ImportMasterDataAsync(MasterDataSet.Empty with
        {
            Items = [new ItemData("VAN", "Vanne", "VANNES", ItemSource.Make, "pc", 100, 5, 0)],
            Routings = [new RoutingOperationData("VAN", 10, "MON", 1, 2, "Montage")],
            Workstations = [new WorkstationData("MON", "Montage", WorkstationData.Shifts(1), 1, 1, [])],
        }, 0, "admin");
        await Grains.GetGrain<ICustomerOrderGrain>(site + "-CC1").CreateAsync(site, new CustomerOrderDraft("C1", [new("VAN", 10, Today.AddDays(8))]), "adv");
        var plan = Grains.GetGrain<IPlanGrain>(PlanKey.Of(site));
        var first = await plan.RecalculateAsync(Today, "planif");

        await FailingAsync(PlanKey.Of(site), () => plan.RecalculateAsync(Today, "planif"));
        await FailingAsync(PlanKey.Of(site), () => plan.SetSopStrategyAsync("VANNES", "Level", "planif"));

        Assert.Equal(first.RunId, (await plan.GetSummaryAsync())!.RunId);
        Assert.Single(await plan.GetSnapshotsAsync());
        Assert.False((await plan.GetProgressAsync()).Running);
        // the next run numbers on from the stored count
        Assert.EndsWith("-002", (await plan.RecalculateAsync(Today, "planif")).RunId);
    }
}
