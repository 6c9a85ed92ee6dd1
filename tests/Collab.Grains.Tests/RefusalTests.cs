using Collab.Contracts;
using Collab.Contracts.Projects;
using Collab.Contracts.Sites;
using Collab.Grains.Tests.Infrastructure;

namespace Collab.Grains.Tests;

/// <summary>
/// Issue #13 item 3: a refused command carries its kind and typed arguments across the grain boundary (Orleans
/// serialisation of <see cref="CommandRejectedException"/>); its message is the neutral code, never French.
/// </summary>
[Collection("cluster")]
public sealed class RefusalTests(ClusterFixture fixture)
{
    private static string NewKey() => "R" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_refusal_crosses_the_grain_boundary_with_its_kind_and_typed_arguments()
    {
        var site = fixture.Grains.GetGrain<ISiteGrain>(NewKey());
        var v0 = await site.GetInfoAsync();

        var refused = await Assert.ThrowsAsync<CommandRejectedException>(() => site.RenameAsync("   ", v0.Version, "alice"));

        Assert.Equal(Refusal.RequiredMax, refused.Kind);
        var reason = Assert.Single(refused.Reasons);
        Assert.Equal(RefusalArgKind.Term, reason.Args[0].Kind);
        Assert.Equal(nameof(RefusalTerm.SiteName), reason.Args[0].Text);
        Assert.Equal(RefusalArgKind.Number, reason.Args[1].Kind);
        Assert.Equal(120, reason.Args[1].Number);
        Assert.Equal("Refusal: RequiredMax(SiteName, 120)", refused.Message);
        Assert.Equal(v0, await site.GetInfoAsync());
    }

    [Fact]
    public async Task An_instant_argument_keeps_its_value()
    {
        var portfolio = fixture.Grains.GetGrain<IProjectPortfolioGrain>(NewKey());
        var now = fixture.Clock.GetUtcNow();
        await portfolio.NextIdeaReferenceAsync(now.Year, "lecteur", now, 1);

        var quota = await Assert.ThrowsAsync<CommandRejectedException>(() => portfolio.NextIdeaReferenceAsync(now.Year, "lecteur", now.AddMinutes(5), 1));

        Assert.Equal(Refusal.IdeaQuota, quota.Kind);
        Assert.Equal(1, quota.Reasons[0].Args[0].Number);
        Assert.Equal(RefusalArgKind.Moment, quota.Reasons[0].Args[1].Kind);
        Assert.Equal(now.AddHours(24), quota.Reasons[0].Args[1].Moment);
        Assert.DoesNotMatch("[àâçéèêëîïôûùüÿœ]", quota.Message);
    }
}
