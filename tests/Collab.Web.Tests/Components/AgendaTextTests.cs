using System.Globalization;
using Collab.Contracts.Common;
using Collab.Contracts.Meetings;
using Collab.Contracts.Orders;
using Collab.Contracts.Plan;
using Collab.Contracts.Projects;
using Collab.Contracts.Sites;
using Collab.Contracts.Workstations;
using Collab.Domain.Meetings;
using Collab.Web.Components.Pages.Meetings;
using Collab.Web.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Collab.Web.Tests.Components;

/// <summary>
/// The typed agenda (issue #13 item 3) is worded only at the edge: built by the domain from a plant with every kind of
/// line, rendered in English it contains none of the domain's French terms, and in French it reads as before.
/// </summary>
public sealed class AgendaTextTests
{
    private static readonly DateOnly Today = new(2026, 12, 2);

    /// <summary>French words the domain used to put in agenda lines, KPIs and histories (seen in the English UI).</summary>
    private static readonly string[] FrenchTerms =
    [
        "Actions ouvertes", "Arrêts", "Incidents ouverts", "Commandes clients", "retard", "risque", "Postes surchargés", "semaines",
        "Ruptures", "relancer", "Réception", "Ordres de fabrication", "bloqués", "Lancé", "non démarré", "Indicateurs", "Taux de service",
        "Charge", "Carnet", "Objectif", "Ce qui a changé", "recalculé", "Phase en cours", "points de passage", "Fait", "Manquant",
        "non mesuré", "Aucun", "Planifié", "À faire", "Qté", "Échéance", "Promise le", "Besoin", "Début", "Manque matière", "Capacité",
        "Qualité", "Demande", "Stratégie", "Lissage", "Poursuite", "Décisions", "Réunion", "Pilote", "Signalé", "Sécurité", "Délai",
        "désignés", "chef de projet", "Mesurer",
    ];

