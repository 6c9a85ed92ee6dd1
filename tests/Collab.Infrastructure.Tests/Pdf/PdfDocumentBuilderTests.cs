using Collab.Infrastructure.Mail;
using Collab.Infrastructure.Pdf;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace Collab.Infrastructure.Tests.Pdf;

public sealed class PdfDocumentBuilderTests
{
    private static readonly PdfPageDecoration Decoration = new() { HeaderLeft = "Usine de Lyon", HeaderCenter = "Fiche A3 — Chantier SMED", HeaderRight = "02/03/2026" };

    [Fact]
    public void A3_landscape_pages_have_the_a3_size()
    {
        var pdf = new PdfDocumentBuilder(PdfPageSize.A3Landscape, Decoration).Heading("Problème").Paragraph("Temps de changement de série trop long.").Build();
        using var doc = PdfDocument.Open(pdf);
        var page = doc.GetPage(1);
        Assert.Equal(1190.55, page.Width, 0.5);
        Assert.Equal(841.89, page.Height, 0.5);
        Assert.Contains("Changement", page.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_cell_taller_than_a_page_is_split_across_pages_without_losing_lines()
    {
        var huge = string.Join("\n", Enumerable.Range(1, 120).Select(i => $"ligne-{i:000}"));
        var pdf = new PdfDocumentBuilder(PdfPageSize.A4Portrait, Decoration)
            .Table(new PdfTable([new("Repère", 1), new("Détail", 3)], [["A", huge], ["B", "fin"]]))
            .Build();
        using var doc = PdfDocument.Open(pdf);
        Assert.True(doc.NumberOfPages >= 2);
        var words = doc.GetPages().SelectMany(p => p.GetWords().Select(w => w.Text)).ToList();
        var lines = words.Where(w => w.StartsWith("ligne-", StringComparison.Ordinal)).ToList();
        Assert.Equal(Enumerable.Range(1, 120).Select(i => $"ligne-{i:000}"), lines);
        Assert.All(doc.GetPages(), p => Assert.Contains("Repère", p.Text, StringComparison.Ordinal));
    }

    [Fact]
    public void Long_words_and_paragraphs_wrap_inside_the_margins()
    {
        var longWord = new string('x', 300);
        var pdf = new PdfDocumentBuilder(PdfPageSize.A4Portrait, Decoration).Paragraph("début " + longWord + " fin").Build();
        using var doc = PdfDocument.Open(pdf);
        var page = doc.GetPage(1);
        Assert.All(page.Letters, l => Assert.InRange(l.BoundingBox.Right, 0, page.Width - 40));
        Assert.Equal(300, page.Letters.Count(l => l.Value == "x"));
    }

    [Fact]
    public void Missing_font_fails_with_the_package_to_install()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => PdfFonts.Load("/nonexistent-fonts"));
        Assert.Contains("fonts-dejavu-core", ex.Message);
    }

    [Fact]
    public async Task Registrations_resolve_the_mail_sender_and_the_minutes_renderer()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Collab:Mail:Host"] = "smtp.example.fr",
            ["Collab:Mail:Port"] = "587",
            ["Collab:Mail:FromAddress"] = "collab@example.fr",
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddCollabMail(configuration).AddCollabDocuments().BuildServiceProvider();
        Assert.IsType<SmtpMailSender>(provider.GetRequiredService<IMailSender>());
        var settings = await provider.GetRequiredService<IMailSettingsProvider>().GetAsync();
        Assert.Equal(("smtp.example.fr", 587), (settings.Host, settings.Port));
        Assert.NotNull(provider.GetRequiredService<MailSettingsProtector>());
        Assert.NotNull(provider.GetRequiredService<IMailBodyStore>());
        var pdf = provider.GetRequiredService<IMinutesRenderer>().Render(MinutesPdfTests.Sample());
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
    }
}
