using Collab.Contracts.Orders;
using Collab.Contracts.Sites;
using Collab.Domain.FollowUps;
using Collab.Infrastructure.Mail;

namespace Collab.Infrastructure.Tests.Mail;

/// <summary>The follow-up mail of a PO: the pure composer's context rendered by the templates, and the PO as PDF.</summary>
public sealed class FollowUpMailsTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static readonly Dictionary<string, ItemData> Items = new()
    {
        ["A"] = new ItemData("A", "Article A", "", ItemSource.Buy, "pc", 10, 5, 0),
    };

    private static PurchaseOrderView Po(string number, string supplier, DateOnly requested, DateOnly? needed = null) =>
        new(number, "S", supplier, "acheteur", PurchaseOrderStatus.Sent, [new PurchaseOrderLine(1, "A", 10, requested, null, needed, [])], [], [], [], 1, null, null);

    [Fact]
    public void The_composer_fills_the_supplier_template_in_its_language_with_the_order_lines_and_a_pdf()
    {
        var po = Po("OA-2026-00042", "F-MOTOR", Today.AddDays(-3), needed: Today.AddDays(-10));
        var supplier = new SupplierData("F-MOTOR", "MotorWorks GmbH", "orders@motorworks.example", "en", "Mr Weber");
        var context = FollowUpComposer.PurchaseContext(po, supplier, Items, FollowUpKind.LateDeliveryReminder,
            new FollowUpSender("Claire Achat", null, "Usine de Lyon", null, "claire@usine.example.fr"), Today);
        var mail = FollowUpTemplates.Render(FollowUpKind.LateDeliveryReminder, supplier.Language, context);

        Assert.Contains("OA-2026-00042", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("Dear Mr Weber", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Article A", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Claire Achat", mail.TextBody, StringComparison.Ordinal);

        var pdf = FollowUpMails.PurchaseOrderPdf(po, supplier, Items, "Usine de Lyon", new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal("OA-2026-00042.pdf", pdf.FileName);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf.Content, 0, 4));
    }
}
