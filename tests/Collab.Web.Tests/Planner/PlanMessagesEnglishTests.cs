using System.Text.Json;
using System.Text.RegularExpressions;
using Bunit;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Plan;
using Collab.Planning.Mrp;
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
        rendered.Add(PlanText.RunBy(pl, "automatique"));
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
        Assert.Equal("calcul automatique", PlanText.RunBy(pl, "automatique"));
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
}
