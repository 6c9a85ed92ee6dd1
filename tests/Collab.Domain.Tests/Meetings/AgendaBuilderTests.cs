using Collab.Planning.Mrp;
using Collab.Contracts.Common;
using Collab.Contracts.Meetings;
using Collab.Contracts.Orders;
using Collab.Contracts.Plan;
using Collab.Contracts.Projects;
using Collab.Contracts.Sites;
using Collab.Contracts.Workstations;
using Collab.Domain.Meetings;

namespace Collab.Domain.Tests.Meetings;

/// <summary>The agenda of a meeting from a snapshot of the plant: each SQCDP rule, the order, the caps, S&amp;OP, reviews.</summary>
public sealed class AgendaBuilderTests
{
    private static readonly DateOnly Today = new(2026, 12, 2); // a Wednesday
    private static readonly DateOnly Monday = new(2026, 11, 30);

    // ---- builders ----

    private static OrderSummary Order(ObjectKind kind, string number, string item, double qty, DateOnly due, DateOnly? start = null,
        string status = "Released", string party = "Client", int exceptions = 0, bool closed = false, DateOnly? needed = null, OtdFigures? otd = null) =>
        new(new ObjectRef(kind, number), party, status, closed, [new OrderLineSummary(1, item, qty, due)], due, start, needed, true, 1, exceptions, 0,
            otd ?? new OtdFigures(0, 0), 1, null, null);

    private static ActionItem Action(string title, DateOnly due, ObjectRef? meeting = null, ActionStatus status = ActionStatus.ToDo, ActionPriority priority = ActionPriority.Normal) =>
        new(Guid.NewGuid(), title, null, "acheteur", due, priority, status, new ObjectRef(ObjectKind.Site, "S1"), meeting, [], "animateur", DateTimeOffset.UnixEpoch, null, null, 1);

    private static WorkstationView Station(string code, double[] loadPercent, Incident[]? incidents = null, (string Order, int Week)[]? orders = null)
    {
        var weeks = loadPercent.Select((p, i) => new WeekLoad(Monday.AddDays(7 * i), 100, p,
            [.. (orders ?? []).Where(o => o.Week == i).Select(o => new OrderHours(o.Order, "X", false, 10))])).ToList();
        return new WorkstationView("S1", new WorkstationData(code, "Poste " + code, [8, 8, 8, 8, 8, 0, 0], 1, 1, []), weeks, [], incidents ?? [], 1, null, null);
    }

    private static Incident Incident(string title, IncidentSeverity severity, int hoursAgo = 1) =>
        new(Guid.NewGuid(), new DateTimeOffset(Today.ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero).AddHours(-hoursAgo), "chef.atelier", title, severity, null, null);

    private static AgendaSnapshot Plant() => new()
    {
        Today = Today,
        PreviousMeetingId = "SR-1-20261201",
        OpenActions =
        [
            Action("Relancer le fondeur", Today.AddDays(-3)),
            Action("Former l'équipe de nuit", Today.AddDays(2), new ObjectRef(ObjectKind.Meeting, "SR-1-20261201")),
        ],
        Orders =
        [
            Order(ObjectKind.CustomerOrder, "CC-1", "PF-1", 5, Today.AddDays(-4), party: "Garage Dupont"),
            Order(ObjectKind.CustomerOrder, "CC-2", "PF-1", 8, Today.AddDays(5), party: "Cycles Martin", exceptions: 2),
            Order(ObjectKind.PurchaseOrder, "OA-1", "MP-1", 100, Today.AddDays(-2), party: "Fonderie"),
            Order(ObjectKind.ManufacturingOrder, "OF-1", "PF-1", 5, Today.AddDays(3), start: Today.AddDays(-1)),
            Order(ObjectKind.ManufacturingOrder, "OF-2", "PF-2", 5, Today.AddDays(3), start: Today.AddDays(-1)),
        ],
        Workstations =
        [
            Station("USI-01", [126, 107, 80, 60], [Incident("Fuite d'huile", IncidentSeverity.Stop)]),
            Station("ASS-01", [50, 60], [Incident("Rayure carter", IncidentSeverity.Minor)]),
        ],
        Bom = [new BomLineData("PF-1", "MP-1", 1)],
        PlanRunId = "run-2",
        Changes = PlanChangeState.Compared,
        PlanChanges = [new Collab.Contracts.Plan.PlanChange(Collab.Contracts.Plan.PlanChangeKind.NewLateDemand, "CC-3", "PF-1", DelayWeeks: 1)],
    };

