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
}
