using System.Text.Json;
using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Plan;
using Collab.Contracts.Projects;
using Collab.Contracts.Sites;
using Collab.Contracts.Workstations;
using Collab.Grains.Demo;
using Collab.Grains.Tests.Infrastructure;

namespace Collab.Grains.Tests.Projects;

[Collection("cluster")]
public sealed class ProjectSimulationTests(ClusterFixture fixture)
{
    private DateOnly Today => DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);

    private async Task<IImprovementProjectGrain> NewProjectAsync(string site, string sponsor = "directeur")
    {
        var number = await fixture.Grains.GetGrain<IProjectPortfolioGrain>(site).NextNumberAsync(Today.Year);
        var p = fixture.Grains.GetGrain<IImprovementProjectGrain>(ProjectKey.Of(site, number));
        await p.SubmitIdeaAsync("SMED", "Réduire les réglages", "chef.projet");
        await p.AcceptAsync(new ProjectCharter(ProjectMethod.Pdca, sponsor, "chef.projet", ["methodes"], Today.AddDays(60), "Poste"), 1, "chef.projet");
        return p;
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    /// <summary>
    /// A site of its own with the demo plant's master data, configured workstations and a computed plan
    /// (the shared "DEMO" site stays for DemoPlantTests, which seeds it first).
    /// </summary>
    private async Task<string> DemoCopyAsync()
    {
        var code = "W" + Guid.NewGuid().ToString("N")[..8];
        var data = DemoPlant.BuildMasterData(Today);
        await fixture.Grains.GetGrain<ISiteGrain>(code).ImportMasterDataAsync(data, 0, "admin");
        foreach (var w in data.Workstations)
        {
            await fixture.Grains.GetGrain<IWorkstationGrain>(WorkstationKey.Of(code, w.Code)).ConfigureAsync(w, null, "admin");
        }

        await fixture.Grains.GetGrain<IPlanGrain>(PlanKey.Of(code)).RecalculateAsync(Today, "planificateur");
        return code;
    }

    [Fact]
    public async Task Setup_time_reduction_on_the_most_loaded_workstation_lowers_its_load_and_leaves_the_real_plan_untouched()
    {
        var code = await DemoCopyAsync();
        var plan = fixture.Grains.GetGrain<IPlanGrain>(PlanKey.Of(code));
        var site = fixture.Grains.GetGrain<ISiteGrain>(code);
        var capacity = await plan.GetCapacityAsync();
        // the most loaded workstation of the computed plan: highest peak utilisation over the horizon
        var busiest = capacity.OrderByDescending(r => r.Weeks.Max(w => w.Available > 0 ? w.Load / w.Available : 0)).First();
        var before = (Summary: Json(await plan.GetSummaryAsync()), Capacity: Json(capacity), Snapshots: (await plan.GetSnapshotsAsync()).Count,
            Info: await site.GetInfoAsync(), Data: Json(await site.GetMasterDataAsync()),
            Station: Json((await fixture.Grains.GetGrain<IWorkstationGrain>(WorkstationKey.Of(code, busiest.Workstation)).GetAsync())!.Weeks));
        Assert.NotEqual("[]", before.Station);

        var p = await NewProjectAsync(code);
        var v = (await p.GetAsync())!;
        v = await p.SaveParameterChangeAsync(new ParameterChange(Guid.Empty, ParameterKind.SetupTimePercent, busiest.Workstation, null, -50), v.Version, "chef.projet");
        var result = await p.SimulateAsync(Today, "chef.projet");

        var row = result.Workstations.Single(w => w.Workstation == busiest.Workstation);
        Assert.True(row.TotalAfter < row.TotalBefore, $"{row.TotalAfter} !< {row.TotalBefore}");
        Assert.True(row.PeakAfter < row.PeakBefore);
        Assert.True(row.OverloadedWeeksAfter <= row.OverloadedWeeksBefore);
        Assert.Equal(busiest.Weeks.Select(w => w.Load), row.LoadBefore); // "before" is the current plan
        Assert.All(result.Workstations.Where(w => w.Workstation != busiest.Workstation), w => Assert.Equal(w.LoadBefore, w.LoadAfter));
        Assert.True(result.After.OverloadedWorkstationWeeks <= result.Before.OverloadedWorkstationWeeks);
        Assert.InRange(result.Before.OtdPercent, 0, 100);
        var simulated = Assert.Single(result.Parameters!); // typed: the page and the A3 word it
        Assert.Equal((ParameterKind.SetupTimePercent, busiest.Workstation, -50.0), (simulated.Kind, simulated.Target, simulated.Value));
        Assert.Empty(result.Changes);
        Assert.NotNull((await p.GetAsync())!.Simulation);

        // the real plan, master data and workstation are exactly as before
        Assert.Equal(before.Summary, Json(await plan.GetSummaryAsync()));
        Assert.Equal(before.Capacity, Json(await plan.GetCapacityAsync()));
        Assert.Equal(before.Snapshots, (await plan.GetSnapshotsAsync()).Count);
        Assert.Equal(before.Info.Version, (await site.GetInfoAsync()).Version);
        Assert.Equal(before.Data, Json(await site.GetMasterDataAsync()));
        Assert.Equal(before.Station, Json((await fixture.Grains.GetGrain<IWorkstationGrain>(WorkstationKey.Of(code, busiest.Workstation)).GetAsync())!.Weeks));
    }

    [Fact]
    public async Task Invalid_parameter_is_refused_with_a_clear_message_and_nothing_changes()
    {
        var code = "V" + Guid.NewGuid().ToString("N")[..8];
        var site = fixture.Grains.GetGrain<ISiteGrain>(code);
        await site.ImportMasterDataAsync(DemoPlant.BuildMasterData(Today), 0, "admin");
        var data = Json(await site.GetMasterDataAsync());
        var p = await NewProjectAsync(code);
        var v = (await p.GetAsync())!;

        var unknown = await Assert.ThrowsAsync<CommandRejectedException>(() => p.SaveParameterChangeAsync(new ParameterChange(Guid.Empty, ParameterKind.SetupTimePercent, "NOPE-99", null, -50), v.Version, "chef.projet"));
        Assert.Equal(["UnknownWorkstation(NOPE-99)"], unknown.Reasons.Select(r => r.ToString()));
        var range = await Assert.ThrowsAsync<CommandRejectedException>(() => p.SaveParameterChangeAsync(new ParameterChange(Guid.Empty, ParameterKind.SetupTimePercent, DemoPlant.OverloadedWorkstation, null, -120), v.Version, "chef.projet"));
        Assert.Equal([Refusal.TimeChangeOutOfRange], range.Kinds);
        var shifts = await Assert.ThrowsAsync<CommandRejectedException>(() => p.SaveParameterChangeAsync(new ParameterChange(Guid.Empty, ParameterKind.Shifts, DemoPlant.OverloadedWorkstation, null, 4), v.Version, "chef.projet"));
        Assert.Equal([Refusal.ShiftsOutOfRange], shifts.Kinds);
        var nothing = await Assert.ThrowsAsync<CommandRejectedException>(() => p.SimulateAsync(Today, "chef.projet"));
        Assert.Equal([Refusal.NothingToSimulate], nothing.Kinds);

        Assert.Empty((await p.GetAsync())!.Changes);
        Assert.Equal(v.Version, (await p.GetAsync())!.Version);
        Assert.Equal(data, Json(await site.GetMasterDataAsync()));
    }

    [Fact]
    public async Task Approved_changes_are_applied_to_master_data_with_the_project_as_origin()
    {
        // The web service flows the actor's rights: applying to the master data needs the planner role too.
        using var planner = ActorContext.Set(isAdmin: false, mayPlan: true);
        var code = "S" + Guid.NewGuid().ToString("N")[..8];
        var site = fixture.Grains.GetGrain<ISiteGrain>(code);
        var data = MasterDataSet.Empty with
        {
            Items = [new ItemData("PF", "Produit fini", "F", ItemSource.Make, "u", 50, 5, 0), new ItemData("MP", "Matière", "", ItemSource.Buy, "kg", 2, 10, 20)],
            Bom = [new BomLineData("PF", "MP", 2)],
            Workstations = [new WorkstationData("BANC", "Banc", WorkstationData.Shifts(1), 1, 1, [])],
            Routings = [new RoutingOperationData("PF", 10, "BANC", 2, 0.5)],
        };
        await site.ImportMasterDataAsync(data, 0, "admin");
        var stored = Json(await site.GetMasterDataAsync());
        var station = fixture.Grains.GetGrain<IWorkstationGrain>(WorkstationKey.Of(code, "BANC"));
        await station.ConfigureAsync(data.Workstations[0], null, "admin");

        var p = await NewProjectAsync(code);
        var v = (await p.GetAsync())!;
        v = await p.SaveParameterChangeAsync(new ParameterChange(Guid.Empty, ParameterKind.SetupTimePercent, "BANC", "PF", -25), v.Version, "chef.projet");
        v = await p.SaveParameterChangeAsync(new ParameterChange(Guid.Empty, ParameterKind.SafetyStock, "MP", null, 40), v.Version, "chef.projet");
        v = await p.SaveParameterChangeAsync(new ParameterChange(Guid.Empty, ParameterKind.Shifts, "BANC", null, 2), v.Version, "chef.projet");

        await Assert.ThrowsAsync<CommandRejectedException>(() => p.ApproveChangesAsync(v.Version, "directeur")); // not simulated yet
        await p.SimulateAsync(Today, "chef.projet");
        v = (await p.GetAsync())!;
        await Assert.ThrowsAsync<CommandRejectedException>(() => p.ApplyChangesAsync(v.Version, "chef.projet")); // not approved
        await Assert.ThrowsAsync<CommandRejectedException>(() => p.ApproveChangesAsync(v.Version, "chef.projet")); // not the sponsor
        v = await p.ApproveChangesAsync(v.Version, "directeur");
        var tooEarly = await Assert.ThrowsAsync<CommandRejectedException>(() => p.ApplyChangesAsync(v.Version, "chef.projet")); // still in Plan
        Assert.Equal(Refusal.ChangesAppliedFromPhase, tooEarly.Kind);
        Assert.Equal("Phase.Pdca.1", tooEarly.Reasons[0].Args[0].Text);
        Assert.Equal(stored, Json(await site.GetMasterDataAsync()));

        // reach "Do" (fill the Plan gate)
        foreach (var s in new[] { A3Section.Context, A3Section.CurrentSituation, A3Section.Target, A3Section.RootCauseAnalysis, A3Section.Countermeasures })
        {
            v = await p.SetA3SectionAsync(s, "texte", v.Version, "chef.projet");
        }

        v = await p.AddKpiAsync("Réglage", "h", 2, 1.5, v.Version, "chef.projet");
        v = await p.SaveWhyChainAsync(new WhyChain(Guid.Empty, "Surcharge", ["Réglages longs"], "Pas de SMED"), v.Version, "chef.projet");
        await p.AddActionAsync(new NewAction("SMED", null, "methodes", Today.AddDays(5), ActionPriority.Normal, null), "chef.projet");
        v = (await p.GetAsync())!;
        v = await p.SetEstimatedGainsAsync(new ProjectGains(5000, 100, 0, 0), v.Version, "chef.projet");
        v = await p.RequestGateAsync(v.Version, "chef.projet");
        v = await p.DecideGateAsync(true, null, v.Version, "directeur");
        Assert.Equal("Pdca.1", v.PhaseKey);
        Assert.Equal("directeur", v.ChangesApprovedBy);

        v = await p.ApplyChangesAsync(v.Version, "chef.projet");
        Assert.NotNull(v.ChangesAppliedAt);
        var after = await site.GetMasterDataAsync();
        Assert.Equal(1.5, after.Routings.Single().SetupHours);
        Assert.Equal(0.5, after.Routings.Single().RunHoursPerUnit);
        Assert.Equal(40, after.Items.Single(i => i.Code == "MP").SafetyStock);
        Assert.Equal(16, after.Workstations.Single().HoursByDay[0]);
        Assert.Equal(16, (await station.GetAsync())!.Data.HoursByDay[0]);
        Assert.Equal("chef.projet", (await site.GetInfoAsync()).ModifiedBy);
        var projectHistory = await p.GetHistoryAsync();
        var applied = projectHistory.Single(h => h.What == nameof(ProjectEvent.ChangesApplied));
        Assert.Contains(applied.Changes, c => c.Key == HistoryField.SetupHours && c.Subject == "PF/10 (BANC)" && c.From == "2" && c.To == "1.5");
        Assert.Contains(applied.Changes, c => c.Key == HistoryField.SafetyStock && c.Subject == "MP" && c.From == "20" && c.To == "40");
        Assert.Contains((await station.GetHistoryAsync()), h => h.User == "chef.projet" && h.Event == HistoryEvent.WorkstationCalendarChanged);
        await Assert.ThrowsAsync<CommandRejectedException>(() => p.ApplyChangesAsync(v.Version, "chef.projet")); // only once
    }
}
