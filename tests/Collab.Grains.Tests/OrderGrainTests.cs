using Microsoft.Extensions.DependencyInjection;
using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Notifications;
using Collab.Contracts.Orders;
using Collab.Contracts.Sites;
using Collab.Contracts.Workstations;
using Collab.Grains.Tests.Infrastructure;

namespace Collab.Grains.Tests;

[Collection("cluster")]
public sealed class OrderGrainTests(ClusterFixture fixture)
{
    private static string NewKey(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    private DateOnly Today => DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);

    private async Task<string> NewSiteAsync()
    {
        var code = NewKey("S");
        var site = fixture.Grains.GetGrain<ISiteGrain>(code);
        var ws = new WorkstationData("USI", "Usinage", WorkstationData.Shifts(2), 1, 1, []);
        await site.ImportMasterDataAsync(MasterDataSet.Empty with
        {
            Items = [new ItemData("VAN", "Vanne", "VANNES", ItemSource.Make, "pc", 100, 5, 0), new ItemData("CORPS", "Corps", "", ItemSource.Buy, "pc", 20, 10, 0)],
            Bom = [new BomLineData("VAN", "CORPS", 1)],
            Routings = [new RoutingOperationData("VAN", 10, "USI", 1, 0.5, "Usinage"), new RoutingOperationData("VAN", 20, "USI", 0.5, 0.2, "Contrôle")],
            Workstations = [ws],
        }, 0, "admin");
        return code;
    }

    [Fact]
    public async Task Release_numbering_follows_the_pattern_and_is_never_reused()
    {
        var site = fixture.Grains.GetGrain<ISiteGrain>(await NewSiteAsync());
        var a = await site.NextNumberAsync(NumberKind.ManufacturingOrder, Today, "planif");
        var b = await site.NextNumberAsync(NumberKind.ManufacturingOrder, Today, "planif");
        var p = await site.NextNumberAsync(NumberKind.PurchaseOrder, Today, "acheteur");

        Assert.Equal($"OF-{Today.Year}-00001", a);
        Assert.Equal($"OF-{Today.Year}-00002", b);
        Assert.Equal($"OA-{Today.Year}-00001", p);
    }

    [Fact]
    public async Task Progress_declarations_drive_mo_status_wip_and_registry()
    {
        var site = await NewSiteAsync();
        var mo = fixture.Grains.GetGrain<IManufacturingOrderGrain>(NewKey("OF-"));
        var created = await mo.CreateAsync(site, new ManufacturingOrderDraft("VAN", 10, Today, Today.AddDays(5)), "planif");
        Assert.Equal(ManufacturingOrderStatus.Planned, created.Status);
        Assert.Equal([10, 20], created.Operations.Select(o => o.Sequence));
        Assert.Equal(6, created.Operations[0].PlannedHours, 6);
        Assert.Equal(10, created.Materials.Single().QtyRequired);

        await Assert.ThrowsAsync<CommandRejectedException>(() => mo.DeclareProgressAsync(new ProgressDeclaration(10, 1, 0, 1, false), "op"));
        var released = await mo.ReleaseAsync(created.Version, "planif");
        var p1 = await mo.DeclareProgressAsync(new ProgressDeclaration(10, 8, 2, 5.5, true), "op");
        Assert.Equal(ManufacturingOrderStatus.InProgress, p1.Status);
        Assert.Equal(8, p1.Wip);
        var tooMany = await Assert.ThrowsAsync<CommandRejectedException>(() => mo.DeclareProgressAsync(new ProgressDeclaration(20, 9, 0, 1, false), "op"));
        Assert.Equal("OperationOverAvailable(20, 8)", Assert.Single(tooMany.Reasons).ToString());
        var p2 = await mo.DeclareProgressAsync(new ProgressDeclaration(20, 8, 0, 2, true), "op");

        Assert.Equal(ManufacturingOrderStatus.Done, p2.Status);
        Assert.Equal(8, p2.GoodQty);
        Assert.Equal(2, p2.ScrapQty);
        Assert.Equal(0, p2.Wip);
        Assert.Equal(7.5, p2.ActualHours, 6);
        Assert.True(p2.Version > released.Version);
        var row = (await fixture.Grains.GetGrain<IOrderRegistryGrain>(site).QueryAsync(new OrderQuery(ObjectKind.ManufacturingOrder, OpenOnly: false))).Single();
        Assert.True(row.Closed);
        Assert.Equal("Done", row.Status);
        Assert.Equal(p2.Version, row.Version);
    }

