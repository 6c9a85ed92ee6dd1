using Collab.Contracts.Common;
using Collab.Contracts.FollowUps;
using Collab.Contracts.Meetings;
using Collab.Contracts.Orders;
using Collab.Contracts.Plan;
using Collab.Contracts.Sites;
using Collab.Infrastructure.Tests.Servers;
using Collab.Web.Components.Pages.Meetings;
using Collab.Web.Services;
using Collab.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Collab.Web.Tests.Sites;

/// <summary>A host whose site is <c>Collab:Site:Code=LYON</c> (the one setting, SiteOptions), with a real SMTP server.</summary>
[CollectionDefinition(Name)]
public sealed class LyonSiteCollection : ICollectionFixture<LyonSiteHost>
{
    public const string Name = "LYON site host";
}

public sealed class LyonSiteHost : IDisposable
{
    private readonly Dictionary<string, string?> previousEnvironment = [];

    public CollabWebFactory Factory { get; } = new();

    public SmtpServer Smtp { get; } = new();

    public LyonSiteHost()
    {
        Smtp.StartAsync().GetAwaiter().GetResult();
        Factory.ExtraSettings["Collab:Site:Code"] = "LYON";
        lock (CollabWebFactory.StartLock)
        {
            foreach (var (key, value) in Factory.Settings)
            {
                var name = key.Replace(":", "__", StringComparison.Ordinal);
                previousEnvironment[name] = Environment.GetEnvironmentVariable(name);
                Environment.SetEnvironmentVariable(name, value);
            }

            try
            {
                Factory.Start();
            }
            finally
            {
                foreach (var (name, value) in previousEnvironment)
                {
                    Environment.SetEnvironmentVariable(name, value);
                }
            }
        }
    }

    public void Dispose()
    {
        Factory.Dispose();
        Smtp.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}

/// <summary>Issue 16 item 13: one site setting, read everywhere — pages, mail, kiosk and plan all use LYON, never DEMO.</summary>
[Collection(LyonSiteCollection.Name)]
public sealed class SiteCodeTests(LyonSiteHost host)
{
    [Fact]
    public async Task The_site_code_LYON_is_used_by_pages_mail_kiosk_and_plan()
    {
        var services = host.Factory.Services;
        var grains = services.GetRequiredService<IGrainFactory>();
        var lyon = grains.GetGrain<ISiteGrain>("LYON");
        await lyon.ImportMasterDataAsync(MasterDataSet.Empty with
        {
            Items = [new ItemData("CORPS", "Corps de vanne", "", ItemSource.Buy, "pc", 20, 10, 0)],
            Suppliers = [new SupplierData("F-LYON", "Fonderie lyonnaise", "adv@fonderie-lyon.example", "fr", "Mme Rivière")],
        }, 0, "admin");
        var info = await lyon.GetInfoAsync();
        await lyon.RenameAsync("Usine de Lyon", info.Version, "admin");
        // The stored mail settings of LYON (not DEMO's, not Collab:Mail): sender, Message-ID domain, reply address.
        var settings = grains.GetGrain<IMailSettingsGrain>("LYON");
        var current = await settings.GetAsync();
        await settings.SaveAsync(current with
        {
            Smtp = new SmtpConfiguration("127.0.0.1", host.Smtp.Port, MailServerSecurity.None, null, null, "collab@lyon.usine.example", "Collab Lyon", "achats@lyon.usine.example"),
        }, current.Version, "admin");
        var po = $"OA-2026-{Random.Shared.Next(100_000, 999_999)}";
        await grains.GetGrain<IPurchaseOrderGrain>(po).CreateAsync("LYON",
            new PurchaseOrderDraft("F-LYON", [new PurchaseOrderLineDraft("CORPS", 40, DateOnly.FromDateTime(DateTime.Today).AddDays(10))], "admin"), "admin");

        // Plan: the plan run of this host is LYON's.
        var plan = services.GetRequiredService<IPlanService>();
        var run = await plan.RecalculateAsync("admin");
        Assert.Equal(run.RunId, (await grains.GetGrain<IPlanGrain>(PlanKey.Of("LYON")).GetSummaryAsync())?.RunId);
        Assert.Null(await grains.GetGrain<IPlanGrain>(PlanKey.Of("DEMO")).GetSummaryAsync());

        // Mail: drafted from LYON's order, sent through LYON's settings, its Message-ID recorded on LYON's mailbox.
        var followUps = services.GetRequiredService<IFollowUpService>();
        var draft = await followUps.DraftPurchaseAsync(po, null, "admin");
        var sent = await followUps.SendAsync(draft, "admin");
        var received = host.Smtp.FindByMessageId(sent.MessageId);
        Assert.NotNull(received);
        Assert.Contains(po, received.Subject, StringComparison.Ordinal);
        Assert.Equal("collab@lyon.usine.example", received.From.Mailboxes.Single().Address);
        Assert.EndsWith("@lyon.usine.example", received.MessageId, StringComparison.Ordinal);
        Assert.Equal(draft.ReplyTo, received.ReplyTo.Mailboxes.Single().Address);
        Assert.Equal(new ObjectRef(ObjectKind.PurchaseOrder, po), await grains.GetGrain<IMailboxGrain>("LYON").FindSentAsync(sent.MessageId));
        Assert.Null(await grains.GetGrain<IMailboxGrain>("DEMO").FindSentAsync(sent.MessageId));

        // Kiosk: a display created from this host is LYON's.
        var meetings = services.GetRequiredService<MeetingService>();
        var display = await meetings.CreateDisplayAsync("Atelier Lyon", "admin");
        Assert.Contains(await grains.GetGrain<IKioskDisplayGrain>("LYON").ListAsync(), d => d.Id == display.Display.Id);
        Assert.DoesNotContain(await grains.GetGrain<IKioskDisplayGrain>("DEMO").ListAsync(), d => d.Id == display.Display.Id);

        // Pages: the header names LYON's plant, the triage page lists LYON's mailbox.
        await grains.GetGrain<IMailboxGrain>("LYON").IngestAsync([new InboundMail($"{Guid.NewGuid():N}@ailleurs.example", null, [], "Inconnu <x@ailleurs.example>",
            "x@ailleurs.example", "achats@lyon.usine.example", "Question pour Lyon", DateTimeOffset.UtcNow, "Bonjour", null, [])], null, null);
        using var client = new SignedInClient(host.Factory.BaseAddress);
        var signIn = await client.SignInAsync("admin", "Demo#2026");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, signIn.StatusCode);
        var home = await client.GetDocumentAsync("");
        Assert.Contains("Usine de Lyon", home.QuerySelector("[data-testid=site-name]")?.TextContent ?? "", StringComparison.Ordinal);
        var triage = await client.GetDocumentAsync("purchasing/triage");
        Assert.Contains(triage.QuerySelectorAll("[data-testid=triage-subject]"), e => e.TextContent == "Question pour Lyon");
    }
}
