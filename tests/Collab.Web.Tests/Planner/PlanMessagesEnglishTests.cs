using System.Text.Json;
using System.Text.RegularExpressions;
using Bunit;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Plan;
using Collab.Contracts.Projects;
using Collab.Contracts.Scheduling;
using Collab.Planning.Mrp;
using Collab.Web.Components.Pages.ImprovementProjects;
using Collab.Web.Components.Pages.Scheduling;
using Collab.Web.Components.Pages.Orders;
using Collab.Web.Components.Pages.Plan;
using Collab.Web.Resources;
using Collab.Web.Tests.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Radzen;

namespace Collab.Web.Tests.Planner;

/// <summary>
/// Issue #13 item 3: the plan's messages are typed in the domain and worded only by the UI. Rendered in English, the
/// exception list, the plan diff, the pegging kinds and order histories contain no French domain term; in French they
/// read as before. Histories stored as text before they were typed still show.
/// </summary>
public sealed class PlanMessagesEnglishTests
{
    private static readonly DateOnly Monday = new(2026, 11, 30);

    /// <summary>French words of the plan's domain that leaked into the English UI before (issue #13).</summary>
    private static readonly string[] FrenchTerms =
    [
        "Reculer", "Avancer", "Annuler", "Lancement", "Demande", "Commande", "Prévision", "Besoin", "Ordre", "créé", "Avancement",
        "déclaré", "Réception", "Expédition", "Ligne", "semaine", "retard", "lot pour lot", "automatique", "Fermeté", "Statut",
        "Quantité", "Fournisseur", "Client", "Article", "Nouvelle", "Nouveau", "résolu", "Surcharge", "disparu", "Ferme", "Date promise", "Date confirmée",
        "du ", " au ", "Bonnes", "Rebut", "Heures", "Début", "Fin", "Lancé", "Soldé", "Annulée", "causes :",
    ];

    private static IReadOnlyList<PlanExceptionView> Exceptions() =>
    [
        new(MrpExceptionType.PastDueRelease, "MP-011", null, Monday.AddDays(-7), Monday, 21),
        new(MrpExceptionType.RescheduleIn, "MP-012", "OA-2026-00012", Monday.AddDays(7), Monday, 20),
        new(MrpExceptionType.RescheduleOut, "MP-013", "OA-2026-00013", Monday, Monday.AddDays(7), 102),
        new(MrpExceptionType.Cancel, "MP-014", "OF-2026-00001", Monday, null, 5),
        new(MrpExceptionType.LateDemand, "PF-VAN-01", "CC-2026-00006", Monday, Monday.AddDays(9), 4, DelayWeeks: 1, Causes: ["MP-011"]),
    ];

    private static IReadOnlyList<PlanChange> Changes() =>
    [
        new(PlanChangeKind.NewLateDemand, "CC-2026-00006", "PF-VAN-01", DelayWeeks: 2),
        new(PlanChangeKind.ResolvedLateDemand, "CC-2026-00007", "PF-VAN-02"),
        new(PlanChangeKind.ExceptionAppeared, "OA-2026-00012", "MP-012", MrpExceptionType.RescheduleIn, AfterDate: Monday),
        new(PlanChangeKind.ExceptionCleared, "OA-2026-00013", "MP-013", MrpExceptionType.RescheduleOut, BeforeDate: Monday),
        new(PlanChangeKind.NewOverload, "ESS-01", AfterDate: Monday, ExcessHours: 12.5),
        new(PlanChangeKind.ResolvedOverload, "USI-01", BeforeDate: Monday),
        new(PlanChangeKind.PlannedOrderAdded, "MP-011", "MP-011", AfterDate: Monday, AfterQty: 21),
        new(PlanChangeKind.PlannedOrderRemoved, "MP-012", "MP-012", BeforeDate: Monday, BeforeQty: 20),
        new(PlanChangeKind.PlannedOrderMoved, "MP-013", "MP-013", BeforeDate: Monday, AfterDate: Monday.AddDays(7), BeforeQty: 5, AfterQty: 5),
        new(PlanChangeKind.PlannedOrderResized, "MP-014", "MP-014", BeforeDate: Monday, AfterDate: Monday, BeforeQty: 5, AfterQty: 8),
    ];

