using Collab.Contracts.Projects;
using Collab.Domain.Projects;

namespace Collab.Domain.Tests.Projects;

/// <summary>Phase-gate checklists, without a cluster (issue #13 item 2).</summary>
public class ProjectRulesTests
{
    private static ImprovementProjectView Project(ProjectMethod method, int phase, ProjectStatus status = ProjectStatus.Active,
        IReadOnlyDictionary<A3Section, string>? a3 = null, ProjectGains? estimated = null, ProjectGains? confirmed = null) =>
        new("P-1", "DEMO", "SMED", "", "chef", DateTimeOffset.UnixEpoch, status, method, phase, "directeur", "chef", ["methodes"], null, "",
            a3 ?? new Dictionary<A3Section, string>(), [], IshikawaDiagram.Empty, [], [], estimated, confirmed, [], null, null, null, [], [], null, 1, null, null);

    [Fact]
    public void Plan_gate_of_a_pdca_lists_ten_checks_and_sees_what_is_filled()
    {
        var p = Project(ProjectMethod.Pdca, 0, a3: new Dictionary<A3Section, string> { [A3Section.Context] = "Banc surchargé" }, estimated: new ProjectGains(1000, 0, 0, 0));
        var checks = ProjectRules.Checklist(p);
        Assert.Equal(10, checks.Count);
        Assert.True(checks.Single(c => c.Kind == GateCheckKind.Team).Met);
        Assert.True(checks.Single(c => c.Kind == GateCheckKind.Context).Met);
        Assert.True(checks.Single(c => c.Kind == GateCheckKind.EstimatedGains).Met);
        Assert.False(checks.Single(c => c.Kind == GateCheckKind.Kpi).Met);
    }

    [Fact]
    public void Confirmed_gains_are_a_check_of_the_check_phase_only()
    {
        Assert.DoesNotContain(ProjectRules.Checklist(Project(ProjectMethod.Pdca, 0)), c => c.Kind == GateCheckKind.ConfirmedGains);
        var check = ProjectRules.Checklist(Project(ProjectMethod.Pdca, 2, confirmed: new ProjectGains(500, 0, 0, 0)));
        Assert.True(check.Single(c => c.Kind == GateCheckKind.ConfirmedGains).Met);
    }

    [Fact]
    public void Ideas_and_closed_projects_have_no_checklist()
    {
        Assert.Empty(ProjectRules.Checklist(Project(ProjectMethod.Pdca, 0, ProjectStatus.Idea)));
        Assert.Empty(ProjectRules.Checklist(Project(ProjectMethod.Dmaic, 4, ProjectStatus.Closed)));
    }
}