    // ---- SQCDP ----

    [Fact]
    public void Previous_actions_first_then_sqcdp_order_then_kpis_and_changes()
    {
        var agenda = AgendaBuilder.Build(Plant());

        Assert.Equal(
            [AgendaSource.PreviousActions, AgendaSource.StopIncidents, AgendaSource.OpenIncidents, AgendaSource.LateCustomerOrders,
             AgendaSource.OverloadedWorkstations, AgendaSource.Shortages, AgendaSource.BlockedManufacturingOrders, AgendaSource.OverdueActions,
             AgendaSource.Kpis, AgendaSource.PlanChanges],
            agenda.Items.Select(i => i.Source));
        Assert.Equal([SqcdpCategory.People, SqcdpCategory.Safety, SqcdpCategory.Quality], agenda.Items.Take(3).Select(i => i.Category));
        Assert.All(agenda.Items, i => Assert.Equal("", i.Title)); // generated items carry no text: the Web names them
        Assert.Equal("run-2", agenda.PlanRunId);
    }

    [Fact]
    public void Previous_meeting_actions_are_not_repeated_as_overdue_actions()
    {
        var plant = Plant();
        var previous = new ObjectRef(ObjectKind.Meeting, plant.PreviousMeetingId!);
        var lateFromLast = Action("Changer le joint", Today.AddDays(-1), previous);
        var agenda = AgendaBuilder.Build(plant with { OpenActions = [.. plant.OpenActions, lateFromLast] });

        var first = agenda.Items[0];
        Assert.Equal(AgendaSource.PreviousActions, first.Source);
        Assert.Equal(["Changer le joint", "Former l'équipe de nuit"], first.Lines.Select(l => l.Name));
        Assert.True(first.Lines[0].Alert);
        Assert.Equal(1, first.Lines[0].Figure(0)); // one day overdue
        var overdue = agenda.Items.Single(i => i.Source == AgendaSource.OverdueActions);
        Assert.Equal(["Relancer le fondeur"], overdue.Lines.Select(l => l.Name));
    }

    [Fact]
    public void Safety_is_stopping_incidents_quality_the_other_open_ones()
    {
        var agenda = AgendaBuilder.Build(Plant());
        var safety = agenda.Items.Single(i => i.Source == AgendaSource.StopIncidents);
        var line = Assert.Single(safety.Lines);
        Assert.Equal((AgendaLineKind.Incident, "Fuite d'huile", "USI-01", true), (line.Kind, line.Name, line.Item, line.Alert));
        Assert.Equal(new ObjectRef(ObjectKind.Workstation, "USI-01"), line.Object);
        var quality = agenda.Items.Single(i => i.Source == AgendaSource.OpenIncidents);
        Assert.Equal(("Rayure carter", false, nameof(IncidentSeverity.Minor)), (quality.Lines[0].Name, quality.Lines[0].Alert, quality.Lines[0].Status));
    }

    [Fact]
    public void Partner_names_and_item_descriptions_ride_beside_their_codes_but_a_person_is_not_renamed()
    {
        var plant = Plant() with
        {
            PartyNames = new Dictionary<string, string> { ["Garage Dupont"] = "Garage Dupont SARL", ["acheteur"] = "Not a partner" },
            ItemNames = new Dictionary<string, string> { ["PF-1"] = "Vanne DN50" },
        };
        var items = AgendaBuilder.Build(plant).Items;
        var late = items.Single(i => i.Source == AgendaSource.LateCustomerOrders).Lines[0];
        Assert.Equal(("Garage Dupont", "Garage Dupont SARL", "PF-1", "Vanne DN50"), (late.Party, late.PartyName, late.Item, late.ItemName));
        var action = items.Single(i => i.Source == AgendaSource.PreviousActions).Lines[0];
        Assert.Null(action.PartyName);
        Assert.Null(AgendaBuilder.Build(Plant()).Items.Single(i => i.Source == AgendaSource.LateCustomerOrders).Lines[0].PartyName);
    }

    [Fact]
    public void Delivery_lists_late_orders_first_then_those_at_risk_with_days_and_quantities()
    {
        var item = AgendaBuilder.Build(Plant()).Items.Single(i => i.Source == AgendaSource.LateCustomerOrders);
        Assert.Equal([AgendaLineKind.LateCustomerOrder, AgendaLineKind.AtRiskCustomerOrder], item.Lines.Select(l => l.Kind));
        var late = item.Lines[0];
        Assert.Equal(("CC-1", "Garage Dupont", "PF-1", 5.0, 4.0, true), (late.Name, late.Party, late.Item, late.Quantity, late.Figure(0), late.Alert));
        Assert.Equal(new ObjectRef(ObjectKind.CustomerOrder, "CC-1"), late.Object);
        Assert.False(item.Lines[1].Alert);
        Assert.Equal(2, item.Lines[1].Figure(0)); // plan messages
    }

