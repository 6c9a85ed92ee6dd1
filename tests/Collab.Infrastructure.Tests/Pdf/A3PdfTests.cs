using System.Diagnostics;
using Collab.Contracts.Common;
using Collab.Contracts.Projects;
using Collab.Infrastructure.Pdf;
using UglyToad.PdfPig;

namespace Collab.Infrastructure.Tests.Pdf;

public sealed class A3PdfTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    public static ImprovementProjectView Sample(int actions = 6, string? longText = null)
    {
        var origin = new ObjectRef(ObjectKind.ImprovementProject, "DEMO/PRJ-2026-0001");
        var acts = Enumerable.Range(1, actions).Select(i => new ActionItem(Guid.NewGuid(), $"Action n°{i} : standardiser le réglage", null, i % 2 == 0 ? "methodes" : "operateur",
            Today.AddDays(i == 1 ? -4 : i * 3), ActionPriority.Normal, i == 3 ? ActionStatus.Done : ActionStatus.ToDo, origin, null, [], "chef.projet", DateTimeOffset.UnixEpoch, null, null, 1)).ToList();
        var a3 = new Dictionary<A3Section, string>
        {
            [A3Section.Context] = longText ?? "Le banc d'essai ESS-01 est le goulot de l'atelier : 3 semaines sur 4 en surcharge.",
            [A3Section.CurrentSituation] = "Réglage de 15 min par lot, 40 petits lots par semaine, file d'attente de 2 jours.",
            [A3Section.Target] = "Diviser le temps de réglage par deux d'ici fin février.",
            [A3Section.RootCauseAnalysis] = "Réglages faits machine arrêtée, sans standard.",
            [A3Section.Countermeasures] = "SMED : préparer les montages pendant l'essai précédent ; chariot d'outillage dédié.",
            [A3Section.FollowUp] = "Mesure hebdomadaire du temps de réglage.",
            [A3Section.Results] = "Réglage à 7 min ; surcharge résorbée.",
        };
        var kpi = new ProjectKpi(Guid.NewGuid(), "Temps de réglage", "min", 15, 7, [new KpiMeasure(Today.AddDays(-7), 11, "chef.projet"), new KpiMeasure(Today, 7, "chef.projet")]);
        var fish = new IshikawaDiagram("Surcharge du banc d'essai", true,
        [
            new IshikawaCause(Guid.NewGuid(), IshikawaCategory.Machine, "Bridage manuel"),
            new IshikawaCause(Guid.NewGuid(), IshikawaCategory.Method, "Pas de standard SMED"),
            new IshikawaCause(Guid.NewGuid(), IshikawaCategory.Material, "Petits lots"),
            new IshikawaCause(Guid.NewGuid(), IshikawaCategory.Manpower, "Opérateur seul"),
            new IshikawaCause(Guid.NewGuid(), IshikawaCategory.Measurement, "Temps non mesurés"),
        ]);
        var sim = new SimulationResult(DateTimeOffset.UnixEpoch, "chef.projet", Today, ["Temps de réglage sur ESS-01 : -50 %"],
            new PlanFigures(5, 60, 91.7, 120000, 6, 80, []), new PlanFigures(5, 60, 91.7, 120000, 2, 80, []),
            [new WorkstationComparison("ESS-01", "Banc d'essai", [Today], [36], [50], [36], [30])]);
        return new ImprovementProjectView("PRJ-2026-0001", "DEMO", "Réduire les réglages du banc d'essai", "", "operateur", DateTimeOffset.UnixEpoch,
            ProjectStatus.Active, ProjectMethod.Pdca, 2, "directeur", "chef.projet", ["methodes", "operateur"], Today.AddDays(90), "Poste ESS-01", a3,
            [new WhyChain(Guid.NewGuid(), "Le banc est surchargé", ["Trop de réglages", "Lots trop petits", "Règle lot pour lot"], "Taille de lot non revue depuis 2019")],
            fish, acts, [kpi], new ProjectGains(12000, 200, 1, 0), new ProjectGains(10000, 180, 1, 0), [], "directeur", null, sim, [], [], null, 12, "chef.projet", DateTimeOffset.UnixEpoch);
    }

    private static string Squash(string s) => string.Concat(s.Where(c => !char.IsWhiteSpace(c)));

    [Fact]
    public void A3_is_one_a3_landscape_page_in_french_with_every_section_the_5_whys_the_ishikawa_and_the_actions()
    {
        var pdf = A3Pdf.Render(Sample(), "Usine de Lyon", Today, new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        using var doc = PdfDocument.Open(pdf);
        var page = Assert.Single(doc.GetPages());
        Assert.Equal(1190.55, page.Width, 0);
        Assert.Equal(841.89, page.Height, 0);
        var text = Squash(string.Concat(page.GetWords().Select(w => w.Text)));
        foreach (var expected in new[]
        {
            "A3 — Réduire les réglages du banc d'essai", "Usine de Lyon", "phase : Check", "1. Contexte", "2. Situation actuelle", "3. Cible et indicateurs",
            "4. Analyse des causes", "5. Contre-mesures", "6. Plan d'actions", "7. Suivi", "8. Résultats et gains",
            "5 pourquoi — Le banc est surchargé", "Pourquoi 2 ? Lots trop petits", "Cause racine : Taille de lot non revue depuis 2019",
            "Diagramme d'Ishikawa (6M)", "Main-d'œuvre", "Méthodes", "Matières", "Machines", "Milieu", "Mesure", "Bridage manuel", "Surcharge", "d'essai",
            "Action n°1 : standardiser le", "À faire (retard)", "Temps de réglage sur ESS-01 : -50 %", "Semaines-postes en surcharge", "12 000 €/an", "10 000 €/an", "Page 1 / 1",
        })
        {
            Assert.Contains(Squash(expected), text);
        }
    }

    [Fact]
    public void Overlong_content_is_cut_with_an_ellipsis_and_stays_on_one_page()
    {
        var longText = string.Join(" ", Enumerable.Repeat("Le banc d'essai déborde chaque semaine à cause des petits lots.", 80));
        var pdf = A3Pdf.Render(Sample(actions: 60, longText: longText), "Usine", Today, DateTimeOffset.UnixEpoch);
        using var doc = PdfDocument.Open(pdf);
        var page = Assert.Single(doc.GetPages());
        var text = string.Concat(page.GetWords().Select(w => w.Text));
        Assert.Contains("…", text);
        Assert.Contains("autre(s)action(s)", text);
        Assert.Contains("8.Résultatsetgains", text); // the last box is still drawn
    }

    [Fact]
    public void Idea_without_content_renders_placeholders()
    {
        var empty = Sample() with { A3 = new Dictionary<A3Section, string>(), Whys = [], Ishikawa = IshikawaDiagram.Empty, Actions = [], Kpis = [], Simulation = null, EstimatedGains = null, ConfirmedGains = null };
        using var doc = PdfDocument.Open(A3Pdf.Render(empty, "Usine", Today, DateTimeOffset.UnixEpoch));
        var text = Squash(string.Concat(doc.GetPage(1).GetWords().Select(w => w.Text)));
        Assert.Contains(Squash("(à compléter)"), text);
        Assert.Contains(Squash("Aucune action."), text);
        Assert.Contains(Squash("(effet à définir)"), text);
        Assert.Contains(Squash("Aucune modification de paramètre."), text);
    }

    [Fact]
    public void Poppler_renders_the_sheet_and_a_copy_is_kept_in_artifacts()
    {
        var dir = Directory.CreateTempSubdirectory("collab-a3-");
        try
        {
            var pdfPath = Path.Combine(dir.FullName, "a3.pdf");
            File.WriteAllBytes(pdfPath, A3Pdf.Render(Sample(), "Usine de Lyon", Today, DateTimeOffset.UnixEpoch));
            var psi = new ProcessStartInfo("pdftoppm", ["-r", "80", "-png", pdfPath, Path.Combine(dir.FullName, "p")]) { RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEnd();
            Assert.True(p.WaitForExit(30_000), "pdftoppm timed out");
            Assert.True(p.ExitCode == 0, stderr);
            var png = Assert.Single(dir.GetFiles("p-*.png"));
            Assert.True(png.Length > 20_000, $"PNG suspiciously small ({png.Length} bytes)");
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "Collab.sln")))
            {
                root = root.Parent;
            }

            if (root is not null)
            {
                var artifacts = Directory.CreateDirectory(Path.Combine(root.FullName, "artifacts", "pdf"));
                png.CopyTo(Path.Combine(artifacts.FullName, "a3-sample.png"), overwrite: true);
            }
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