    /// <summary>One typed entry per event, with the typed fields the order grains write.</summary>
    private static IReadOnlyList<HistoryEntry> History()
    {
        var fields = new[]
        {
            FieldChange.Of(HistoryField.ConfirmedDate, null, "2026-12-07", 1),
            FieldChange.Of(HistoryField.Status, "Planned", "Released"),
            FieldChange.Of(HistoryField.GoodQuantity, "0", "12", 10),
            FieldChange.Of(HistoryField.Firmness, "0.6", "Firm"),
            FieldChange.Of(HistoryField.Action, null, "Call the foundry", subject: "Call the foundry"),
        };
        return [.. Enum.GetValues<HistoryEvent>().Select((e, k) => new HistoryEntry(k + 1, DateTimeOffset.UnixEpoch, "planner", e.ToString(),
            [.. Enum.GetValues<HistoryField>().Select(f => FieldChange.Of(f, "1", "2")), .. fields], e))];
    }

    private static ComponentTestContext Context(string culture)
    {
        var ctx = new ComponentTestContext(culture);
        ctx.Services.AddRadzenComponents();
        // History panels show people by display name: a real user directory over an empty Identity database.
        var settings = new Collab.Web.Hosting.CollabStorageSettings(Collab.Web.Hosting.CollabMode.Embedded,
            Directory.CreateTempSubdirectory("collab-plan-messages").FullName, null, SeedDemo: false);
        ctx.Services.AddDbContext<Collab.Web.Identity.CollabIdentityDbContext>(o => Collab.Web.Identity.IdentityStorage.Configure(o, settings));
        ctx.Services.AddIdentityCore<Collab.Web.Identity.CollabUser>().AddRoles<Microsoft.AspNetCore.Identity.IdentityRole>()
            .AddEntityFrameworkStores<Collab.Web.Identity.CollabIdentityDbContext>();
        ctx.Services.AddLogging();
        ctx.Services.AddSingleton(TimeProvider.System);
        ctx.Services.AddSingleton<Collab.Web.Components.Pages.People.UserDirectory>();
        using (var scope = ctx.Services.GetRequiredService<IServiceScopeFactory>().CreateScope())
        {
            Collab.Web.Identity.IdentityStorage.EnsureSchemaAsync(scope.ServiceProvider.GetRequiredService<Collab.Web.Identity.CollabIdentityDbContext>(), settings, CancellationToken.None).GetAwaiter().GetResult();
        }

        return ctx;
    }


    [Fact]
    public void English_plan_messages_have_no_french_domain_term()
    {
        using var ctx = Context("en-GB");
        var rendered = new List<string>
        {
            ctx.Render<ExceptionsList>(p => p.Add(x => x.Exceptions, Exceptions())).Find("[data-testid=exceptions]").TextContent,
            ctx.Render<PlanChangeList>(p => p.Add(x => x.Changes, Changes())).Find("[data-testid=plan-diff]").TextContent,
            ctx.Render<HistoryPanel>(p => p.Add(x => x.History, History())).Find("[data-testid=history-grid]").TextContent,
        };
        var pl = ctx.Services.GetRequiredService<IStringLocalizer<PlannerResource>>();
        rendered.AddRange(Enum.GetValues<PegKind>().Select(k => PlanText.Peg(pl, k)));
        rendered.AddRange(new[] { "LotForLot", "FixedQuantity", "FixedPeriods" }.Select(r => PlanText.Lot(pl, r)));
        rendered.Add(ctx.Services.GetRequiredService<Collab.Web.Components.Pages.People.UserDirectory>().Name("automatique"));
        // every history entry of the first page and the remaining ones too (the grid pages by 10)
        rendered.AddRange(History().SelectMany(h => h.Changes.Select(c => $"{PlanText.What(pl, h)} {PlanText.Field(pl, c)} {PlanText.Value(pl, c, c.From)} {PlanText.Value(pl, c, c.To)}")));

        var all = string.Join("\n", rendered);
        Assert.Contains("Push OA-2026-00013 (102 MP-013) out from 11/30 to 12/07.", all);
        Assert.Contains("Demand CC-2026-00006 (4 PF-VAN-01) about 1 week(s) late, available around 12/09 (causes: MP-011).", all);
        Assert.Contains("New overload: ESS-01 in W49 (11/30) (+12.5 h).", all);
        Assert.Contains("Purchase order created", all);
        Assert.Contains("Line 1: Confirmed date", all);
        Assert.Contains("lot for lot", all);
        Assert.Contains("automatic re-plan", all);
        foreach (var term in FrenchTerms)
        {
            Assert.False(all.Contains(term, StringComparison.Ordinal), $"French term « {term} » in the English UI:\n{all}");
        }

        Assert.DoesNotMatch(new Regex("[àâçéèêëîïôûùüÿœ]"), all);
    }