    [Fact]
    public void Overloaded_workstations_carry_their_weekly_load_and_the_chart_of_the_worst_to_scale()
    {
        var item = AgendaBuilder.Build(Plant()).Items.Single(i => i.Source == AgendaSource.OverloadedWorkstations);
        var line = Assert.Single(item.Lines);
        Assert.Equal("USI-01", line.Name);
        Assert.Equal([126.0, 107], line.Figures!);
        Assert.NotNull(item.Chart);
        Assert.Equal([126.0, 107, 80, 60], item.Chart!.Values);
        Assert.Equal(100, item.Chart.Reference);
        Assert.Equal(Monday, item.Chart.Weeks![0]);
        Assert.DoesNotContain("Charge", item.Chart.Title, StringComparison.Ordinal); // the Web words it
    }

    [Fact]
    public void Shortages_list_plan_shortages_pos_to_expedite_and_late_receipts()
    {
        var plant = Plant() with
        {
            Exceptions =
            [
                new PlanExceptionView(MrpExceptionType.LateDemand, "PF-1", "CC-1", Today, null, 5),
                new PlanExceptionView(MrpExceptionType.RescheduleIn, "MP-1", "OA-1", Today.AddDays(-2), Today.AddDays(-5), 100),
                new PlanExceptionView(MrpExceptionType.RescheduleOut, "MP-9", "OA-9", Today, Today.AddDays(9), 10),
            ],
        };
        var item = AgendaBuilder.Build(plant).Items.Single(i => i.Source == AgendaSource.Shortages);
        Assert.Equal([AgendaLineKind.LateDemand, AgendaLineKind.ExpeditePurchase], item.Lines.Select(l => l.Kind)); // OA-1 not listed twice
        Assert.Equal(new ObjectRef(ObjectKind.CustomerOrder, "CC-1"), item.Lines[0].Object);
        Assert.Equal(("OA-1", "Fonderie", 3.0), (item.Lines[1].Name, item.Lines[1].Party, item.Lines[1].Figure(0)));

        var withoutExceptions = AgendaBuilder.Build(Plant()).Items.Single(i => i.Source == AgendaSource.Shortages);
        Assert.Equal(AgendaLineKind.LateReceipt, Assert.Single(withoutExceptions.Lines).Kind);
    }

    [Fact]
    public void Blocked_means_blocked_by_something_with_the_cause_not_merely_not_started()
    {
        var plant = Plant();
        // OF-1 makes PF-1 whose component MP-1 arrives late (OA-1): material. OF-2 (PF-2) has nothing against it.
        var item = AgendaBuilder.Build(plant).Items.Single(i => i.Source == AgendaSource.BlockedManufacturingOrders);
        var line = Assert.Single(item.Lines);
        Assert.Equal(("OF-1", AgendaCause.Material, "MP-1"), (line.Name, line.Cause, line.Detail));
        Assert.True(line.Alert); // should have started yesterday

        // Capacity: OF-2 loads the overloaded USI-01 in the week it is planned.
        var capacity = plant with { Workstations = [Station("USI-01", [126, 107], orders: [("OF-2", 0)]), plant.Workstations[1]] };
        var lines = AgendaBuilder.Build(capacity).Items.Single(i => i.Source == AgendaSource.BlockedManufacturingOrders).Lines;
        Assert.Contains(lines, l => l is { Name: "OF-2", Cause: AgendaCause.Capacity, Detail: "USI-01" });

        // Quality: OF-2 is queued on a workstation with an open major incident.
        var quality = plant with { Workstations = [Station("USI-01", [50], [Incident("Cote hors tolérance", IncidentSeverity.Major)], [("OF-2", 0)])] };
        lines = AgendaBuilder.Build(quality).Items.Single(i => i.Source == AgendaSource.BlockedManufacturingOrders).Lines;
        Assert.Contains(lines, l => l is { Name: "OF-2", Cause: AgendaCause.Quality, Detail: "USI-01", Alert: true });

        // Nothing blocks: released and not started is not an agenda item.
        var free = plant with { Bom = [], Orders = [.. plant.Orders.Where(o => o.Ref.Kind != ObjectKind.PurchaseOrder)] };
        Assert.DoesNotContain(AgendaBuilder.Build(free).Items, i => i.Source == AgendaSource.BlockedManufacturingOrders);
    }

