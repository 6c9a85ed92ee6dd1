using Collab.Contracts;
using Collab.Infrastructure.Mail;
using Collab.Domain.FollowUps;

namespace Collab.Infrastructure.Tests.Mail;

public sealed class FollowUpTemplatesTests
{
    private static FollowUpContext Context => new()
    {
        OrderNumber = "OA-2026-00042",
        OrderDate = new DateOnly(2026, 2, 3),
        Counterpart = "Aciers Dupont",
        ContactName = "Madame Durand",
        SenderName = "Élodie Bernard",
        SenderRole = "Acheteuse",
        Company = "Usine de Lyon",
        NewDate = new DateOnly(2026, 3, 12),
        AnswerBy = new DateOnly(2026, 3, 5),
        Lines =
        [
            new("TOLE-2MM", "Tôle acier 2 mm", 1250.5m, "kg", RequestedDate: new DateOnly(2026, 3, 1), ConfirmedDate: new DateOnly(2026, 3, 9), NewDate: new DateOnly(2026, 3, 12), AvailableQuantity: 600m),
            new("VIS-M8", "Vis M8 <inox>", 5000m, "pcs", RequestedDate: new DateOnly(2026, 3, 1)),
        ],
    };

    [Fact]
    public void Every_kind_renders_in_both_languages_with_all_placeholders_filled()
    {
        foreach (var kind in Enum.GetValues<FollowUpKind>())
        {
            foreach (var lang in FollowUpTemplates.Languages)
            {
                var mail = FollowUpTemplates.Render(kind, lang, Context);
                Assert.Contains("OA-2026-00042", mail.Subject);
                Assert.DoesNotContain('{', mail.Subject + mail.TextBody + mail.HtmlBody);
                Assert.DoesNotContain('\n', mail.Subject);
                Assert.Contains("TOLE-2MM", mail.TextBody);
                Assert.Contains("<table", mail.HtmlBody);
                Assert.Contains("Élodie Bernard", mail.TextBody);
                Assert.Contains(lang == "fr" ? "Bonjour Madame Durand," : "Dear Madame Durand,", mail.TextBody);
                Assert.Contains(lang == "fr" ? "Cordialement," : "Best regards,", mail.TextBody);
            }
        }
    }

    [Fact]
    public void Late_reminder_in_french_formats_dates_quantities_and_the_lines_table()
    {
        var mail = FollowUpTemplates.Render(FollowUpKind.LateDeliveryReminder, "fr", Context);
        Assert.Equal("Relance : retard de livraison — commande OA-2026-00042", mail.Subject);
        Assert.Contains("au plus tard le 05/03/2026", mail.TextBody);
        var lines = mail.TextBody.Split('\n');
        var header = Assert.Single(lines, l => l.StartsWith("Article", StringComparison.Ordinal));
        Assert.Contains("Date demandée", header);
        Assert.Contains("Date confirmée", header);
        var tole = Assert.Single(lines, l => l.StartsWith("TOLE-2MM", StringComparison.Ordinal));
        Assert.Contains("1\u202f250,5 kg", tole); // fr-FR group separator is a narrow no-break space
        Assert.Contains("01/03/2026", tole);
        Assert.Contains("09/03/2026", tole);
        Assert.Equal(header.IndexOf("Date demandée", StringComparison.Ordinal), tole.IndexOf("01/03/2026", StringComparison.Ordinal));
        var vis = Assert.Single(lines, l => l.StartsWith("VIS-M8", StringComparison.Ordinal));
        Assert.EndsWith("—", vis.TrimEnd());
    }

    [Fact]
    public void English_uses_unambiguous_dates_and_english_headers()
    {
        var mail = FollowUpTemplates.Render(FollowUpKind.ExpediteRequest, "en-US", Context);
        Assert.Equal("Request to bring delivery forward — order OA-2026-00042", mail.Subject);
        Assert.Contains("bring forward to 12 March 2026", mail.TextBody);
        Assert.Contains("Date wanted", mail.TextBody);
        Assert.Contains("1,250.5 kg", mail.TextBody);
    }