    [Fact]
    public void French_plan_messages_read_as_before_with_whole_pieces()
    {
        using var ctx = Context("fr-FR");
        var exceptions = ctx.Render<ExceptionsList>(p => p.Add(x => x.Exceptions, Exceptions())).Find("[data-testid=exceptions]").TextContent;
        Assert.Contains("Reculer OA-2026-00013 (102 MP-013) du 30/11 au 07/12.", exceptions);
        Assert.Contains("Avancer OA-2026-00012 (20 MP-012) du 07/12 au 30/11.", exceptions);
        var diff = ctx.Render<PlanChangeList>(p => p.Add(x => x.Changes, Changes())).Find("[data-testid=plan-diff]").TextContent;
        Assert.Contains("Nouvelle surcharge : ESS-01 en S49 (30/11) (+12,5 h).", diff);
        var pl = ctx.Services.GetRequiredService<IStringLocalizer<PlannerResource>>();
        Assert.Equal("lot pour lot", PlanText.Lot(pl, "LotForLot"));
        Assert.Equal("calcul automatique", ctx.Services.GetRequiredService<Collab.Web.Components.Pages.People.UserDirectory>().Name("automatique"));
        Assert.Equal("Prévision", PlanText.Peg(pl, PegKind.Forecast));
    }

    [Fact]
    public void Histories_stored_as_text_still_load_and_show_as_stored()
    {
        // A history entry and an exception as stored before they were typed (JSON of the grain state).
        const string oldHistory = """{"Version":3,"At":"2026-11-20T08:00:00+00:00","User":"acheteur","What":"Date confirmée","Changes":[{"Field":"Ligne 1 date confirmée","From":"—","To":"07/12/2026"}]}""";
        const string oldException = """{"Type":"RESCHEDULE_OUT","Item":"MP-013","Order":"OA-2026-00013","Message":"Reculer OA-2026-00013 (102 MP-013) du 30/11 au 07/12.","From":"2026-11-30","To":"2026-12-07","Qty":102,"Family":"","Buyer":null}""";
        var options = Collab.Infrastructure.Serialization.CollabSerialization.StateJson;
        var entry = JsonSerializer.Deserialize<HistoryEntry>(oldHistory, options)!;
        var exception = JsonSerializer.Deserialize<PlanExceptionView>(oldException, options)!;
        Assert.Null(entry.Event);
        Assert.Equal(MrpExceptionType.RescheduleOut, exception.Type);
        Assert.Contains("\"RESCHEDULE_OUT\"", JsonSerializer.Serialize(exception, options));

        using var ctx = Context("en-GB");
        var grid = ctx.Render<HistoryPanel>(p => p.Add(x => x.History, [entry])).Find("[data-testid=history-grid]").TextContent;
        Assert.Contains("Date confirmée", grid);
        Assert.Contains("Ligne 1 date confirmée : — → 07/12/2026", grid);
    }

    /// <summary>French words of the projects' and the schedule's domain that reached the English UI before (issue #13).</summary>
    private static readonly string[] ProjectFrenchTerms =
    [
        "Idée", "soumise", "Charte modifi", "modifié", "pourquoi", "ajouté", "retiré", "Indicateur", "Mesure ", "estimés", "confirmés", "Paramètre",
        "approuvé", "appliqué", "Passage de phase", "demandé", "refusé", "Statut", "Méthode", "Numéro", "Chef de projet", "Équipe", "Échéance",
        "Périmètre", "Effet", "Catégories", "Commandes en retard", "surcharge", "Temps de réglage", "Délai", "Stock de sécurité", "Main-d",
        "Milieu", "Matières", "Définir", "Mesurer", "Analyser", "Améliorer", "Contrôler", "goulot", "poste ", "attend", "origine",
        "calendrier", "juste-à-temps", "retard", "Recalcul (", "Ordonnancement", "pinglage", "ratio critique", "Contexte", "renseign", "désign", "soldées", "rédig", "Économies", "Rebut", "Motif",
    ];