    private static AgendaText Text()
    {
        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);
        return new AgendaText(new StringLocalizer<MeetingsResource>(factory), new StringLocalizer<PlannerResource>(factory), new StringLocalizer<SharedResource>(factory), new StringLocalizer<ProjectsResource>(factory));
    }

    private static OrderSummary Order(ObjectKind kind, string number, string item, DateOnly due, DateOnly? start = null, int exceptions = 0) =>
        new(new ObjectRef(kind, number), "Acme", "Released", false, [new OrderLineSummary(1, item, 5, due)], due, start, null, true, 1, exceptions, 0, new OtdFigures(2, 1), 1, null, null);

    private static (GeneratedAgenda Daily, GeneratedAgenda Sop, GeneratedAgenda Review) Agendas()
    {
        var monday = new DateOnly(2026, 11, 30);
        var previous = new ObjectRef(ObjectKind.Meeting, "SR-1-20261201");
        ActionItem Action(string title, DateOnly due, ObjectRef? meeting) =>
            new(Guid.NewGuid(), title, null, "buyer", due, ActionPriority.Normal, ActionStatus.ToDo, new ObjectRef(ObjectKind.Site, "S1"), meeting, [], "x", DateTimeOffset.UnixEpoch, null, null, 1);
        var station = new WorkstationView("S1", new WorkstationData("MILL-01", "Milling", [8, 8, 8, 8, 8, 0, 0], 1, 1, []),
            [new WeekLoad(monday, 100, 126, [new OrderHours("MO-2", "FG-2", false, 10)]), new WeekLoad(monday.AddDays(7), 100, 107, [])], [],
            [new Incident(Guid.NewGuid(), DateTimeOffset.UnixEpoch, "lead", "Oil leak", IncidentSeverity.Stop, null, null),
             new Incident(Guid.NewGuid(), DateTimeOffset.UnixEpoch, "lead", "Scratch", IncidentSeverity.Minor, null, null)], 1, null, null);
        var snapshot = new AgendaSnapshot
        {
            Today = Today,
            PreviousMeetingId = previous.Id,
            OpenActions = [Action("Call the foundry", Today.AddDays(-2), null), Action("Train night shift", Today.AddDays(-1), previous)],
            Orders =
            [
                Order(ObjectKind.CustomerOrder, "SO-1", "FG-1", Today.AddDays(-3)),
                Order(ObjectKind.CustomerOrder, "SO-2", "FG-1", Today.AddDays(3), exceptions: 1),
                Order(ObjectKind.PurchaseOrder, "PO-1", "RM-1", Today.AddDays(-2)),
                Order(ObjectKind.PurchaseOrder, "PO-2", "RM-2", Today.AddDays(9)),
                Order(ObjectKind.ManufacturingOrder, "MO-1", "FG-1", Today.AddDays(3), Today.AddDays(-1)),
                Order(ObjectKind.ManufacturingOrder, "MO-2", "FG-2", Today.AddDays(3), Today.AddDays(1)),
            ],
            Workstations = [station],
            Bom = [new BomLineData("FG-1", "RM-1", 1)],
            PlanRunId = "r2",
            Exceptions =
            [
                new PlanExceptionView(Collab.Planning.Mrp.MrpExceptionType.LateDemand, "FG-1", "SO-1", Today, null, 5),
                new PlanExceptionView(Collab.Planning.Mrp.MrpExceptionType.PastDueRelease, "RM-3", null, Today, null, 7),
                new PlanExceptionView(Collab.Planning.Mrp.MrpExceptionType.RescheduleIn, "RM-2", "PO-2", Today.AddDays(9), Today.AddDays(4), 5),
            ],
            Changes = PlanChangeState.NotRecalculated,
        };
        var sop = new SopView([new DateOnly(2026, 12, 1)],
            [new SopFamilyView("BIKES", "Level", [10], [0], [0], [10], [new SopPlanView("Level", [8], [-2], [0])])],
            [new SopStrategyRow("Level", 8, 1, 2, 0, 1.1, 1), new SopStrategyRow("Chase", 10, 0, 0, 1, 0.9, 0)]);
        var project = new ObjectRef(ObjectKind.ImprovementProject, "S1/PRJ-1");
        var review = new ProjectReviewAgenda("PRJ-1", "Setups", ProjectMethod.Dmaic, "Mesurer", [new GateCheck("Scope set", true), new GateCheck("Gains estimated", false), new GateCheck(nameof(GateCheckKind.Team), false, GateCheckKind.Team)],
            [], [new ReviewKpi("Setup time", "min", 15, 7, null, false)], "lead", "sponsor", Phase: 1);
        return (AgendaBuilder.Build(snapshot), AgendaBuilder.Build(snapshot with { Type = MeetingType.WeeklySop, Sop = sop, Changes = PlanChangeState.RunNotKept }),
            AgendaBuilder.BuildProjectReview(review with { Checklist = [] }, project, [], Today) is var empty
                ? new GeneratedAgenda([.. AgendaBuilder.BuildProjectReview(review, project, [], Today).Items, .. empty.Items], [], null) : null!);
    }

    private static List<string> Render(AgendaText text, params GeneratedAgenda[] agendas)
    {
        var words = new List<string>();
        foreach (var agenda in agendas)
        {
            foreach (var item in agenda.Items)
            {
                words.Add(text.Title(item));
                words.Add(text.Category(item.Category));
                words.Add(text.More(3));
                foreach (var line in item.Lines)
                {
                    var t = text.Line(line);
                    words.AddRange(new[] { t.Label, t.Detail, t.Date, t.Value }.Where(x => x is not null)!);
                }
            }

            foreach (var kpi in agenda.Kpis)
            {
                var (name, value, target) = text.Kpi(kpi);
                words.AddRange(new[] { name, value, target }.Where(x => x is not null)!);
            }
        }

        foreach (var e in Enum.GetNames<MeetingEvent>())
        {
            words.Add(text.History(new HistoryEntry(1, DateTimeOffset.UnixEpoch, "u", e, [])));
        }

        return words;
    }

    [Fact]
    public void The_agenda_rendered_in_english_has_no_french_domain_term()
    {
        var (daily, sop, review) = Agendas();
        // Every kind of line is exercised.
        var kinds = new[] { daily, sop, review }.SelectMany(a => a.Items).SelectMany(i => i.Lines).Select(l => l.Kind).ToHashSet();
        Assert.Empty(Enum.GetValues<AgendaLineKind>().Except(kinds).Except([AgendaLineKind.ObjectReference, AgendaLineKind.PlanChange, AgendaLineKind.PlanNotCalculatedBefore, AgendaLineKind.PlanUnchanged, AgendaLineKind.NoOverdueAction, AgendaLineKind.NoKpi]));

        var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (CultureInfo.GetCultureInfo("en-GB"), CultureInfo.GetCultureInfo("en-GB"));
            var english = Render(Text(), daily, sop, review);
            var found = english.SelectMany(w => FrenchTerms.Where(f => w.Contains(f, StringComparison.OrdinalIgnoreCase)).Select(f => $"« {f} » in « {w} »")).ToList();
            Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
            Assert.Contains("Late or at-risk customer orders", english);
            Assert.Contains("Current phase: Measure — gate checklist", english); // the phase worded from its typed key
            Assert.Contains(english, w => w.StartsWith("Material short: RM-1", StringComparison.Ordinal));
            Assert.Contains("Meeting closed", english);
            Assert.Contains("Sponsor, project lead and team appointed", english); // a typed gate check, worded by its kind

            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (CultureInfo.GetCultureInfo("fr-FR"), CultureInfo.GetCultureInfo("fr-FR"));
            var french = Render(Text(), daily, sop, review);
            Assert.Contains("Commandes clients en retard ou à risque", french);
            Assert.Contains("Phase en cours : Mesurer — points de passage", french);
            Assert.Contains("Manque matière : RM-1", french);
            Assert.Contains("Réunion close", french);
            Assert.Contains("Sponsor, chef de projet et équipe désignés", french);
            Assert.Contains("Taux de service (OTD)", french);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = before;
        }
    }

    [Fact]
    public void Every_resource_key_exists_in_french_and_english()
    {
        var dir = Path.Combine(Infrastructure.SourceTree.Root, "src", "Collab.Web", "Resources");
        static HashSet<string> Keys(string file) => [.. System.Xml.Linq.XDocument.Load(file).Root!.Elements("data").Select(d => (string)d.Attribute("name")!)];
        Assert.Equal(Keys(Path.Combine(dir, "MeetingsResource.resx")).Order(), Keys(Path.Combine(dir, "MeetingsResource.en.resx")).Order());
    }
}