    [Fact]
    public void Lists_are_capped_to_what_a_team_can_treat_most_urgent_first_and_count_the_rest()
    {
        var many = Enumerable.Range(1, 40).Select(i => Order(ObjectKind.CustomerOrder, $"CC-{i:00}", "PF-1", i, Today.AddDays(-i), party: "C")).ToList();
        var item = AgendaBuilder.Build(new AgendaSnapshot { Today = Today, Orders = many }).Items.Single(i => i.Source == AgendaSource.LateCustomerOrders);
        Assert.Equal(AgendaBuilder.MaxLines, item.Lines.Length);
        Assert.Equal(40 - AgendaBuilder.MaxLines, item.MoreLines);
        Assert.Equal("CC-40", item.Lines[0].Name); // 40 days late first
    }

    [Fact]
    public void Kpis_are_typed_figures_with_targets()
    {
        var orders = new[]
        {
            Order(ObjectKind.CustomerOrder, "CC-1", "PF-1", 5, Today.AddDays(-4)),
            Order(ObjectKind.CustomerOrder, "CC-9", "PF-1", 5, Today.AddDays(-20), closed: true, otd: new OtdFigures(4, 3)),
        };
        var kpis = AgendaBuilder.Kpis(orders, [Station("USI-01", [120, 80])], Today);
        Assert.Equal([MeetingKpiKind.OnTimeDelivery, MeetingKpiKind.WorkstationLoad, MeetingKpiKind.OpenOrderLines, MeetingKpiKind.LateCustomerOrders], kpis.Select(k => k.Kind));
        Assert.Equal((75.0, false), (kpis[0].Figure!.Value, kpis[0].OnTarget!.Value));
        Assert.Equal((100.0, true), (kpis[1].Figure!.Value, kpis[1].OnTarget!.Value));
        Assert.Equal((1.0, false), (kpis[3].Figure!.Value, kpis[3].OnTarget!.Value));
    }

    [Fact]
    public void Plan_changes_say_why_there_is_no_comparison()
    {
        AgendaLineKind Kind(PlanChangeState state) =>
            AgendaBuilder.Build(Plant() with { Changes = state, PlanChanges = [] }).Items.Single(i => i.Source == AgendaSource.PlanChanges).Lines.Single().Kind;

        Assert.Equal(AgendaLineKind.PlanNotCalculatedBefore, Kind(PlanChangeState.NotCalculatedBefore));
        Assert.Equal(AgendaLineKind.PlanNotRecalculated, Kind(PlanChangeState.NotRecalculated));
        Assert.Equal(AgendaLineKind.PlanRunNotKept, Kind(PlanChangeState.RunNotKept));
        Assert.Equal(AgendaLineKind.PlanUnchanged, Kind(PlanChangeState.Compared));
        // No previous meeting: no "what changed" item.
        Assert.DoesNotContain(AgendaBuilder.Build(Plant() with { PreviousMeetingId = null }).Items, i => i.Source == AgendaSource.PlanChanges);
    }

    [Fact]
    public void An_empty_plant_gives_an_empty_agenda()
    {
        var agenda = AgendaBuilder.Build(new AgendaSnapshot { Today = Today });
        Assert.Empty(agenda.Items);
        Assert.Null(agenda.PlanRunId);
        Assert.Equal(4, agenda.Kpis.Length);
        Assert.Null(agenda.Kpis[0].Figure); // no delivery yet: no OTD, not 0 %
        Assert.Null(agenda.Kpis[1].Figure);
    }

    // ---- S&OP ----

