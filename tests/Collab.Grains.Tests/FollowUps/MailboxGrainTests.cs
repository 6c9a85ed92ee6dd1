using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.FollowUps;
using Collab.Contracts.Orders;
using Collab.Contracts.Sites;
using Collab.Infrastructure.Mail;
using Collab.Infrastructure.Tests.Servers;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Collab.Grains.Tests.FollowUps;

/// <summary>
/// Mailbox grain, its worker (IMAP polling and automatic sends outside grain turns) and order threads against the real
/// IMAP/SMTP servers, with a fake clock.
/// </summary>
[Collection(MailClusterCollection.Name)]
public sealed class MailboxGrainTests(MailClusterFixture fixture)
{
    private DateOnly Today => DateOnly.FromDateTime(fixture.Clock.GetLocalNow().DateTime);

    /// <summary>The worker a silo runs for <paramref name="site"/>, sending through the silo's mail services.</summary>
    private MailboxWorker Worker(string site)
    {
        var services = fixture.Cluster.Silos[0].ServiceProvider;
        var mail = new SupplierMailService(fixture.Grains, services.GetRequiredService<IMailSender>(), services.GetRequiredService<BulkMailSender>(), null, fixture.Clock, site);
        return new MailboxWorker(fixture.Grains, fixture.Protector, mail, fixture.Clock, site, bodies: fixture.Bodies,
            limits: new MailLimits { MaxTextChars = 2_000, MaxHtmlChars = 3_000, MaxMessageBytes = 200_000 });
    }

    private static string NewSite() => "M" + Guid.NewGuid().ToString("N")[..8];

    private static string NewPo() => $"OA-2026-{Random.Shared.Next(100_000, 999_999)}";

    private async Task<string> NewSiteAsync()
    {
        var site = NewSite();
        await fixture.Grains.GetGrain<ISiteGrain>(site).ImportMasterDataAsync(MasterDataSet.Empty with
        {
            Items = [new ItemData("CORPS", "Corps de vanne", "", ItemSource.Buy, "pc", 20, 10, 0), new ItemData("JOINT", "Joint", "", ItemSource.Buy, "pc", 1, 5, 0)],
            Suppliers =
            [
                new SupplierData("F-AUTO", "Fonderie Auto", "commandes@fonderie-auto.example.fr", "fr", "M. Martin"),
                new SupplierData("F-PROP", "Proposal Ltd", "orders@proposal.example.com", "en"),
            ],
        }, 0, "admin");
        return site;
    }

    private async Task<PurchaseOrderView> NewPoAsync(string site, string supplier, DateOnly requested, string number)
    {
        return await fixture.Grains.GetGrain<IPurchaseOrderGrain>(number).CreateAsync(site,
            new PurchaseOrderDraft(supplier, [new PurchaseOrderLineDraft("CORPS", 40, requested), new PurchaseOrderLineDraft("JOINT", 200, requested)], "acheteur"), "acheteur");
    }

    private async Task ConfigureImapAsync(string site, string folder, int? port = null)
    {
        var settings = fixture.Grains.GetGrain<IMailSettingsGrain>(site);
        var current = await settings.GetAsync();
        await settings.SaveAsync(current with
        {
            Imap = new ImapConfiguration("127.0.0.1", port ?? fixture.Servers.Imap.Port, MailServerSecurity.None, ImapServer.UserName,
                fixture.Protector.ProtectPassword(ImapServer.Password), folder, true),
        }, current.Version, "admin");
    }

    private static MimeMessage SupplierMail(string subject, string text, string? inReplyTo = null, string? html = null, string? messageId = null)
    {
        var m = new MimeMessage();
        m.From.Add(new MailboxAddress("Fonderie Auto", "commandes@fonderie-auto.example.fr"));
        m.To.Add(new MailboxAddress("Achats", "achats@usine-test.example.fr"));
        m.Subject = subject;
        m.MessageId = messageId ?? $"{Guid.NewGuid():N}@fonderie-auto.example.fr";
        m.Date = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
        if (inReplyTo is not null)
        {
            m.InReplyTo = inReplyTo;
            m.References.Add(inReplyTo);
        }

        m.Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody();
        return m;
    }

