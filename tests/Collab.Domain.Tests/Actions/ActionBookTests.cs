using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Domain.Actions;

namespace Collab.Domain.Tests.Actions;

/// <summary>The rules of actions, without a cluster (issue #13 item 2).</summary>
public class ActionBookTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly ObjectRef Origin = new(ObjectKind.PurchaseOrder, "OA-1");

    private static NewAction Draft(string title = "Relancer la fonderie", string owner = "acheteur", int dueInDays = 3) =>
        new(title, null, owner, DateOnly.FromDateTime(Now.UtcDateTime).AddDays(dueInDays), ActionPriority.Normal, null);

    [Fact]
    public void Add_trims_and_starts_to_do_at_version_1()
    {
        var list = new List<ActionItem>();
        var a = ActionBook.Add(list, Draft("  Relancer  "), Origin, "planif", Now);
        Assert.Equal(("Relancer", ActionStatus.ToDo, 1L, "planif"), (a.Title, a.Status, a.Version, a.CreatedBy));
        Assert.Single(list);
    }

    [Fact]
    public void Add_refuses_missing_title_and_owner_with_every_reason()
    {
        var e = Assert.Throws<CommandRejectedException>(() => ActionBook.Add([], Draft("", " "), Origin, "planif", Now));
        Assert.Equal([Refusal.Required, Refusal.Required], e.Kinds);
        Assert.Equal(["Required(ActionTitle)", "Required(ActionOwner)"], e.Reasons.Select(r => r.ToString()));
    }

    [Fact]
    public void Verified_only_after_done_and_keeps_who_closed_it()
    {
        var list = new List<ActionItem>();
        var a = ActionBook.Add(list, Draft(), Origin, "planif", Now);
        Assert.Throws<CommandRejectedException>(() => ActionBook.SetStatus(list, a.Id, ActionStatus.Verified, 1, "chef", Now));
        var (_, done) = ActionBook.SetStatus(list, a.Id, ActionStatus.Done, 1, "acheteur", Now);
        var (_, verified) = ActionBook.SetStatus(list, a.Id, ActionStatus.Verified, done.Version, "chef", Now.AddDays(1));
        Assert.Equal(("acheteur", Now), (verified.ClosedBy, verified.ClosedAt));
    }

    [Fact]
    public void A_stale_version_is_a_conflict()
    {
        var list = new List<ActionItem>();
        var a = ActionBook.Add(list, Draft(), Origin, "planif", Now);
        ActionBook.Comment(list, a.Id, "Appelé", "acheteur", Now);
        Assert.Throws<VersionConflictException>(() => ActionBook.SetStatus(list, a.Id, ActionStatus.Done, 1, "acheteur", Now));
    }
}
