using System.Diagnostics;
using Collab.Infrastructure.Pdf;
using UglyToad.PdfPig;

namespace Collab.Infrastructure.Tests.Pdf;

public sealed class MinutesPdfTests
{
    internal static MeetingMinutes Sample(int actionCount = 6) => new()
    {
        Plant = "Usine de Lyon — Ateliers Mécaniques",
        MeetingTitle = "Réunion de production quotidienne",
        Start = new DateTime(2026, 3, 2, 8, 30, 0),
        Duration = TimeSpan.FromMinutes(15),
        Location = "Salle Atelier",
        Facilitator = "Camille Leroy",
        GeneratedAt = new DateTimeOffset(2026, 3, 2, 8, 47, 0, TimeSpan.FromHours(1)),
        Attendees =
        [
            new("Camille Leroy", "Animatrice", true),
            new("Jérôme Petit", "Chef d'atelier", true),
            new("Inès Moreau", "Qualité", true),
            new("François Lœb", "Maintenance", false),
            new("Zoé Garçon", "Achats", false),
        ],
        Items =
        [
            new() { Category = "Sécurité", Title = "Presqu'accident au poste de pliage", Notes = ["Carter de protection déposé pendant le réglage « pour gagner du temps »."], Decisions = ["Consignation obligatoire rappelée à l'équipe de nuit."] },
            new() { Category = "Qualité", Title = "Rebuts sur la référence TOLE-2MM", ObjectReference = "OF-2026-00042", Notes = ["Taux de rebut 4,2 % hier, cible 1,5 %.", "Lot matière non conforme suspecté."], Decisions = ["Blocage du lot et contrôle à 100 % jusqu'à vendredi."] },
            new() { Category = "Coût", Title = "Heures supplémentaires", Notes = [] },
            new() { Category = "Délai", Title = "Commandes en retard", Notes = ["CC-2026-00005 : livraison partielle proposée au client."], Decisions = ["Avancer l'OA-2026-00077 (relance fournisseur aujourd'hui)."] },
            new() { Category = "Personnel", Title = "Formation cariste", Notes = ["Deux opérateurs à former ; œuvre commune avec le site de Vénissieux."] },
        ],
        Actions = [.. Enumerable.Range(1, actionCount).Select(i => new MinutesAction(
            i == 1 ? "Relancer le fournisseur Aciers Dupont pour l'OA-2026-00077 (délai ferme et reçu de commande)" : $"Action de suivi n° {i} : vérifier la conformité et l'étiquetage des bacs",
            i % 2 == 0 ? "Zoé Garçon" : "Jérôme Petit",
            new DateOnly(2026, 3, 2).AddDays(i % 10),
            i % 3 == 0 ? $"OF-2026-{i:00000}" : null))],
        Kpis =
        [
            new("Taux de service (OTD) hier", "92 %", "95 %", false),
            new("Charge atelier semaine", "87 %", "≤ 100 %", true),
            new("Sécurité : jours sans accident", "41", null, null),
        ],
        Chart = new MinutesChart("Charge des postes (2 semaines)", [new("Pliage", 118), new("Découpe laser", 96), new("Soudure", 74), new("Peinture", 102)], "%", 100, "Capacité 100 %"),
    };

    /// <summary>
    /// Text of each page with all white space removed: PdfPig's word grouping splits words where
    /// fonts change (bold label then value), so tests compare squashed text, which still checks
    /// every character, accents and order.
    /// </summary>
    private static string[] PageTexts(byte[] pdf)
    {
        using var doc = PdfDocument.Open(pdf);
        return [.. doc.GetPages().Select(p => Squash(string.Concat(p.GetWords().Select(w => w.Text))))];
    }

    private static string Squash(string s) => string.Concat(s.Where(c => !char.IsWhiteSpace(c)));

    private static void Has(string expected, string text) => Assert.Contains(Squash(expected), text);