    /// <summary>A project history as the grain writes it now: one entry per event, every field with a typed value.</summary>
    private static IReadOnlyList<HistoryEntry> ProjectHistory()
    {
        var parameter = ProjectHistoryValues.Parameter(new ParameterChange(Guid.Empty, ParameterKind.SetupTimePercent, "ESS-01", "PF-1", -50));
        string? Value(ProjectField f) => f switch
        {
            ProjectField.Phase => "Dmaic:2",
            ProjectField.Status => nameof(ProjectStatus.Rejected),
            ProjectField.Method => nameof(ProjectMethod.EightD),
            ProjectField.TargetDate or ProjectField.Measure => "2026-12-07",
            ProjectField.Parameter => parameter,
            ProjectField.Kpi or ProjectField.GainEurosPerYear or ProjectField.GainHours or ProjectField.GainLeadTimeDays or ProjectField.GainScrapPoints
                or ProjectField.LateOrders or ProjectField.OverloadedWorkstationWeeks => "1234.5",
            _ => "text as typed",
        };
        string? Subject(ProjectField f) => f switch
        {
            ProjectField.A3Section => nameof(A3Section.CurrentSituation),
            ProjectField.Cause => nameof(IshikawaCategory.Manpower),
            ProjectField.Kpi or ProjectField.Measure => "Setup time (min)",
            _ => null,
        };
        var changes = Enum.GetValues<ProjectField>().Select(f => ProjectHistoryValues.Change(f, Value(f), Value(f), Subject(f))).ToList();
        return [.. Enum.GetValues<ProjectEvent>().Select((e, k) => new HistoryEntry(k + 1, DateTimeOffset.UnixEpoch, "lead", e.ToString(), changes))];
    }

    private static ProjectText ProjectWords(ComponentTestContext ctx) => new(ctx.Services.GetRequiredService<IStringLocalizer<ProjectsResource>>(),
        ctx.Services.GetRequiredService<IStringLocalizer<SharedResource>>(), ctx.Services.GetRequiredService<IStringLocalizer<PlannerResource>>());

    /// <summary>Every kind of origin cause, with and without a sub-assembly, as the schedule hands it to the page.</summary>
    private static IEnumerable<ScheduleLateReason> LateReasons() =>
        Enum.GetValues<ScheduleDelayCause>().SelectMany(c => new[]
        {
            new ScheduleLateReason(50, "WELD", "OF-2/20", null, 0, null, "OF-1/10", c, "WELD", "OF-3/10"),
            new ScheduleLateReason(3.5, null, null, "OF-9", 7, "MILL", "OF-1/10", c, "WELD", null),
            new ScheduleLateReason(30, null, null, null, 0, null, "OF-4/10", c, "MILL", null, "MP-004", "OA-2026-00002", new DateOnly(2026, 12, 8)),
        });

    [Fact]
    public void English_project_history_phases_simulation_lines_gate_checks_and_lateness_have_no_french_domain_term()
    {
        using var ctx = Context("en-GB");
        var words = ProjectWords(ctx);
        var history = ProjectHistory();
        var pl = ctx.Services.GetRequiredService<IStringLocalizer<PlannerResource>>();
        var late = new LateReasonText(ctx.Services.GetRequiredService<IStringLocalizer<Collab.Web.Resources.SchedulingResource>>(),
            ctx.Services.GetRequiredService<IStringLocalizer<SharedResource>>());
        var rendered = new List<string>
        {
            // the project page's history panel, worded by ProjectText (first page of the grid)
            ctx.Render<HistoryPanel>(p => p.Add(x => x.History, history).Add(x => x.WhatText, words.What).Add(x => x.ChangeText, words.Change))
                .Find("[data-testid=history-grid]").TextContent,
        };
        rendered.AddRange(history.Select(words.What));
        rendered.AddRange(history[0].Changes.Select(words.Change));
        rendered.AddRange(Enum.GetValues<ProjectMethod>().SelectMany(m => Enumerable.Range(0, ProjectPhases.Count(m)).Select(i => words.Phase(m, i, ProjectStatus.Active))));
        rendered.AddRange(Enum.GetValues<ProjectStatus>().Select(st => words.Phase(ProjectMethod.Pdca, 0, st)));
        rendered.AddRange(Enum.GetValues<ParameterKind>().Select(k => words.Parameter(new ParameterChange(Guid.Empty, k, "ESS-01", null, 2))));
        rendered.AddRange(Enum.GetValues<GateCheckKind>().Select(k => pl[$"PL.Gate.{k}"].Value));
        rendered.AddRange(LateReasons().SelectMany(r => new[] { late.Why(r), late.Short(r) }));
        var ls = ctx.Services.GetRequiredService<IStringLocalizer<Collab.Web.Resources.SchedulingResource>>();
        rendered.AddRange(Enum.GetValues<ScheduleChange>().Select(k => ScheduleChangeText.What(ls,
            ScheduleChanges.Of(k, k == ScheduleChange.Recalculated ? nameof(SchedulingRule.CriticalRatio) : "OF-1/10"))));

        var all = string.Join("\n", rendered);
        Assert.Contains("Idea accepted as a project", all);
        Assert.Contains("Phase: Analyse → Analyse", all.Replace(" : ", ": ", StringComparison.Ordinal));
        Assert.Contains("A3 “2. Current situation”", all);
        Assert.Contains("Cause “Manpower”", all);
        Assert.Contains("Setup time on ESS-01: -50 %", all);
        Assert.Contains("1,234.5", all);
        Assert.Contains("D4 Root causes", all);
        Assert.Contains("Ends 2.1 d after its due date; bottleneck: workstation WELD", all);
        Assert.Contains("origin: OF-1/10 (workstation WELD busy with OF-3/10)", all);
        Assert.Contains("waits for OF-9 (sub-assembly), itself late by 7 h on workstation MILL", all);
        Assert.Contains("origin: OF-4/10 (waits for MP-004: OA-2026-00002 arrives on 08/12/2026)", all);
        Assert.Contains("Move of OF-1/10", all); // the schedule's "before / after" heading (was "Déplacement de …")
        Assert.Contains("Recalculation (critical ratio)", all);
        // a comparison stored as French text before it was typed shows as stored
        Assert.Equal("Déplacement de OF-1/10", ScheduleChangeText.What(ls, "Déplacement de OF-1/10"));
        foreach (var term in ProjectFrenchTerms)
        {
            Assert.False(all.Contains(term, StringComparison.Ordinal), $"French term « {term} » in the English UI:\n{all}");
        }

        Assert.DoesNotMatch(new Regex("[àâçéèêëîïôûùüÿœ]"), all);
    }

