using System.Diagnostics;
using Collab.Contracts.Plan;
using Collab.Contracts.Projects;
using Collab.Web.Services;
using Collab.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using UglyToad.PdfPig;

namespace Collab.Web.Tests.Browser;

/// <summary>
/// A project lead (chef.projet) runs an improvement project in Debian's Chromium on the demo plant:
/// submits an idea, launches it (PDCA), is refused at the gate with the list of what is missing, fills the
/// A3 with a 5-whys chain and an Ishikawa, adds actions (one overdue), gets inline errors for bad KPI input,
/// simulates a setup-time reduction on the most loaded workstation of the computed plan and exports the A3 PDF
/// (text read back with PdfPig, first page rendered with pdftoppm). Screenshots 1920×1080 of the portfolio and the project.
/// </summary>
[Collection(WebHostCollection.Name)]
public sealed class ProjectJourneyTests(WebHostFixture host) : BrowserJourney
{
    protected override WebHostFixture Host => host;

    protected override float TimeoutMs => 30_000;

    protected override string? Locale => null;

    protected override bool? AcceptDownloads => true;

    [Fact]
    public async Task Project_lead_runs_a_project_with_a3_root_causes_actions_simulation_and_pdf_export()
    {
        var grains = host.Factory.Services.GetRequiredService<IGrainFactory>();
        // the most loaded workstation of the computed plan (highest peak utilisation), not a fixed code
        var capacity = await grains.GetGrain<IPlanGrain>(PlanKey.Of("DEMO")).GetCapacityAsync();
        var busiest = capacity.OrderByDescending(r => r.Weeks.Max(w => w.Available > 0 ? w.Load / w.Available : 0)).First().Workstation;
        var today = host.Factory.Services.GetRequiredService<IProjectService>().Today;

        var page = await SignInAsync("chef.projet", "improvement-projects");
        await Assertions.Expect(page.Locator("[data-testid=kanban]")).ToBeVisibleAsync();
        await page.FillAsync("[name=idea-title]", "Réduire les réglages du poste " + busiest);
        await page.FillAsync("[name=idea-description]", "Trop de petits lots : le poste sature.");
        await page.ClickAsync("[data-testid=submit-idea]");
        await Assertions.Expect(page.Locator("[data-testid=accept-form]")).ToBeVisibleAsync();
        var number = page.Url.Split('/')[^1];

        // launch: PDCA; sponsor and team picked from the user list by display name (the lead is the user)
        await Pick.OneAsync(page, "sponsor-picker", "Administrateur");
        await Pick.ManyAsync(page, "team-picker", "Paule Planificatrice", "Alain Acheteur");
        await page.FillAsync("[name=scope]", "Poste " + busiest);
        await page.ClickAsync("[data-testid=accept]");
        await Assertions.Expect(page.Locator("[data-testid=project-phase]")).ToHaveTextAsync("Plan");
        await Assertions.Expect(page.Locator("[data-testid=project-sponsor]")).ToHaveTextAsync("Administrateur");
        await Assertions.Expect(page.Locator("[data-testid=project-lead]")).ToHaveTextAsync("Charles Chef de projet");
        var reference = (await host.Factory.Services.GetRequiredService<IProjectService>().GetAsync(number))!.Reference;
        Assert.StartsWith("PRJ-", reference, StringComparison.Ordinal);

        // gate without required fields → refused with the list
        await page.ClickAsync("[data-testid=gate-request]");
        await Assertions.Expect(page.Locator("[data-testid=errors]")).ToContainTextAsync("À compléter avant le passage de phase");
        await Assertions.Expect(page.Locator("[data-testid=errors]")).ToContainTextAsync("Contexte renseigné");
        await Assertions.Expect(page.Locator("[data-testid=errors]")).ToContainTextAsync("Gains estimés");

        // A3 sections
        await page.FillAsync("[name=a3-Context]", $"Le poste {busiest} est le plus chargé du plan : surcharge plusieurs semaines.");
        await page.FillAsync("[name=a3-CurrentSituation]", "Beaucoup de petits lots, chaque lot demande un réglage.");
        await page.FillAsync("[name=a3-Target]", "Diviser le temps de réglage par deux.");
        await page.FillAsync("[name=a3-RootCauseAnalysis]", "Réglages faits machine arrêtée, sans standard.");
        await page.FillAsync("[name=a3-Countermeasures]", "SMED : préparer les outillages pendant l'opération précédente.");
        await page.ClickAsync("[data-testid=save-a3]");
        await Assertions.Expect(page.Locator("[data-testid=checklist] li.met")).ToContainTextAsync(["Contexte renseigné", "Situation actuelle décrite", "Cible définie", "Analyse des causes rédigée", "Contre-mesures décrites"]);

        // 5 pourquoi
        await page.FillAsync("[name=why-problem]", "Le poste est surchargé");
        await page.FillAsync("[name=why-1]", "Trop de temps de réglage");
        await page.FillAsync("[name=why-2]", "Réglages faits machine arrêtée");
        await page.FillAsync("[name=why-3]", "Pas de préparation en temps masqué");
        await page.FillAsync("[name=why-root]", "Aucun standard SMED");
        await page.ClickAsync("[data-testid=add-why]");
        await Assertions.Expect(page.Locator("[data-testid=root-cause]")).ToContainTextAsync("Aucun standard SMED");

        // Ishikawa: effect, causes in several categories, remove one
        await page.FillAsync("[name=effect]", "Surcharge du poste " + busiest);
        await page.ClickAsync("[data-testid=save-effect]");
        await Assertions.Expect(page.Locator("[data-testid=ishikawa-effect]").First).ToContainTextAsync("Surcharge");
        await AddCauseAsync(page, null, "Bridage manuel", 1);
        await AddCauseAsync(page, "Méthodes", "Pas de standard", 2);
        await AddCauseAsync(page, "Matières", "Petits lots", 3);
        await AddCauseAsync(page, "Mesure", "Temps non mesurés", 4);
        await page.Locator("[data-testid=remove-cause]").Last.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=ishikawa-cause]")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("[data-testid=ishikawa-category]")).ToHaveCountAsync(6);
        await page.Locator("[data-testid=ishikawa-svg]").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, "project-a3-fr.png") });

        // actions: one normal, one overdue; the timeline highlights the overdue one
        await page.GetByRole(AriaRole.Tab, new() { Name = "Plan d'actions" }).ClickAsync();
        await page.FillAsync("[name=action-title]", "Filmer un réglage et chronométrer");
        await Pick.OneAsync(page, "action-owner-picker", "Paule Planificatrice");
        await page.ClickAsync("[data-testid=add-action]");
        await Assertions.Expect(page.Locator("[data-testid=timeline-row]")).ToHaveCountAsync(1);
        await page.FillAsync("[name=action-title]", "Commander le chariot d'outillage");
        await Pick.OneAsync(page, "action-owner-picker", "Alain Acheteur");
        var dueInput = page.Locator("[data-testid=action-form] input[name=action-due]");
        await dueInput.FillAsync(today.AddDays(-3).ToString("dd/MM/yyyy"));
        await dueInput.PressAsync("Tab");
        // a due date in the past is warned about, not refused (issue #12 item 14)
        await Assertions.Expect(page.Locator("[data-testid=action-form] [data-testid=action-due-past]")).ToContainTextAsync("Échéance passée");
        await page.ClickAsync("[data-testid=add-action]");
        await Assertions.Expect(page.Locator("[data-testid=timeline-overdue]")).ToHaveCountAsync(1);

        // KPI with inline errors for non-numeric / wrong unit input
        await page.GetByRole(AriaRole.Tab, new() { Name = "Indicateurs et gains" }).ClickAsync();
        await page.FillAsync("[name=kpi-name]", "Temps de réglage");
        await page.FillAsync("[name=kpi-unit]", "min");
        await page.FillAsync("[name=kpi-baseline]", "quinze");
        await page.FillAsync("[name=kpi-target]", "7 h");
        await page.ClickAsync("[data-testid=add-kpi]");
        await Assertions.Expect(page.Locator("[data-testid=kpi-error]").First).ToHaveTextAsync("« quinze » n'est pas un nombre.");
        await Assertions.Expect(page.Locator("[data-testid=kpi-error]").Last).ToHaveTextAsync("Unité « h » incorrecte : l'indicateur est en « min ».");
        await page.FillAsync("[name=kpi-baseline]", "15");
        await page.FillAsync("[name=kpi-target]", "7,5 min");
        await page.ClickAsync("[data-testid=add-kpi]");
        await Assertions.Expect(page.Locator("[data-testid=kpi]")).ToContainTextAsync("départ 15,0, cible 7,5");
        await page.FillAsync("[name='measure-Temps de réglage']", "douze");
        await page.ClickAsync("[data-testid=add-measure]");
        await Assertions.Expect(page.Locator("[data-testid=measure-error]")).ToContainTextAsync("n'est pas un nombre");
        await page.FillAsync("[name='measure-Temps de réglage']", "12");
        await page.ClickAsync("[data-testid=add-measure]");
        await Assertions.Expect(page.Locator("[data-testid=kpi]")).ToContainTextAsync("dernière mesure 12,0");

        // simulation: -50 % setup time on the most loaded workstation
        await page.GetByRole(AriaRole.Tab, new() { Name = "Simulation sur le plan" }).ClickAsync();
        await page.FillAsync("[name=change-target]", "NOPE");
        await page.ClickAsync("[data-testid=add-change]");
        await Assertions.Expect(page.Locator("[data-testid=errors]")).ToContainTextAsync("Poste inconnu : « NOPE ».");
        await page.FillAsync("[name=change-target]", busiest);
        await page.ClickAsync("[data-testid=add-change]");
        await Assertions.Expect(page.Locator("[data-testid=changes]")).ToContainTextAsync($"Temps de réglage sur {busiest} : -50 %");
        await page.ClickAsync("[data-testid=simulate]");
        await Assertions.Expect(page.Locator("[data-testid=sim-figures]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=sim-station]").First).ToContainTextAsync(busiest);
        var view = (await host.Factory.Services.GetRequiredService<IProjectService>().GetAsync(number))!;
        var station = view.Simulation!.Workstations.Single(w => w.Workstation == busiest);
        Assert.True(station.TotalAfter < station.TotalBefore, $"{station.TotalAfter} !< {station.TotalBefore}");
        Assert.True(station.PeakAfter < station.PeakBefore);
        // the real plan is untouched
        Assert.Equal(capacity.Single(r => r.Workstation == busiest).Weeks.Select(w => w.Load),
            (await grains.GetGrain<IPlanGrain>(PlanKey.Of("DEMO")).GetCapacityAsync()).Single(r => r.Workstation == busiest).Weeks.Select(w => w.Load));
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.rz-chart')].filter(c => c.offsetParent).every(c => c.querySelector('svg path'))");
        await page.Locator("[data-testid=sim-figures]").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, "project-simulation-fr.png") });

        // A3 PDF export
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=export-a3]"));
        Assert.Equal($"A3-{reference}.pdf", download.SuggestedFilename);
        var pdfPath = Path.Combine(ScreenshotDirectory, "project-a3.pdf");
        await download.SaveAsAsync(pdfPath);
        using (var doc = PdfDocument.Open(pdfPath))
        {
            var pdfPage = Assert.Single(doc.GetPages());
            Assert.True(pdfPage.Width > pdfPage.Height, "A3 landscape expected");
            var text = Squash(string.Concat(pdfPage.GetWords().Select(w => w.Text)));
            foreach (var expected in new[] { "Réduire les réglages du poste " + busiest, "5 pourquoi — Le poste est surchargé", "Cause racine : Aucun standard SMED",
                         "Bridage manuel", "Petits lots", "Filmer un réglage", $"Temps de réglage sur {busiest} : -50 %", "Page 1 / 1" })
            {
                Assert.Contains(Squash(expected), text);
            }
        }

        var psi = new ProcessStartInfo("pdftoppm", ["-r", "70", "-png", "-singlefile", pdfPath, Path.Combine(ScreenshotDirectory, "project-a3-pdf")]) { RedirectStandardError = true };
        using (var process = Process.Start(psi)!)
        {
            var stderr = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, stderr);
        }

        // portfolio: the card is in the "Planifier" column with its overdue action; filters work
        await page.GotoAsync(new Uri(host.BaseAddress, "improvement-projects").ToString());
        await Chromium.WaitForInteractivityAsync(page);
        var card = page.Locator("[data-testid=stage-1] [data-testid=project-card]", new() { HasText = reference });
        await Assertions.Expect(card).ToContainTextAsync("1 action(s) en retard");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, "project-portfolio-fr.png") });
    }

    private static async Task AddCauseAsync(IPage page, string? category, string text, int expectedCount)
    {
        if (category is not null)
        {
            await page.Locator("[data-testid=ishikawa-form] .rz-dropdown").ClickAsync();
            await page.Locator(".rz-dropdown-item", new() { HasText = category }).First.ClickAsync();
        }

        await page.FillAsync("[name=cause-text]", text);
        await page.ClickAsync("[data-testid=add-cause]");
        await Assertions.Expect(page.Locator("[data-testid=ishikawa-cause]")).ToHaveCountAsync(expectedCount);
    }

    private static string Squash(string s) => string.Concat(s.Where(c => !char.IsWhiteSpace(c)));

    private Task<IPage> SignInAsync(string user, string path) => SignedInPageAsync(user, path);
}
