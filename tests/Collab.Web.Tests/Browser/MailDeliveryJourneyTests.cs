using Collab.Web.Components.Pages.Meetings;
using System.Net;
using System.Net.Sockets;
using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.FollowUps;
using Collab.Contracts.Orders;
using Collab.Infrastructure.Mail;
using Collab.Domain.FollowUps;
using Collab.Web.Services;
using Collab.Web.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Collab.Web.Tests.Browser;

/// <summary>
/// Issue 12 item 1: every mail action with no server (said before anyone composes), with a server that refuses
/// (nothing listens on the port; an SMTP that rejects the login) and with a working one (the real aiosmtpd of the
/// shared host); and the embedded demo's built-in outbox, whose "reply as the supplier" lands on the PO thread
/// through the mailbox's matching path. The route is switched at run time like an administrator would: the stored
/// settings (Administration › Messagerie) and the host configuration ("Collab:Mail", "Collab:Mail:DemoOutbox").
/// </summary>
[Collection(WebHostCollection.Name)]
public sealed class MailDeliveryJourneyTests(WebHostFixture host) : BrowserJourney
{
    protected override WebHostFixture Host => host;

    protected override float TimeoutMs => 30_000;

    private IFollowUpService FollowUps => host.Factory.Services.GetRequiredService<IFollowUpService>();

    private IOrdersService Orders => host.Factory.Services.GetRequiredService<IOrdersService>();

    private IConfiguration Configuration => host.Factory.Services.GetRequiredService<IConfiguration>();

    public override async Task DisposeAsync()
    {
        // Back to the shared host's route: the "Collab:Mail" configuration (the fixture's aiosmtpd), nothing stored.
        Configuration["Collab:Mail:Host"] = "127.0.0.1";
        Configuration["Collab:Mail:DemoOutbox"] = null;
        await StoreSmtpAsync(null, 0);
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Each_mail_action_says_not_configured_first_survives_a_refusing_server_and_sends_through_a_working_one()
    {
        var number = await PurchaseOrderWithAddressAsync();

        // 1. No server, not the demo outbox: said before anyone composes, on every mail action; the services refuse too.
        await NoServerAsync();
        var page = await SignedInPageAsync("acheteur", $"purchasing/{number}");
        await Assertions.Expect(page.Locator("[data-testid=mail-not-configured]")).ToContainTextAsync("Messagerie non configurée : demandez à un administrateur (Administration › Messagerie)");
        await Assertions.Expect(page.Locator("[data-testid=follow-up-open]")).ToBeDisabledAsync();
        await page.GotoAsync(new Uri(host.BaseAddress, "purchasing/follow-ups").ToString());
        await Assertions.Expect(page.Locator("[data-testid=mail-not-configured]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=bulk-send]")).ToBeDisabledAsync();
        var draft = await FollowUps.DraftPurchaseAsync(number, FollowUpKind.DeliveryDateConfirmationRequest, "acheteur");
        Assert.Equal(Refusal.MailNotConfigured, Assert.Single((await Assert.ThrowsAsync<CommandRejectedException>(() => FollowUps.SendAsync(draft, "acheteur"))).Reasons).Kind);
        await Assert.ThrowsAsync<CommandRejectedException>(() => FollowUps.SendBulkAsync([number], "acheteur"));
        var meetings = host.Factory.Services.GetRequiredService<MeetingService>();
        if ((await meetings.ListSeriesAsync()).FirstOrDefault(s => !s.Cancelled) is { } series)
        {
            await Assert.ThrowsAsync<MailSettingsException>(() => meetings.SendInvitationsAsync(series.Id, "animateur"));
            var facilitator = await SignedInPageAsync("animateur", "reunions");
            await Assertions.Expect(facilitator.Locator("[data-testid=mail-not-configured]")).ToBeVisibleAsync();
            await Assertions.Expect(facilitator.Locator("[data-testid=send-invitations]").First).ToBeDisabledAsync();
        }

        // The administrator gets the link to the settings page.
        var admin = await SignedInPageAsync("admin", $"purchasing/{number}");
        await Assertions.Expect(admin.Locator("[data-testid=mail-admin-link]")).ToHaveAttributeAsync("href", "/admin/mail");

        // 2. A server that refuses: nothing listens on the port. The circuit stays up, the typed text stays, the page says what to do.
        await StoreSmtpAsync("127.0.0.1", ClosedPort());
        await page.GotoAsync(new Uri(host.BaseAddress, $"purchasing/{number}").ToString());
        // The prerendered button is already enabled: a click before the circuit is up would be lost.
        await Chromium.WaitForInteractivityAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=mail-not-configured]")).ToHaveCountAsync(0);
        await page.Locator("[data-testid=follow-up-open]").ClickAsync();
        var typed = "Bonjour,\nPouvez-vous confirmer la date ? (texte tapé par l'acheteuse)\n";
        await page.Locator("[data-testid=compose-body]").FillAsync(typed);
        await page.Locator("[data-testid=compose-send]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=compose-error]")).ToContainTextAsync("injoignable");
        await Assertions.Expect(page.Locator("[data-testid=compose-failure-hint]")).ToContainTextAsync("Votre texte est conservé");
        await Assertions.Expect(page.Locator("[data-testid=compose-body]")).ToHaveValueAsync(typed);
        await Assertions.Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();