    [Fact]
    public void French_project_history_reads_as_before_and_entries_stored_as_text_still_show_as_stored()
    {
        using var ctx = Context("fr-FR");
        var words = ProjectWords(ctx);
        var typed = ProjectHistory();
        Assert.Equal("Idée acceptée en projet", words.What(typed[(int)ProjectEvent.IdeaAccepted]));
        Assert.Equal("Phase : Analyser → Analyser", words.Change(typed[0].Changes[(int)ProjectField.Phase]));
        var parameter = words.Change(typed[0].Changes[(int)ProjectField.Parameter]);
        Assert.StartsWith("Paramètre : Temps de réglage sur ESS-01", parameter, StringComparison.Ordinal);
        Assert.EndsWith("article PF-1 seulement", parameter, StringComparison.Ordinal);
        Assert.Equal("D4 Causes racines", words.Phase(ProjectMethod.EightD, 3, ProjectStatus.Active));

        // Entries written before histories were typed (French text in the stored JSON) load and show as stored, in English too.
        const string oldEntry = """{"Version":7,"At":"2026-11-20T08:00:00+00:00","User":"chef.projet","What":"Passage de phase approuvé","Changes":[{"Field":"Phase","From":"Act","To":"Clos"},{"Field":"Cause (Méthodes)","From":null,"To":"Purge manuelle"}]}""";
        var entry = JsonSerializer.Deserialize<HistoryEntry>(oldEntry, Collab.Infrastructure.Serialization.CollabSerialization.StateJson)!;
        using var en = Context("en-GB");
        var english = ProjectWords(en);
        Assert.Equal("Passage de phase approuvé", english.What(entry));
        Assert.Equal("Phase : Act → Clos", english.Change(entry.Changes[0]));
        Assert.Equal("Cause (Méthodes) : — → Purge manuelle", english.Change(entry.Changes[1]));
    }

    [Fact]
    public void Every_projects_resource_key_exists_in_french_and_english()
    {
        var dir = Path.Combine(Collab.Web.Tests.Infrastructure.SourceTree.Root, "src", "Collab.Web", "Resources");
        static HashSet<string> Keys(string file) => [.. System.Xml.Linq.XDocument.Load(file).Root!.Elements("data").Select(d => (string)d.Attribute("name")!)];
        Assert.Equal(Keys(Path.Combine(dir, "ProjectsResource.resx")).Order(), Keys(Path.Combine(dir, "ProjectsResource.en.resx")).Order());
        Assert.All(Enum.GetNames<ProjectEvent>(), e => Assert.Contains($"PJ.History.{e}", Keys(Path.Combine(dir, "ProjectsResource.en.resx"))));
        Assert.All(Enum.GetNames<ProjectField>(), f => Assert.Contains($"PJ.Field.{f}", Keys(Path.Combine(dir, "ProjectsResource.en.resx"))));
    }
}