    [Fact]
    public async Task Replies_are_threaded_by_message_id_or_subject_number_unmatched_go_to_triage_and_duplicates_are_skipped()
    {
        var site = await NewSiteAsync();
        var (po1, po2) = (NewPo(), NewPo());
        await NewPoAsync(site, "F-AUTO", Today.AddDays(10), po1);
        await NewPoAsync(site, "F-AUTO", Today.AddDays(12), po2);
        var mailbox = fixture.Grains.GetGrain<IMailboxGrain>(site);
        var ours = $"collab.20261123083000.{Guid.NewGuid():N}@usine-test.example.fr";
        await mailbox.RecordSentAsync($"<{ours}>", new ObjectRef(ObjectKind.PurchaseOrder, po1));
        var folder = await fixture.Servers.Imap.CreateFolderAsync("Achats");
        await ConfigureImapAsync(site, folder);

        var reply = SupplierMail("RE: Relance de retard", "Bonjour,\nNous pouvons livrer le 12/12/2026.\n\n> Le 10/12/2026 était demandé", inReplyTo: ours);
        await fixture.Servers.Imap.AppendAsync(folder,
            reply,
            SupplierMail($"Confirmation commande {po2.ToLowerInvariant()}", "Confirmé pour le 2026-12-15."),
            SupplierMail("Offre spéciale", "Promotion", html: "<p onclick=\"x()\">Promo <b>-20 %</b></p><script>alert('x')</script><a href=\"javascript:alert(1)\">ici</a>"),
            SupplierMail("RE: Relance de retard", "copie", inReplyTo: ours, messageId: reply.MessageId));

        var first = await Worker(site).PollNowAsync();

        Assert.True(first.Succeeded, first.Status.LastError);
        Assert.Equal((4, 2, 1, 1), (first.Fetched, first.Threaded, first.Triaged, first.Duplicates));
        Assert.Equal(MailboxHealth.Ok, first.Status.Health);
        var thread1 = (await fixture.Grains.GetGrain<IPurchaseOrderGrain>(po1).GetAsync())!.Thread;
        var received = Assert.Single(thread1);
        Assert.False(received.Outgoing);
        Assert.Equal(new DateOnly(2026, 12, 12), received.ProposedDate);
        Assert.Equal("Thread", received.MatchedBy);
        var thread2 = (await fixture.Grains.GetGrain<IPurchaseOrderGrain>(po2).GetAsync())!.Thread;
        Assert.Equal(new DateOnly(2026, 12, 15), Assert.Single(thread2).ProposedDate);
        Assert.Equal("SubjectNumber", thread2[0].MatchedBy);
        var triage = Assert.Single(await mailbox.GetTriageAsync());
        Assert.Equal("Offre spéciale", triage.Subject);
        Assert.Equal(TriageReason.NoThreadNorNumber, triage.ReasonKind);
        // The body is in the mail store (the grain keeps its id and a preview, never the HTML).
        Assert.Null(triage.SanitizedHtml);
        Assert.Equal(triage.MessageId, triage.BodyId);
        var stored = await fixture.Bodies.GetAsync(site, triage.BodyId!);
        Assert.NotNull(stored);
        Assert.DoesNotContain("<script", stored.SanitizedHtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", stored.SanitizedHtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", stored.SanitizedHtml, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<b>-20 %</b>", stored.SanitizedHtml, StringComparison.Ordinal);
        Assert.Equal(received.BodyId, received.MessageId);
        Assert.Contains("12/12/2026", (await fixture.Bodies.GetAsync(site, received.BodyId!))!.Text, StringComparison.Ordinal);

        // The watermark moved: nothing new, also after the grain is deactivated and read back from storage (restart).
        await fixture.Cluster.DeactivateAsync(mailbox);
        var second = await Worker(site).PollNowAsync();
        Assert.Equal(new ObjectRef(ObjectKind.PurchaseOrder, po1), await mailbox.FindSentAsync(ours));
        Assert.Single(await mailbox.GetTriageAsync());
        // The same Message-ID appended again (at-least-once) is skipped.
        Assert.Equal(0, second.Fetched);
        await fixture.Servers.Imap.AppendAsync(folder, SupplierMail("RE: Relance de retard", "encore", inReplyTo: ours, messageId: reply.MessageId));
        var third = await Worker(site).PollNowAsync();
        Assert.Equal((1, 0, 1), (third.Fetched, third.Threaded, third.Duplicates));
        Assert.Single((await fixture.Grains.GetGrain<IPurchaseOrderGrain>(po1).GetAsync())!.Thread);

        // A triage mail is filed on an order by the buyer, never dropped; an unknown order is refused.
        await Assert.ThrowsAsync<CommandRejectedException>(() => mailbox.AssignTriageAsync(triage.MessageId, new ObjectRef(ObjectKind.PurchaseOrder, "OA-2026-000001"), "acheteur"));
        await mailbox.AssignTriageAsync(triage.MessageId, new ObjectRef(ObjectKind.PurchaseOrder, po2), "acheteur");
        Assert.Empty(await mailbox.GetTriageAsync());
        Assert.Equal(2, (await fixture.Grains.GetGrain<IPurchaseOrderGrain>(po2).GetAsync())!.Thread.Count);
        Assert.Equal(3, (await mailbox.GetStatusAsync()).ReceivedCount);
    }

    [Fact]
    public async Task Unreachable_imap_shows_a_failing_status_retries_with_backoff_and_loses_nothing()
    {
        var site = await NewSiteAsync();
        var folder = await fixture.Servers.Imap.CreateFolderAsync("Panne");
        await fixture.Servers.Imap.AppendAsync(folder, SupplierMail("Question", "Bonjour"));
        await ConfigureImapAsync(site, folder, port: ExternalProcess.FreePort());
        var mailbox = fixture.Grains.GetGrain<IMailboxGrain>(site);

        var failed = await Worker(site).PollNowAsync();

        Assert.False(failed.Succeeded);
        Assert.Equal(MailboxHealth.Failing, failed.Status.Health);
        Assert.False(string.IsNullOrWhiteSpace(failed.Status.LastError));
        Assert.Equal(Refusal.ImapUnreachable, failed.Status.LastErrorReason?.Kind);
        Assert.Equal(1, failed.Status.ConsecutiveFailures);
        Assert.True(failed.Status.NextAttemptAt > fixture.Clock.GetUtcNow());

        // The worker's round does not hammer the server before the retry delay…
        var worker = Worker(site);
        await worker.RunOnceAsync(force: false);
        Assert.Equal(1, (await mailbox.GetStatusAsync()).ConsecutiveFailures);
        // …and retries once it is due.
        fixture.Clock.Advance(failed.Status.NextAttemptAt!.Value - fixture.Clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        await worker.RunOnceAsync(force: false);
        Assert.Equal(2, (await mailbox.GetStatusAsync()).ConsecutiveFailures);

        // Server back (right port): the mail waiting in the folder arrives.
        await ConfigureImapAsync(site, folder);
        var ok = await Worker(site).PollNowAsync();
        Assert.True(ok.Succeeded, ok.Status.LastError);
        Assert.Null(ok.Status.LastErrorReason);
        Assert.Equal(MailboxHealth.Ok, ok.Status.Health);
        Assert.Equal("Question", Assert.Single(await mailbox.GetTriageAsync()).Subject);
    }

    [Fact]
    public async Task Accepting_a_proposed_date_confirms_the_open_lines_once_and_is_version_checked()
    {
        var site = await NewSiteAsync();
        var number = NewPo();
        await NewPoAsync(site, "F-AUTO", Today.AddDays(5), number);
        var po = fixture.Grains.GetGrain<IPurchaseOrderGrain>(number);
        var message = new SupplierMessage(fixture.Clock.GetUtcNow(), false, "commandes@fonderie-auto.example.fr", "RE: " + number, "Livraison le 01/12/2026",
            "reply-1@fonderie-auto.example.fr", ProposedDate: new DateOnly(2026, 12, 1));
        await po.AddMessageAsync(message, "messagerie");
        var view = await po.AddMessageAsync(message, "messagerie");
        Assert.Single(view.Thread);

        await Assert.ThrowsAsync<VersionConflictException>(() => po.AcceptProposedDateAsync("reply-1@fonderie-auto.example.fr", view.Version - 1, "acheteur"));
        await Assert.ThrowsAsync<CommandRejectedException>(() => po.AcceptProposedDateAsync("unknown@x.example", view.Version, "acheteur"));

        var accepted = await po.AcceptProposedDateAsync("reply-1@fonderie-auto.example.fr", view.Version, "acheteur");

        Assert.All(accepted.Lines, l => Assert.Equal(new DateOnly(2026, 12, 1), l.ConfirmedDate));
        Assert.Equal(PurchaseOrderStatus.Confirmed, accepted.Status);
        Assert.True(Assert.Single(accepted.Thread).Accepted);
        Assert.Equal(view.Version + 1, accepted.Version);
        var history = await po.GetHistoryAsync();
        Assert.Contains(history, h => h.Changes.Any(c => c.Key == HistoryField.ConfirmedDate && c.Line == 1 && c.To == "2026-12-01"));
        await Assert.ThrowsAsync<CommandRejectedException>(() => po.AcceptProposedDateAsync("reply-1@fonderie-auto.example.fr", accepted.Version, "acheteur"));
    }

    [Fact]
    public async Task Automatic_reminders_run_once_a_day_sending_or_proposing_per_supplier_setting()
    {
        var site = await NewSiteAsync();
        var (due, proposed, far, confirmed) = (NewPo(), NewPo(), NewPo(), NewPo());
        await NewPoAsync(site, "F-AUTO", Today.AddDays(3), due);
        await NewPoAsync(site, "F-PROP", Today.AddDays(4), proposed);
        await NewPoAsync(site, "F-AUTO", Today.AddDays(20), far);
        var c = await NewPoAsync(site, "F-AUTO", Today.AddDays(2), confirmed);
        c = await fixture.Grains.GetGrain<IPurchaseOrderGrain>(confirmed).ConfirmAsync(1, Today.AddDays(2), c.Version, "acheteur");
        await fixture.Grains.GetGrain<IPurchaseOrderGrain>(confirmed).ConfirmAsync(2, Today.AddDays(2), c.Version, "acheteur");
        var settings = fixture.Grains.GetGrain<IMailSettingsGrain>(site);
        var current = await settings.GetAsync();
        await settings.SaveAsync(current with { ReminderDaysBefore = 5, AutoSendSuppliers = ["F-AUTO"] }, current.Version, "admin");
        var mailbox = fixture.Grains.GetGrain<IMailboxGrain>(site);
        Assert.True(await mailbox.EnsureScheduledAsync());
        var before = fixture.Servers.Smtp.Count;
        var worker = Worker(site);

        // The reminder computes what is due (no mail sent in the grain turn); the worker sends the pending ones.
        await mailbox.TickAsync();
        Assert.Equal(AutoReminderMode.Send, Assert.Single(await mailbox.GetPendingSendsAsync()).Mode);
        Assert.Equal(before, fixture.Servers.Smtp.Count);
        await worker.RunOnceAsync(force: false);
        Assert.Empty(await mailbox.GetPendingSendsAsync());

        var reminders = await mailbox.GetRemindersAsync();
        Assert.Equal(new[] { due, proposed }.Order(StringComparer.Ordinal), reminders.Select(r => r.PurchaseOrder).Order(StringComparer.Ordinal));
        var sent = reminders.Single(r => r.PurchaseOrder == due);
        Assert.Equal(AutoReminderMode.Send, sent.Mode);
        Assert.Null(sent.Error);
        Assert.NotNull(sent.SentMessageId);
        var waiting = reminders.Single(r => r.PurchaseOrder == proposed);
        Assert.Equal(AutoReminderMode.Propose, waiting.Mode);
        Assert.Null(waiting.SentMessageId);

        Assert.Equal(before + 1, fixture.Servers.Smtp.Count);
        var mail = fixture.Servers.Smtp.FindByMessageId(sent.SentMessageId!);
        Assert.NotNull(mail);
        Assert.Contains(due, mail.Subject, StringComparison.Ordinal);
        Assert.Equal("commandes@fonderie-auto.example.fr", mail.To.Mailboxes.Single().Address);
        Assert.Contains("Corps de vanne", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(mail.Attachments, a => a.ContentDisposition?.FileName == $"{due}.pdf");
        var thread = (await fixture.Grains.GetGrain<IPurchaseOrderGrain>(due).GetAsync())!.Thread;
        Assert.True(Assert.Single(thread).Outgoing);
        Assert.Equal(new ObjectRef(ObjectKind.PurchaseOrder, due), await mailbox.FindSentAsync(sent.SentMessageId!));

        // Same day, next day: never twice for the same order and date.
        await mailbox.TickAsync();
        await worker.RunOnceAsync(force: false);
        fixture.Clock.Advance(TimeSpan.FromDays(1));
        await mailbox.TickAsync();
        await worker.RunOnceAsync(force: false);
        Assert.Equal(before + 1, fixture.Servers.Smtp.Count);
        Assert.Equal(2, (await mailbox.GetRemindersAsync()).Count);
    }

    [Fact]
    public async Task One_worker_polls_at_a_time_through_the_mailbox_lease_and_a_round_writes_mails_and_watermark_together()
    {
        var site = await NewSiteAsync();
        var folder = await fixture.Servers.Imap.CreateFolderAsync("Bail");
        await fixture.Servers.Imap.AppendAsync(folder, SupplierMail("Sans numéro", "Bonjour"));
        await ConfigureImapAsync(site, folder);
        var mailbox = fixture.Grains.GetGrain<IMailboxGrain>(site);

        // Another silo's worker holds the lease: this one does not poll, even forced.
        Assert.True((await mailbox.TryLeasePollAsync("autre-silo", force: true)).Granted);
        var blocked = await Worker(site).PollNowAsync();
        Assert.Equal(0, blocked.Fetched);
        Assert.Empty(await mailbox.GetTriageAsync());

        // Released: the mail arrives, the watermark moved in the same round, a second poll fetches nothing.
        await mailbox.ReleasePollAsync("autre-silo");
        var first = await Worker(site).PollNowAsync();
        Assert.Equal(1, first.Fetched);
        Assert.Single(await mailbox.GetTriageAsync());
        var second = await Worker(site).PollNowAsync();
        Assert.Equal(0, second.Fetched);
        Assert.Equal(0, second.Duplicates);
    }
}