        // 3. A server that rejects the login (the test SMTP offers no authentication): same, still the same circuit.
        await StoreSmtpAsync("127.0.0.1", host.Smtp.Port, "acheteur", "mauvais-mot-de-passe");
        await page.Locator("[data-testid=compose-send]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=compose-error]")).ToContainTextAsync(host.Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("[data-testid=compose-body]")).ToHaveValueAsync(typed);
        await Assertions.Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await ScreenshotAsync(page, "mail-send-refused-fr.png");

        // 4. A working server: the same typed text leaves and is logged on the thread.
        await StoreSmtpAsync("127.0.0.1", host.Smtp.Port);
        var before = host.Smtp.Count;
        await page.Locator("[data-testid=compose-send]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=compose]")).ToHaveCountAsync(0);
        Assert.Equal(before + 1, host.Smtp.Count);
        var sentId = (await Orders.GetPurchaseOrderAsync(number))!.View.Thread.Last(m => m.Outgoing).MessageId!;
        Assert.Contains("texte tapé par l'acheteuse", host.Smtp.FindByMessageId(sentId)!.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_outbox_keeps_the_mail_with_its_pdf_and_a_reply_as_the_supplier_is_threaded_onto_the_po()
    {
        var number = await PurchaseOrderWithAddressAsync();
        await DemoOutboxAsync();
        var page = await SignedInPageAsync("acheteur", $"purchasing/{number}");
        await Assertions.Expect(page.Locator("[data-testid=mail-demo-outbox]")).ToBeVisibleAsync();
        var outgoing = (await Orders.GetPurchaseOrderAsync(number))!.View.Thread.Count(m => m.Outgoing);
        var incoming = (await Orders.GetPurchaseOrderAsync(number))!.View.Thread.Count(m => !m.Outgoing);
        await page.Locator("[data-testid=follow-up-open]").ClickAsync();
        await page.Locator("[data-testid=compose-send]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=thread-message][data-direction=out]")).ToHaveCountAsync(outgoing + 1);
        var sentId = (await Orders.GetPurchaseOrderAsync(number))!.View.Thread.Last(m => m.Outgoing).MessageId!;

        // The outbox page lists it, with the PO as a downloadable PDF.
        await page.Locator("[data-testid=demo-outbox-link]").ClickAsync();
        var mail = page.Locator($"[data-testid=outbox-mail][data-message-id='{sentId}']");
        await Assertions.Expect(mail.Locator("[data-testid=outbox-subject]")).ToContainTextAsync(number);
        var link = mail.Locator("[data-testid=outbox-attachment]", new() { HasTextString = $"{number}.pdf" });
        var pdf = await page.APIRequest.GetAsync(new Uri(host.BaseAddress, (await link.GetAttributeAsync("href"))!).ToString());
        Assert.Equal(200, pdf.Status);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString((await pdf.BodyAsync())[..4]), StringComparison.Ordinal);

        // "Répondre comme le fournisseur": the reply goes through the mailbox's matching path and lands on the PO thread.
        await mail.Locator("[data-testid=outbox-reply]").ClickAsync();
        await Assertions.Expect(mail.Locator("[data-testid=outbox-reply-text]")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("Nous pouvons livrer le"));
        await ScreenshotAsync(page, "mail-demo-outbox-fr.png");
        await mail.Locator("[data-testid=outbox-reply-send]").ClickAsync();
        await Assertions.Expect(page.GetByText("elle est sur le fil de la commande")).ToBeVisibleAsync();
        var thread = (await Orders.GetPurchaseOrderAsync(number))!.View.Thread;
        var reply = thread.Last(m => !m.Outgoing);
        Assert.Equal(incoming + 1, thread.Count(m => !m.Outgoing));
        Assert.Equal("Thread", reply.MatchedBy);
        Assert.NotNull(reply.ProposedDate);
        await page.GotoAsync(new Uri(host.BaseAddress, $"purchasing/{number}").ToString());
        await Assertions.Expect(page.Locator("[data-testid=thread-message][data-direction=in]")).ToHaveCountAsync(incoming + 1);
        await Assertions.Expect(page.Locator("[data-testid=proposed-date]").First).ToBeVisibleAsync();
        // The thread keeps the body id; the page reads the body from the mail store (issue 16 item 4).
        Assert.Equal(reply.MessageId, reply.BodyId);
        await Assertions.Expect(page.Locator("[data-testid=thread-body]", new() { HasTextString = "Nous pouvons livrer le" }).First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_reply_from_an_unknown_sender_with_the_po_number_needs_an_explicit_confirmation()
    {
        var number = await PurchaseOrderWithAddressAsync(skip: 1);
        var po = (await Orders.GetPurchaseOrderAsync(number))!.View;
        var proposed = DateOnly.FromDateTime(host.Factory.Services.GetRequiredService<TimeProvider>().GetLocalNow().DateTime).AddDays(9);
        var date = proposed.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);
        // Anyone can mail the buyers' address with the PO number in the subject: it is threaded by the number, not trusted.
        var forged = new InboundMail($"{Guid.NewGuid():N}@evil.example", null, [], "Pirate <pirate@evil.example>", "pirate@evil.example", "achats@usine.example",
            $"Livraison {number}", DateTimeOffset.UtcNow, $"Nous livrerons le {date}.", null, []);
        var site = SiteOptions.CodeOf(host.Factory.Services.GetRequiredService<IConfiguration>());
        var ingested = await host.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IMailboxGrain>(site).IngestAsync([forged], null, null);
        Assert.Equal(1, ingested.Threaded);

        var page = await SignedInPageAsync("acheteur", $"purchasing/{number}");
        var message = page.Locator("[data-testid=thread-message][data-direction=in]", new() { HasTextString = "pirate@evil.example" });
        await Assertions.Expect(message.Locator("[data-testid=unverified-sender]")).ToContainTextAsync("expéditeur non vérifié");
        await Assertions.Expect(message.Locator("[data-testid=accept-date]")).ToHaveCountAsync(0);
        var version = (await Orders.GetPurchaseOrderAsync(number))!.View.Version;
        var refused = await Assert.ThrowsAsync<CommandRejectedException>(() => FollowUps.AcceptProposedDateAsync(number, forged.MessageId, version, "acheteur"));
        Assert.Equal(Refusal.SenderNotVerified, Assert.Single(refused.Reasons).Kind);
        // The browser never sends the date: the command takes none, the PO reads it from the stored message.

        await message.Locator("[data-testid=accept-date-unverified]").ClickAsync();
        await Assertions.Expect(message.Locator("[data-testid=unverified-confirm-text]")).ToContainTextAsync("accepter quand même");
        await ScreenshotAsync(page, "mail-unverified-sender-fr.png");
        await message.Locator("[data-testid=accept-date-confirm]").ClickAsync();
        await Assertions.Expect(message.Locator("[data-testid=accepted-date]")).ToBeVisibleAsync();
        Assert.All((await Orders.GetPurchaseOrderAsync(number))!.View.Lines.Where(l => l.OpenQty > 0), l => Assert.Equal(proposed, l.ConfirmedDate));
        Assert.Equal(po.Supplier, (await Orders.GetPurchaseOrderAsync(number))!.View.Supplier);
    }

    private async Task NoServerAsync()
    {
        Configuration["Collab:Mail:Host"] = "";
        Configuration["Collab:Mail:DemoOutbox"] = "false";
        await StoreSmtpAsync(null, 0);
    }

    private async Task DemoOutboxAsync()
    {
        Configuration["Collab:Mail:Host"] = "";
        Configuration["Collab:Mail:DemoOutbox"] = null;
        await StoreSmtpAsync(null, 0);
    }

    /// <summary>Stores the SMTP settings like the "Messagerie" page does (null host = none stored).</summary>
    private async Task StoreSmtpAsync(string? smtpHost, int port, string? user = null, string? password = null)
    {
        var current = await FollowUps.GetMailConfigurationAsync();
        await FollowUps.SaveMailConfigurationAsync(new MailSettingsForm(smtpHost ?? "", smtpHost is null ? 25 : port, MailServerSecurity.None, user, password,
            smtpHost is null ? "" : "achats@usine-demo.example.fr", "Achats", null, false, "", 143, MailServerSecurity.StartTls, "", null, "INBOX", 5, []),
            current.Version, "admin");
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private async Task<string> PurchaseOrderWithAddressAsync(int skip = 0)
    {
        // Not a late order: the follow-up and shared-plan journeys of the same host pick late ones with an empty thread.
        var late = (await Orders.ListAsync(ObjectKind.PurchaseOrder, new OrderListFilter(LateOnly: true))).Select(r => r.Number).ToHashSet(StringComparer.Ordinal);
        foreach (var row in (await Orders.ListAsync(ObjectKind.PurchaseOrder, new OrderListFilter())).Where(r => !late.Contains(r.Number)).OrderBy(r => r.Number, StringComparer.Ordinal))
        {
            var po = (await Orders.GetPurchaseOrderAsync(row.Number))!.View;
            if (po.Lines.Any(l => l.OpenQty > 0) && (await FollowUps.GetSupplierAsync(po.Supplier))?.HasAddress == true && skip-- == 0)
            {
                return po.Number;
            }
        }

        throw new InvalidOperationException("the demo plant has an open purchase order whose supplier has an address");
    }

}