    [Fact]
    public async Task A_quantity_change_replans_the_hours_of_the_operations_still_to_do()
    {
        var site = await NewSiteAsync();
        var mo = fixture.Grains.GetGrain<IManufacturingOrderGrain>(NewKey("OF"));
        var created = await mo.CreateAsync(site, new ManufacturingOrderDraft("VAN", 10, Today, Today.AddDays(5)), "planif");
        Assert.Equal([1 + 0.5 * 10, 0.5 + 0.2 * 10], created.Operations.Select(o => o.PlannedHours));
        await mo.ReleaseAsync(created.Version, "planif");
        var progressed = await mo.DeclareProgressAsync(new ProgressDeclaration(10, 10, 0, 7, true), "atelier");

        var changed = await mo.SetQtyAsync(20, progressed.Version, "planif");

        Assert.Equal(1 + 0.5 * 10, changed.Operations[0].PlannedHours, 6); // done: keeps what was planned for it
        Assert.Equal(0.5 + 0.2 * 20, changed.Operations[1].PlannedHours, 6); // to do: the new quantity's time
        Assert.Equal(20, changed.Materials.Single().QtyRequired, 3);
    }

    [Fact]
    public async Task Otd_counts_lines_completely_shipped_by_their_promised_date()
    {
        var site = await NewSiteAsync();
        var co = fixture.Grains.GetGrain<ICustomerOrderGrain>(NewKey("CC-"));
        await co.CreateAsync(site, new CustomerOrderDraft("CLI1", [new("VAN", 10, Today), new("VAN", 5, Today.AddDays(7)), new("VAN", 3, Today.AddDays(9))]), "adv");

        await co.ShipAsync(1, 4, Today.AddDays(-1), "mag");
        await co.ShipAsync(1, 6, Today.AddDays(2), "mag");   // completed after promise → late
        var v = await co.ShipAsync(2, 5, Today.AddDays(7), "mag"); // on the promised day → on time

        Assert.Equal(new OtdFigures(2, 1), v.Otd);
        Assert.Equal(0.5, v.Otd.Rate);
        Assert.Equal(CustomerOrderStatus.PartiallyShipped, v.Status);
        await Assert.ThrowsAsync<CommandRejectedException>(() => co.ShipAsync(3, 4, Today, "mag"));
    }

