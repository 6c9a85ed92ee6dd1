using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Sites;
using Collab.Grains.Tests.Infrastructure;

namespace Collab.Grains.Tests;

[Collection("cluster")]
public sealed class ActionTests(ClusterFixture fixture)
{
    private async Task<ISiteGrain> NewSiteAsync()
    {
        var key = "A" + Guid.NewGuid().ToString("N")[..8];
        var site = fixture.Grains.GetGrain<ISiteGrain>(key);
        await site.RenameAsync("Site " + key, 0, "admin");
        return site;
    }

    private static DateOnly Today(ClusterFixture f) => DateOnly.FromDateTime(f.Clock.GetUtcNow().UtcDateTime);

    [Fact]
    public async Task Action_is_added_with_its_origin_and_indexed_for_its_owner()
    {
        var site = await NewSiteAsync();
        var info = await site.GetInfoAsync();

        var action = await site.AddActionAsync(new NewAction("Vérifier le stock de joints", null, "acheteur", Today(fixture).AddDays(3), ActionPriority.High, null), "animateur");

        Assert.Equal(ActionStatus.ToDo, action.Status);
        Assert.Equal(new ObjectRef(ObjectKind.Site, info.Code), action.Origin);
        var mine = await fixture.Grains.GetGrain<IActionIndexGrain>(info.Code).QueryAsync(new ActionQuery(Owner: "acheteur", OpenOnly: true));
        Assert.Contains(mine, a => a.Id == action.Id);
    }

    [Fact]
    public async Task Overdue_view_lists_open_actions_past_due_only()
    {
        var site = await NewSiteAsync();
        var code = (await site.GetInfoAsync()).Code;
        var late = await site.AddActionAsync(new NewAction("En retard", null, "lecteur", Today(fixture).AddDays(-2), ActionPriority.Normal, null), "admin");
        var done = await site.AddActionAsync(new NewAction("Faite", null, "lecteur", Today(fixture).AddDays(-2), ActionPriority.Normal, null), "admin");
        await site.AddActionAsync(new NewAction("À venir", null, "lecteur", Today(fixture).AddDays(2), ActionPriority.Normal, null), "admin");
        await site.SetActionStatusAsync(done.Id, ActionStatus.Done, done.Version, "lecteur");

        var overdue = await fixture.Grains.GetGrain<IActionIndexGrain>(code).QueryAsync(new ActionQuery(OverdueOn: Today(fixture)));

        Assert.Equal([late.Id], overdue.Select(a => a.Id));
    }

    [Fact]
    public async Task Status_change_records_who_closed_and_refuses_stale_versions()
    {
        var site = await NewSiteAsync();
        var action = await site.AddActionAsync(new NewAction("Changer la fraise", null, "planificateur", Today(fixture), ActionPriority.Normal, null), "animateur");

        var done = await site.SetActionStatusAsync(action.Id, ActionStatus.Done, action.Version, "planificateur");
        Assert.Equal("planificateur", done.ClosedBy);
        Assert.NotNull(done.ClosedAt);

        await Assert.ThrowsAsync<VersionConflictException>(() => site.SetActionStatusAsync(action.Id, ActionStatus.Cancelled, action.Version, "animateur"));
        Assert.Equal(ActionStatus.Done, (await site.GetActionsAsync()).Single().Status);
    }

    [Fact]
    public async Task Verified_only_after_done_and_empty_title_rejected()
    {
        var site = await NewSiteAsync();
        var action = await site.AddActionAsync(new NewAction("Former l'équipe", null, "chef.projet", Today(fixture), ActionPriority.Low, null), "admin");

        var wrongTransition = await Assert.ThrowsAsync<CommandRejectedException>(() => site.SetActionStatusAsync(action.Id, ActionStatus.Verified, action.Version, "admin"));
        Assert.Equal(Refusal.ActionNotDone, Assert.Single(wrongTransition.Reasons).Kind);

        var empty = await Assert.ThrowsAsync<CommandRejectedException>(() => site.AddActionAsync(new NewAction(" ", null, "", Today(fixture), ActionPriority.Low, null), "admin"));
        Assert.Equal(2, empty.Reasons.Length);
        Assert.Single(await site.GetActionsAsync());
    }

    [Fact]
    public async Task Comments_are_appended_to_the_action()
    {
        var site = await NewSiteAsync();
        var action = await site.AddActionAsync(new NewAction("Relancer le fournisseur", null, "acheteur", Today(fixture), ActionPriority.Normal, null), "animateur");

        await site.CommentActionAsync(action.Id, "Appel passé, retour demain.", "acheteur");
        var commented = await site.CommentActionAsync(action.Id, "Confirmé pour lundi.", "acheteur");

        Assert.Equal(["Appel passé, retour demain.", "Confirmé pour lundi."], commented.Comments.Select(c => c.Text));
        Assert.Equal(3, commented.Version);
    }
}
