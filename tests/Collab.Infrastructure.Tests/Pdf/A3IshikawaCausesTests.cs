using Collab.Contracts.Projects;
using Collab.Infrastructure.Pdf;
using UglyToad.PdfPig;

namespace Collab.Infrastructure.Tests.Pdf;

/// <summary>Issue #12 item 14: Ishikawa causes are wrapped on their rib, not cut, in the A3 PDF (same geometry as the page).</summary>
public sealed class A3IshikawaCausesTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    /// <summary>
    /// Causes that fit in three lines on their rib print in full; a longer one prints its first three lines (before:
    /// one line cut after a few letters, "Purge ma…"). Known limit: in the A3's narrow Ishikawa box a cause longer than
    /// three short lines still ends with "…" (the page shows it in full in its tooltip).
    /// </summary>
    [Fact]
    public void Causes_are_printed_on_wrapped_lines()
    {
        var causes = new[]
        {
            (IshikawaCategory.Material, "Raccords vissés différents selon le diamètre"),
            (IshikawaCategory.Machine, "Bridage à changer pour chaque diamètre"),
        };
        var sample = A3PdfTests.Sample();
        var project = sample with
        {
            Ishikawa = new IshikawaDiagram("Réglages longs du banc d'essai", true, [.. causes.Select(c => new IshikawaCause(Guid.NewGuid(), c.Item1, c.Item2))]),
        };
        project = project with
        {
            Ishikawa = project.Ishikawa with
            {
                Causes = [.. project.Ishikawa.Causes, new IshikawaCause(Guid.NewGuid(), IshikawaCategory.Method, "Purge manuelle du circuit après chaque essai")],
            },
        };
        var pdf = A3Pdf.Render(project, "Usine de Lyon", Today, DateTimeOffset.UnixEpoch);
        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "collab-a3-ishikawa.pdf"), pdf);
        using var doc = PdfDocument.Open(pdf);
        var words = doc.GetPages().Single().GetWords().Select(w => w.Text).ToHashSet();
        foreach (var (_, text) in causes)
        {
            Assert.All(text.Split(' '), w => Assert.Contains(w, words));
        }

        Assert.Contains("manuelle", words); // the long cause's second line is printed whole

    }

    [Fact]
    public void The_layout_wraps_a_long_cause_instead_of_shortening_it()
    {
        var diagram = new IshikawaDiagram("Effet", true, [new IshikawaCause(Guid.NewGuid(), IshikawaCategory.Method, "Purge manuelle du circuit après chaque essai sur le banc")]);
        var drawing = IshikawaLayout.Compute(diagram, 900, 420, c => c.ToString());
        var cause = Assert.Single(drawing.Texts, t => t.Cause is not null);
        Assert.True(cause.Lines.Count > 1, string.Join(" / ", cause.Lines));
        Assert.Equal(cause.Text, string.Join(" ", cause.Lines));
        Assert.True(cause.Size >= 11, $"cause font size {cause.Size}");
    }

    /// <summary>
    /// Issue #12 item 14: long causes (up to the 120 characters a cause may hold, two per category) print whole in the
    /// A3's narrow Ishikawa box — wrapped on as many lines as the room between ribs allows, set smaller when needed —
    /// with no "…" (rendered to /tmp/collab-a3-long-causes.pdf and looked at with pdftoppm).
    /// </summary>
    [Fact]
    public void Long_causes_print_whole_in_the_a3_without_an_ellipsis()
    {
        var longCauses = new[]
        {
            (IshikawaCategory.Machine, "Bridage manuel des pièces à chaque changement de diamètre, sans butée ni repère sur le montage"),
            (IshikawaCategory.Machine, "Banc d'essai unique pour trois familles de produits, réglé à la main entre chaque famille"),
            (IshikawaCategory.Method, "Pas de standard de réglage : chaque opérateur a sa propre méthode et son propre ordre des opérations"),
            (IshikawaCategory.Method, "Purge manuelle du circuit hydraulique après chaque essai, faite machine arrêtée"),
            (IshikawaCategory.Material, "Raccords vissés différents selon le diamètre des tubes livrés par le fournisseur principal"),
            (IshikawaCategory.Manpower, "Un seul opérateur formé au réglage du banc sur l'équipe du matin et aucun sur l'équipe du soir"),
            (IshikawaCategory.Environment, "Outillage rangé loin du banc, dans l'armoire commune de l'atelier de montage"),
            (IshikawaCategory.Measurement, "Temps de réglage jamais mesurés ni affichés au poste, donc aucune cible connue"),
        };
        var project = A3PdfTests.Sample() with
        {
            Ishikawa = new IshikawaDiagram("Réglages longs du banc d'essai", true, [.. longCauses.Select(c => new IshikawaCause(Guid.NewGuid(), c.Item1, c.Item2))]),
        };
        var pdf = A3Pdf.Render(project, "Usine de Lyon", Today, DateTimeOffset.UnixEpoch);
        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "collab-a3-long-causes.pdf"), pdf);
        using var doc = PdfDocument.Open(pdf);
        var page = doc.GetPages().Single();
        // The Ishikawa box of the sheet (middle column, top 46 %), in PDF points from the bottom-left corner.
        const double colW = (1190.55 - 48 - 20) / 3, left = 24 + colW + 10, top = 841.89 - 86, bottom = top - 0.46 * (841.89 - 24 - 14 - 86);
        var inBox = page.GetWords().Where(w => w.BoundingBox.Centroid.X > left && w.BoundingBox.Centroid.X < left + colW
            && w.BoundingBox.Centroid.Y > bottom && w.BoundingBox.Centroid.Y < top).Select(w => w.Text).ToList();
        foreach (var (_, cause) in longCauses)
        {
            Assert.All(cause.Split(' '), w => Assert.Contains(w, inBox));
        }

        Assert.DoesNotContain(inBox, w => w.Contains('…', StringComparison.Ordinal));

        // and the same layout gives every cause its full text on the page's drawing
        var drawing = IshikawaLayout.Compute(project.Ishikawa, 377, 300, c => c.ToString());
        Assert.All(drawing.Texts.Where(t => t.Cause is not null), t => Assert.Equal(t.Text, string.Join(" ", t.Lines)));
    }
}