    [Fact]
    public void Minutes_contain_attendees_decisions_actions_and_correct_french_accents()
    {
        var pdf = MinutesPdf.Render(Sample());
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        var text = string.Join("\n", PageTexts(pdf));

        Has("Compte rendu — Réunion de production quotidienne", text);
        Has("Usine de Lyon — Ateliers Mécaniques", text);
        Has("Lundi 2 mars 2026, 08 h 30 (15 min)", text);
        Has("Présents (3) : Camille Leroy (Animatrice), Jérôme Petit (Chef d'atelier), Inès Moreau (Qualité)", text);
        Has("Absents (2) : François Lœb (Maintenance), Zoé Garçon (Achats)", text);
        Has("1. Sécurité — Presqu'accident au poste de pliage", text);
        Has("2. Qualité — Rebuts sur la référence TOLE-2MM [OF-2026-00042]", text);
        Has("« pour gagner du temps »", text);
        Has("Décision : Blocage du lot et contrôle à 100 % jusqu'à vendredi.", text);
        Has("Décision : Avancer l'OA-2026-00077", text);
        Has("œuvre commune avec le site de Vénissieux", text);
        Has("Relancer le fournisseur", text);
        Has("Responsable", text);
        Has("Échéance", text);
        Has("03/03/2026", text);
        Has("Taux de service (OTD) hier 92 % 95 % Non atteint", text);
        Has("Charge des postes (2 semaines)", text);
        Has("Capacité 100 %", text);
        Has("Garçon", text); // ç
    }

    [Fact]
    public void Long_action_table_breaks_across_pages_repeating_its_header_with_page_x_of_y_footers()
    {
        var pdf = MinutesPdf.Render(Sample(actionCount: 90));
        var pages = PageTexts(pdf);
        Assert.True(pages.Length >= 3, $"expected 3+ pages, got {pages.Length}");
        for (var i = 0; i < pages.Length; i++)
        {
            Has($"Page {i + 1} / {pages.Length}", pages[i]);
            Has("Usine de Lyon — Ateliers Mécaniques", pages[i]); // header on every page
            Has("Compte rendu — Réunion de production quotidienne", pages[i]);
        }

        // Pages the action table spans: each starts with the repeated header row.
        var spanned = Enumerable.Range(0, pages.Length).Where(i => pages[i].Contains("Actiondesuivi", StringComparison.Ordinal)).ToList();
        Assert.True(spanned.Count >= 2, $"table spans {spanned.Count} page(s)");
        Assert.All(spanned, i => Has("N° Action Responsable Échéance Objet", pages[i]));

        // Every action is present exactly once, in order.
        var all = string.Join("\n", pages);
        var last = -1;
        for (var n = 2; n <= 90; n++)
        {
            var at = all.IndexOf($"Actiondesuivin°{n}:", StringComparison.Ordinal);
            Assert.True(at > last, $"action {n} missing or out of order");
            Assert.Equal(at, all.LastIndexOf($"Actiondesuivin°{n}:", StringComparison.Ordinal));
            last = at;
        }
    }

    [Fact]
    public void English_minutes_use_english_labels()
    {
        var text = string.Join("\n", PageTexts(MinutesPdf.Render(Sample() with { Language = "en" })));
        Has("Minutes — Réunion de production quotidienne", text);
        Has("Monday 2 March 2026, 08:30", text);
        Has("Present (3)", text);
        Has("Decision: Blocage du lot", text);
        Has("Owner", text);
        Has("Off target", text);
    }

    [Fact]
    public void Empty_meeting_still_renders_honest_messages()
    {
        var text = string.Join("\n", PageTexts(MinutesPdf.Render(new MeetingMinutes { Plant = "Usine", MeetingTitle = "Point", Start = new DateTime(2026, 3, 2, 8, 30, 0) })));
        Has("Aucun point n'a été abordé.", text);
        Has("Aucune action décidée.", text);
        Has("Page 1 / 1", text);
    }

    [Fact]
    public void Poppler_renders_the_first_page_to_a_png()
    {
        var dir = Directory.CreateTempSubdirectory("collab-pdf-");
        try
        {
            var pdfPath = Path.Combine(dir.FullName, "minutes.pdf");
            File.WriteAllBytes(pdfPath, MinutesPdf.Render(Sample(actionCount: 40)));
            var psi = new ProcessStartInfo("pdftoppm", ["-r", "60", "-png", "-f", "1", "-l", "1", pdfPath, Path.Combine(dir.FullName, "p")]) { RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEnd();
            Assert.True(p.WaitForExit(30_000), "pdftoppm timed out");
            Assert.True(p.ExitCode == 0, stderr);
            Assert.Equal("", stderr.Trim());
            var png = Assert.Single(dir.GetFiles("p-*.png"));
            Assert.True(png.Length > 5_000, $"PNG suspiciously small ({png.Length} bytes)");
        }
        finally { dir.Delete(true); }
    }
}