    [Fact]
    public async Task Stale_version_is_refused_and_history_records_from_to()
    {
        var site = await NewSiteAsync();
        var po = fixture.Grains.GetGrain<IPurchaseOrderGrain>(NewKey("OA-"));
        var v0 = await po.CreateAsync(site, new PurchaseOrderDraft("FOUR1", [new("CORPS", 50, Today.AddDays(10))]), "acheteur");
        await po.ConfirmAsync(1, Today.AddDays(12), v0.Version, "acheteur");

        var conflict = await Assert.ThrowsAsync<VersionConflictException>(() => po.ConfirmAsync(1, Today.AddDays(20), v0.Version, "autre"));

        Assert.Equal("acheteur", conflict.ModifiedBy);
        var now = (await po.GetAsync())!;
        Assert.Equal(Today.AddDays(12), now.Lines[0].ConfirmedDate);
        Assert.Equal(PurchaseOrderStatus.Confirmed, now.Status);
        var last = (await po.GetHistoryAsync())[^1];
        Assert.Equal(HistoryEvent.DateConfirmed, last.Event);
        Assert.Equal(FieldChange.Of(HistoryField.ConfirmedDate, null, Today.AddDays(12).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), 1), last.Changes.Single());
    }

    [Fact]
    public async Task Failed_write_rolls_back_each_order_kind_and_the_workstation()
    {
        var site = await NewSiteAsync();
        var coKey = NewKey("CC-");
        var poKey = NewKey("OA-");
        var moKey = NewKey("OF-");
        var wsKey = WorkstationKey.Of(site, "USI");
        var co = fixture.Grains.GetGrain<ICustomerOrderGrain>(coKey);
        var po = fixture.Grains.GetGrain<IPurchaseOrderGrain>(poKey);
        var mo = fixture.Grains.GetGrain<IManufacturingOrderGrain>(moKey);
        var ws = fixture.Grains.GetGrain<IWorkstationGrain>(wsKey);
        var c = await co.CreateAsync(site, new CustomerOrderDraft("CLI", [new("VAN", 1, Today)]), "u");
        var p = await po.CreateAsync(site, new PurchaseOrderDraft("F", [new("CORPS", 1, Today)]), "u");
        var m = await mo.CreateAsync(site, new ManufacturingOrderDraft("VAN", 1, Today, Today), "u");
        var w = await ws.ConfigureAsync(new WorkstationData("USI", "Usinage", WorkstationData.Shifts(1), 1, 1, []), null, "u");

        async Task FailingAsync(string key, Func<Task> command)
        {
            fixture.Faults.FailWritesOf(key);
            try
            {
                await Assert.ThrowsAnyAsync<Exception>(command);
            }
            finally
            {
                fixture.Faults.Heal();
            }
        }

        await FailingAsync(coKey, () => co.SetPromisedDateAsync(1, Today.AddDays(3), c.Version, "u"));
        await FailingAsync(poKey, () => po.ConfirmAsync(1, Today.AddDays(3), p.Version, "u"));
        await FailingAsync(moKey, () => mo.SetQtyAsync(5, m.Version, "u"));
        await FailingAsync(wsKey, () => ws.UpdateCalendarAsync(WorkstationData.Shifts(3), 2, 1, [], w.Version, "u"));

        var cNow = (await co.GetAsync())!;
        Assert.Equal((c.Version, c.Lines[0].PromisedDate), (cNow.Version, cNow.Lines[0].PromisedDate));
        Assert.Equal((p.Version, (DateOnly?)null), ((await po.GetAsync())!.Version, (await po.GetAsync())!.Lines[0].ConfirmedDate));
        Assert.Equal((m.Version, 1.0), ((await mo.GetAsync())!.Version, (await mo.GetAsync())!.Qty));
        Assert.Equal((w.Version, 1), ((await ws.GetAsync())!.Version, (await ws.GetAsync())!.Data.Machines));
    }

    [Fact]
    public async Task Action_assigned_to_someone_else_lands_in_their_inbox()
    {
        var site = await NewSiteAsync();
        var mo = fixture.Grains.GetGrain<IManufacturingOrderGrain>(NewKey("OF-"));
        await mo.CreateAsync(site, new ManufacturingOrderDraft("VAN", 2, Today, Today.AddDays(2)), "planif");
        var owner = NewKey("user");

        var action = await mo.AddActionAsync(new NewAction("Relancer le fournisseur du corps", null, owner, Today.AddDays(1), ActionPriority.High, null), "planif");

        var inbox = fixture.Grains.GetGrain<INotificationInboxGrain>(owner);
        var n = (await inbox.ListAsync(unreadOnly: true, 10)).Single();
        Assert.Equal((NotificationKind.ActionAssigned, action.Title, "planif", action.Due), (n.Kind, n.Subject, n.By, n.Due));
        Assert.Equal(action.Origin, n.Link);
        await inbox.MarkReadAsync(n.Id);
        Assert.Equal(0, await inbox.UnreadCountAsync());
        var row = (await fixture.Grains.GetGrain<IOrderRegistryGrain>(site).QueryAsync(new OrderQuery(ObjectKind.ManufacturingOrder))).Single();
        Assert.Equal(1, row.OpenActions);
    }

    [Fact]
    public async Task Workstation_calendar_edit_reaches_site_master_data_and_invalid_calendar_is_refused()
    {
        var site = await NewSiteAsync();
        var ws = fixture.Grains.GetGrain<IWorkstationGrain>(WorkstationKey.Of(site, "USI"));
        var w = await ws.ConfigureAsync(new WorkstationData("USI", "Usinage", WorkstationData.Shifts(2), 1, 1, []), null, "admin");

        await Assert.ThrowsAnyAsync<CommandRejectedException>(() => ws.UpdateCalendarAsync([30, 8, 8, 8, 8, 0, 0], 1, 1, [], w.Version, "méthodes"));
        var updated = await ws.UpdateCalendarAsync(WorkstationData.Shifts(3), 2, 0.9, [Today.AddDays(3)], w.Version, "méthodes");

        Assert.Equal(24 * 5 * 2 * 0.9, updated.Data.WeeklyHours, 6);
        var data = await fixture.Grains.GetGrain<ISiteGrain>(site).GetMasterDataAsync();
        Assert.Equal(updated.Data, data.Workstations.Single(), new ViewEquality<WorkstationData>(x => (x.Machines, x.Efficiency, x.HoursByDay.Sum(), x.Closures.Count)));
    }

    [Fact]
    public async Task Change_on_silo_one_reaches_observer_registered_through_silo_two()
    {
        var site = await NewSiteAsync();
        var silo2Grains = fixture.Cluster.Silos[1].ServiceProvider.GetRequiredService<IGrainFactory>();
        var recorder = new ChangeRecorder();
        // A grain observer created on silo 2 (as a web process co-hosted with silo 2 would).
        var observer = silo2Grains.CreateObjectReference<IChangeObserver>(recorder);
        await silo2Grains.GetGrain<IChangeBrokerGrain>(site).SubscribeAsync(observer);
        var silo1Grains = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IGrainFactory>();
        var key = NewKey("CC-");

        var view = await silo1Grains.GetGrain<ICustomerOrderGrain>(key).CreateAsync(site, new CustomerOrderDraft("CLI", [new("VAN", 1, Today)]), "alice");

        var change = await recorder.WaitForAsync(c => c.Object.Id == key);
        Assert.Equal(view.Version, change.Version);
        Assert.Equal("alice", change.User);
    }

    private sealed class ViewEquality<T>(Func<T, object> key) : IEqualityComparer<T>
    {
        public bool Equals(T? x, T? y) => x is not null && y is not null && key(x).Equals(key(y));

        public int GetHashCode(T obj) => key(obj).GetHashCode();
    }
}