    [Fact]
    public void Customer_partial_delivery_shows_ordered_and_available_quantities()
    {
        var mail = FollowUpTemplates.Render(FollowUpKind.CustomerPartialDelivery, "fr", Context with { OrderNumber = "CC-2026-00005", TheirReference = "PO 7781" });
        Assert.Equal("Votre commande CC-2026-00005 : proposition de livraison partielle", mail.Subject);
        Assert.Contains("(votre référence PO 7781)", mail.TextBody);
        Assert.Contains("<th>Qté commandée</th><th>Qté livrable</th>", mail.HtmlBody);
        Assert.Contains("<td align=\"right\">600 kg</td>", mail.HtmlBody);
    }

    [Fact]
    public void Values_are_inserted_literally_encoded_in_html_and_single_line_in_the_subject()
    {
        var ctx = Context with { OrderNumber = "OA-1\r\nBcc: x@y.fr", Reason = "voir {Signature} <script>alert(1)</script>" };
        var mail = FollowUpTemplates.Render(FollowUpKind.PostponementRequest, "fr", ctx);
        Assert.Equal("Demande de report de livraison — commande OA-1 Bcc: x@y.fr", mail.Subject);
        Assert.Contains("Motif : voir {Signature} <script>alert(1)</script>", mail.TextBody);
        Assert.Contains("Motif : voir {Signature} &lt;script&gt;alert(1)&lt;/script&gt;", mail.HtmlBody);
        Assert.Contains("<td>Vis M8 &lt;inox&gt;</td>", mail.HtmlBody);
        Assert.DoesNotContain("<script>", mail.HtmlBody);
    }

    [Fact]
    public void Html_body_has_paragraphs_line_breaks_and_the_table_outside_paragraphs()
    {
        var mail = FollowUpTemplates.Render(FollowUpKind.DeliveryDateConfirmationRequest, "fr", Context);
        Assert.StartsWith("<p>Bonjour Madame Durand,</p>\n<p>Pouvez-vous", mail.HtmlBody);
        Assert.Contains("</p>\n<table", mail.HtmlBody);
        Assert.Contains("</table>\n<p>Merci", mail.HtmlBody);
        Assert.Contains("<p>Cordialement,<br />\nÉlodie Bernard<br />\nAcheteuse<br />\nUsine de Lyon</p>", mail.HtmlBody);
    }

    [Fact]
    public void Missing_optional_data_reads_naturally()
    {
        var mail = FollowUpTemplates.Render(FollowUpKind.DeliveryDateConfirmationRequest, "fr", Context with { ContactName = null, OrderDate = null, Reason = null });
        Assert.StartsWith("Bonjour,\n", mail.TextBody);
        Assert.Contains("du (date à préciser)", mail.TextBody);
        Assert.DoesNotContain("Motif", mail.TextBody);
    }

    [Theory]
    [InlineData("Bonjour {Inconnu}", "{Inconnu}, which does not exist")]
    [InlineData("Bonjour {OrderNumber", "not closed")]
    [InlineData("Bonjour }", "lone")]
    [InlineData("Bonjour {Order Number}", "incorrect")]
    public void Edited_templates_with_errors_are_refused_with_a_message_saying_where(string body, string expected)
    {
        var ex = Assert.Throws<MailTemplateException>(() => FollowUpTemplates.Render(new FollowUpTemplate("Objet {OrderNumber}", body), FollowUpKind.CancellationRequest, "fr", Context));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Escaped_braces_stay_literal()
    {
        var mail = FollowUpTemplates.Render(new FollowUpTemplate("{{{OrderNumber}}}", "a {{b}} c"), FollowUpKind.CancellationRequest, "fr", Context);
        Assert.Equal("{OA-2026-00042}", mail.Subject);
        Assert.Equal("a {b} c", mail.TextBody);
    }
}
