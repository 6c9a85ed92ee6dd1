using Collab.Domain.People;

namespace Collab.Domain.Tests.People;

public sealed class ProjectPeopleRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("directeur", "chef.projet", false)]
    [InlineData("chef.projet", "chef.projet", true)]
    [InlineData(" Chef.Projet", "chef.projet ", true)]
    [InlineData("", "chef.projet", false)]
    public void Sponsor_and_lead_are_two_persons(string sponsor, string lead, bool refused) =>
        Assert.Equal(refused, ProjectPeopleRules.CharterErrors(sponsor, lead).Count > 0);

    [Theory]
    [InlineData("chef.projet", "chef.projet", false, true)]
    [InlineData("chef.projet", "CHEF.PROJET", false, true)]
    [InlineData("chef.projet", "autre.chef", false, false)]
    [InlineData("chef.projet", "admin", true, true)]
    [InlineData(null, "chef.projet", false, false)]
    public void Lead_commands_belong_to_the_lead_or_an_administrator(string? lead, string user, bool admin, bool allowed) =>
        Assert.Equal(allowed, ProjectPeopleRules.MayLead(lead, user, admin));

    [Theory]
    [InlineData("planificateur", false, true)]
    [InlineData("chef.projet", false, true)]
    [InlineData("directeur", false, false)]
    [InlineData("directeur", true, true)]
    public void Changes_are_applied_by_the_lead_or_team_or_an_administrator(string user, bool admin, bool allowed) =>
        Assert.Equal(allowed, ProjectPeopleRules.MayApplyChanges("chef.projet", ["planificateur"], user, admin));

    [Fact]
    public void Idea_quota_counts_the_last_24_hours_only()
    {
        DateTimeOffset[] times = [Now.AddHours(-30), Now.AddHours(-20), Now.AddHours(-2), Now.AddMinutes(-1)];
        Assert.Equal(3, IdeaQuota.Recent(times, Now).Count);
        Assert.Null(IdeaQuota.NextAllowedAt(times, Now, 4));
        // Full at 3: the next one when the oldest of the three leaves the window.
        Assert.Equal(Now.AddHours(4), IdeaQuota.NextAllowedAt(times, Now, 3));
        Assert.Equal(Now.AddHours(22), IdeaQuota.NextAllowedAt(times, Now, 2));
    }
}