    [Fact]
    public void Weekly_sop_meeting_gets_families_strategies_and_decisions_not_the_daily_sqcdp()
    {
        var months = new[] { new DateOnly(2026, 12, 1), new DateOnly(2027, 1, 1), new DateOnly(2027, 2, 1) };
        SopPlanView Plan(string strategy, double[] production, double[] inventory) => new(strategy, production, inventory, [0, 0, 0]);
        var sop = new SopView(months,
        [
            new SopFamilyView("VELOS", "Level", [100, 100, 100], [0, 0, 0], [20, 20, 20], [120, 120, 120],
                [Plan("Chase", [120, 120, 120], [0, 0, 0]), Plan("Level", [100, 100, 100], [-20, -40, -60])]),
            new SopFamilyView("PIECES", "Chase", [50, 50, 50], [0, 0, 0], [0, 0, 0], [50, 50, 50], [Plan("Chase", [50, 50, 50], [5, 5, 5])]),
        ],
        [new SopStrategyRow("Chase", 1000, 2, 0, 4, 1.2, 2), new SopStrategyRow("Level", 900, 1, 60, 0, 0.9, 0)]);
        var agenda = AgendaBuilder.Build(Plant() with { Type = MeetingType.WeeklySop, Sop = sop });

        Assert.Equal([AgendaSource.PreviousActions, AgendaSource.SopFamilies, AgendaSource.SopStrategies, AgendaSource.SopDecisions, AgendaSource.Kpis, AgendaSource.PlanChanges],
            agenda.Items.Select(i => i.Source));
        var families = agenda.Items.Single(i => i.Source == AgendaSource.SopFamilies).Lines;
        Assert.Equal("VELOS", families[0].Name); // the family whose plan leaves a backlog first
        Assert.Equal((360.0, 300.0, 90.0, -60.0), (families[0].Figure(0)!.Value, families[0].Figure(1)!.Value, families[0].Figure(2)!.Value, families[0].Figure(3)!.Value));
        Assert.True(families[0].Alert);
        var strategies = agenda.Items.Single(i => i.Source == AgendaSource.SopStrategies).Lines;
        Assert.Equal(["Chase", "Level"], strategies.Select(l => l.Name));
        Assert.All(strategies, l => Assert.Equal("Chosen", l.Status));
        var decisions = agenda.Items.Single(i => i.Source == AgendaSource.SopDecisions).Lines;
        Assert.Equal([("VELOS", AgendaCause.Backlog), ("PIECES", AgendaCause.Overload)], decisions.Select(d => (d.Name!, d.Cause)));
        Assert.Equal(60, decisions[0].Figure(0));
    }

    [Fact]
    public void Weekly_sop_without_a_plan_run_has_no_sop_items()
    {
        var agenda = AgendaBuilder.Build(new AgendaSnapshot { Today = Today, Type = MeetingType.WeeklySop });
        Assert.Empty(agenda.Items);
    }

    // ---- project review ----

    [Fact]
    public void Project_review_lists_the_phase_checklist_overdue_actions_and_kpis_always_present()
    {
        var project = new ObjectRef(ObjectKind.ImprovementProject, ProjectKey.Of("S1", "PRJ-1"));
        var review = new ProjectReviewAgenda("PRJ-1", "Réglages", ProjectMethod.Pdca, "Do", [new GateCheck("Plan validé", true), new GateCheck("Mesure faite", false)],
            [Action("Mesurer", Today.AddDays(-2)) with { Origin = project }], [new ReviewKpi("TRS", "%", 60, 80, 70, false), new ReviewKpi("Rebuts", "%", 5, 2, null, false)], "lead", "sponsor", Phase: 1);
        var agenda = AgendaBuilder.BuildProjectReview(review, project, [], Today);

        Assert.Equal([AgendaSource.ProjectPhase, AgendaSource.OverdueActions, AgendaSource.Kpis], agenda.Items.Select(i => i.Source));
        Assert.Equal("Pdca.1", agenda.Items[0].TitleArgument); // typed: the UI words the phase
        Assert.Equal([("Met", false), ("Missing", true)], agenda.Items[0].Lines.Select(l => (l.Status!, l.Alert)));
        Assert.All(agenda.Items.SelectMany(i => i.Lines), l => Assert.Equal(project, l.Object));
        var kpis = agenda.Items[2].Lines;
        Assert.True(kpis[0].Alert); // measured, missed
        Assert.False(kpis[1].Alert); // not measured yet
        Assert.Null(kpis[1].Figure(1));

        var empty = AgendaBuilder.BuildProjectReview(review with { Checklist = [], OverdueActions = [], Kpis = [] }, project, [], Today);
        Assert.Equal([AgendaLineKind.NoGateCheck, AgendaLineKind.NoOverdueAction, AgendaLineKind.NoKpi], empty.Items.Select(i => i.Lines.Single().Kind));
        Assert.Equal(project, AgendaBuilder.ProjectRef("S1", new ObjectRef(ObjectKind.ImprovementProject, "PRJ-1")));
        Assert.Equal(project, AgendaBuilder.ProjectRef("OTHER", project));
    }
}
