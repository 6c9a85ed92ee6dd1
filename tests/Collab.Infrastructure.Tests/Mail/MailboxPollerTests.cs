using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.FollowUps;
using Collab.Domain.FollowUps;
using Collab.Infrastructure.Mail;
using Collab.Infrastructure.Tests.Servers;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace Collab.Infrastructure.Tests.Mail;

[Collection(MailServersCollection.Name)]
public sealed class MailboxPollerTests(MailServersFixture servers)
{
    private MailboxSettings Settings(string folder) => new()
    {
        Host = "127.0.0.1",
        Port = servers.Imap.Port,
        Security = MailSecurity.None,
        UserName = ImapServer.UserName,
        Password = ImapServer.Password,
        Folder = folder,
        Timeout = TimeSpan.FromSeconds(10),
    };

    private static MimeMessage SupplierMail(string subject, string? inReplyTo = null, string? html = null, string text = "Bonjour,\nNous livrerons le 12/03/2026.\nCordialement")
    {
        var m = new MimeMessage();
        m.From.Add(new MailboxAddress("Acier Dupont", "commandes@acier-dupont.example.fr"));
        m.To.Add(new MailboxAddress("Achats", "achats@usine-lyon.example.fr"));
        m.Subject = subject;
        m.MessageId = $"{Guid.NewGuid():N}@acier-dupont.example.fr";
        m.Date = new DateTimeOffset(2026, 3, 2, 9, 15, 0, TimeSpan.FromHours(1));
        if (inReplyTo is not null)
        {
            m.InReplyTo = inReplyTo;
            m.References.Add(inReplyTo);
        }
        var body = new BodyBuilder { TextBody = text, HtmlBody = html };
        body.Attachments.Add("AR-commande.pdf", "%PDF-1.4 accusé de réception"u8.ToArray(), new ContentType("application", "pdf"));
        m.Body = body.ToMessageBody();
        return m;
    }

    [Fact]
    public async Task Replies_are_fetched_parsed_and_matched_by_thread_by_subject_number_or_sent_to_triage()
    {
        var folder = await servers.Imap.CreateFolderAsync("Achats");
        var ourMessageId = "collab.20260301080000.0123456789abcdef@usine-lyon.example.fr";
        var sent = new Dictionary<string, ObjectRef> { [ourMessageId] = new(ObjectKind.PurchaseOrder, "OA-2026-00042") };
        var existing = new HashSet<ObjectRef> { new(ObjectKind.PurchaseOrder, "OA-2026-00042"), new(ObjectKind.PurchaseOrder, "OA-2026-00077") };
        await servers.Imap.AppendAsync(folder,
            SupplierMail("RE: Relance de retard", inReplyTo: ourMessageId,
                html: "<p onclick=\"steal()\">Nouvelle date : <b>12/03/2026</b></p><script>alert(1)</script><a href=\"javascript:alert(2)\">voir</a>"),
            SupplierMail("Confirmation de délai pour votre commande oa-2026-00077"),
            SupplierMail("Offre promotionnelle de printemps"));

        var poller = new MailboxPoller(Settings(folder), new InMemoryMailboxCursorStore(), TimeProvider.System);
        var result = await poller.PollAsync();

        Assert.True(result.Succeeded, result.Status.LastError?.ToString());
        Assert.Equal(3, result.Messages.Length);
        var reply = result.Messages[0];
        Assert.Equal(ourMessageId, reply.InReplyTo);
        Assert.Equal([ourMessageId], reply.References);
        Assert.Equal("commandes@acier-dupont.example.fr", reply.From!.Address);
        Assert.Equal("Acier Dupont", reply.From.DisplayName);
        Assert.Equal("RE: Relance de retard", reply.Subject);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 15, 0, TimeSpan.FromHours(1)), reply.Date);
        Assert.Contains("12/03/2026", reply.TextBody);
        Assert.NotNull(reply.SanitizedHtmlBody);
        Assert.Contains("<b>12/03/2026</b>", reply.SanitizedHtmlBody);
        Assert.DoesNotContain("script", reply.SanitizedHtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", reply.SanitizedHtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript", reply.SanitizedHtmlBody, StringComparison.OrdinalIgnoreCase);
        var attachment = Assert.Single(reply.Attachments);
        Assert.Equal(("AR-commande.pdf", "application/pdf", (long)"%PDF-1.4 accusé de réception"u8.Length), (attachment.FileName, attachment.ContentType, attachment.Size));
        Assert.True(reply.Uid > 0);

        var matches = new List<MailThreadMatch>();
        foreach (var m in result.Messages)
        {
            matches.Add(await MailThreading.MatchAsync(m.InReplyTo, m.References, m.Subject,
                id => ValueTask.FromResult(sent.TryGetValue(id, out var r) ? r : null), t => ValueTask.FromResult(existing.Contains(t))));
        }
        Assert.Equal(MailMatchMethod.Thread, matches[0].Method);
        Assert.Equal(new ObjectRef(ObjectKind.PurchaseOrder, "OA-2026-00042"), matches[0].Target);
        Assert.Equal(MailMatchMethod.SubjectNumber, matches[1].Method);
        Assert.Equal(new ObjectRef(ObjectKind.PurchaseOrder, "OA-2026-00077"), matches[1].Target);
        Assert.Equal(MailMatchMethod.Triage, matches[2].Method);
        Assert.Null(matches[2].Target);
    }

    [Fact]
    public async Task Watermark_advances_only_after_acknowledgement()
    {
        var folder = await servers.Imap.CreateFolderAsync("Ack");
        await servers.Imap.AppendAsync(folder, SupplierMail("Premier"), SupplierMail("Deuxième"));
        var store = new InMemoryMailboxCursorStore();
        var poller = new MailboxPoller(Settings(folder), store, TimeProvider.System);

        var first = await poller.PollAsync();
        Assert.Equal(["Premier", "Deuxième"], first.Messages.Select(m => m.Subject));
        Assert.Null(await store.GetAsync(poller.MailboxKey));

        // Not acknowledged (e.g. the process crashed while storing them): the same mails come again.
        var again = await poller.PollAsync();
        Assert.Equal(first.Messages.Select(m => m.MessageId), again.Messages.Select(m => m.MessageId));

        // Acknowledge only the first one: the second comes again with the new one.
        await poller.AcknowledgeAsync(again.Messages[0]);
        await servers.Imap.AppendAsync(folder, SupplierMail("Troisième"));
        var third = await poller.PollAsync();
        Assert.Equal(["Deuxième", "Troisième"], third.Messages.Select(m => m.Subject));

        await poller.AcknowledgeAsync(third);
        Assert.Equal(third.Messages[^1].Uid, (await store.GetAsync(poller.MailboxKey))!.LastUid);
        var empty = await poller.PollAsync();
        Assert.True(empty.Succeeded);
        Assert.Empty(empty.Messages);

        // A new poller (restart) on the same store resumes after the watermark.
        var restarted = new MailboxPoller(Settings(folder), store, TimeProvider.System);
        Assert.Empty((await restarted.PollAsync()).Messages);

        // Acknowledging an older cursor never moves the watermark back.
        await poller.AcknowledgeAsync(first.Messages[0]);
        Assert.Equal(third.Messages[^1].Uid, (await store.GetAsync(poller.MailboxKey))!.LastUid);
    }

    [Fact]
    public async Task At_most_the_configured_number_of_messages_per_poll_and_the_rest_next_time()
    {
        var folder = await servers.Imap.CreateFolderAsync("Batch");
        await servers.Imap.AppendAsync(folder, [.. Enumerable.Range(1, 5).Select(i => SupplierMail($"M{i}"))]);
        var poller = new MailboxPoller(Settings(folder) with { MaxMessagesPerPoll = 2 }, new InMemoryMailboxCursorStore(), TimeProvider.System);
        var seen = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var r = await poller.PollAsync();
            seen.AddRange(r.Messages.Select(m => m.Subject));
            Assert.Equal(i < 2, r.MoreAvailable);
            await poller.AcknowledgeAsync(r);
        }
        Assert.Equal(["M1", "M2", "M3", "M4", "M5"], seen);
    }

    [Fact]
    public async Task Unreachable_server_shows_the_error_and_retries_with_backoff_then_recovers()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        var folder = await servers.Imap.CreateFolderAsync("Panne");
        await servers.Imap.AppendAsync(folder, SupplierMail("Pendant la panne"));
        var store = new InMemoryMailboxCursorStore();
        var down = Settings(folder) with { Port = ExternalProcess.FreePort(), InitialRetryDelay = TimeSpan.FromSeconds(30), MaxRetryDelay = TimeSpan.FromMinutes(2) };
        var poller = new MailboxPoller(down, store, time);
        Assert.Equal(MailboxState.NeverPolled, poller.Status.State);
        Assert.True(poller.IsDue(time.GetUtcNow()));

        var r1 = await poller.PollAsync();
        Assert.False(r1.Succeeded);
        Assert.Equal(MailboxState.Failing, poller.Status.State);
        Assert.Equal(Refusal.ImapUnreachable, poller.Status.LastError!.Kind);
        Assert.Null(poller.Status.LastSuccessAt);
        Assert.Equal(time.GetUtcNow().AddSeconds(30), poller.Status.NextAttemptAt);
        Assert.False(poller.IsDue(time.GetUtcNow().AddSeconds(29)));

        time.Advance(TimeSpan.FromSeconds(30));
        await poller.PollAsync();
        Assert.Equal(2, poller.Status.ConsecutiveFailures);
        Assert.Equal(time.GetUtcNow().AddSeconds(60), poller.Status.NextAttemptAt);
        time.Advance(TimeSpan.FromSeconds(60));
        await poller.PollAsync();
        await poller.PollAsync();
        Assert.Equal(time.GetUtcNow().AddMinutes(2), poller.Status.NextAttemptAt); // capped
        Assert.Null(await store.GetAsync(poller.MailboxKey));

        // Server back (same store, right port): nothing was lost.
        var up = new MailboxPoller(Settings(folder), store, time);
        var ok = await up.PollAsync();
        Assert.True(ok.Succeeded);
        Assert.Equal("Pendant la panne", Assert.Single(ok.Messages).Subject);
        Assert.Equal(MailboxState.Ok, up.Status.State);
        Assert.Equal(time.GetUtcNow(), up.Status.LastSuccessAt);
    }

    [Fact]
    public async Task Wrong_password_is_reported_as_a_refused_login()
    {
        var bad = new MailboxPoller(Settings("INBOX") with { Password = "faux" }, new InMemoryMailboxCursorStore(), TimeProvider.System);
        var r = await bad.PollAsync();
        Assert.False(r.Succeeded);
        Assert.Equal(Refusal.ImapLoginRefused, r.Status.LastError!.Kind);
    }

    [Fact]
    public async Task Missing_folder_is_reported_by_name()
    {

        var missing = new MailboxPoller(Settings("Inexistant"), new InMemoryMailboxCursorStore(), TimeProvider.System);
        var r2 = await missing.PollAsync();
        Assert.False(r2.Succeeded);
        Assert.Equal(new RefusalReason(Refusal.ImapFolderMissing, "Inexistant", r2.Status.LastError!.Args[1].Text!).ToString(), r2.Status.LastError.ToString());
    }

    [Fact]
    public async Task A_mail_above_the_size_limit_is_recorded_from_its_envelope_and_never_downloaded()
    {
        var folder = await servers.Imap.CreateFolderAsync("Gros");
        var ourMessageId = "collab.20260301080000.big@usine-lyon.example.fr";
        var big = SupplierMail("RE: plans OA-2026-00042", inReplyTo: ourMessageId, text: "Plans joints.\n" + new string('p', 300_000));
        await servers.Imap.AppendAsync(folder, SupplierMail("Petit"), big, SupplierMail("Petit aussi"));
        var poller = new MailboxPoller(Settings(folder) with { MaxMessageBytes = 100_000 }, new InMemoryMailboxCursorStore(), TimeProvider.System);

        var result = await poller.PollAsync();

        Assert.True(result.Succeeded, result.Status.LastError?.ToString());
        Assert.Equal(["Petit", "RE: plans OA-2026-00042", "Petit aussi"], result.Messages.Select(m => m.Subject));
        Assert.Equal(2, result.Downloaded);
        var skipped = result.Messages[1];
        Assert.Equal(MailBodyState.NotDownloaded, skipped.BodyState);
        Assert.True(skipped.Size > 300_000, $"{skipped.Size}");
        Assert.Equal("", skipped.TextBody);
        Assert.Null(skipped.SanitizedHtmlBody);
        Assert.Empty(skipped.Attachments);
        // The envelope still threads it: sender, Message-ID, In-Reply-To, References.
        Assert.Equal(big.MessageId, skipped.MessageId);
        Assert.Equal(ourMessageId, skipped.InReplyTo);
        Assert.Equal([ourMessageId], skipped.References);
        Assert.Equal("commandes@acier-dupont.example.fr", skipped.From!.Address);
        Assert.All([result.Messages[0], result.Messages[2]], m => Assert.Equal(MailBodyState.Complete, m.BodyState));
        // The watermark passes it like any other mail.
        Assert.Equal(result.Messages[2].Uid, result.Cursor!.LastUid);
    }

    [Fact]
    public async Task Text_and_html_bodies_are_capped_and_flagged_truncated()
    {
        var folder = await servers.Imap.CreateFolderAsync("Long");
        var html = "<div>" + string.Concat(Enumerable.Range(0, 5_000).Select(i => $"<p>Ligne <b>{i}</b> &amp; suite</p>")) + "</div>";
        await servers.Imap.AppendAsync(folder, SupplierMail("Long", html: html, text: "Début " + new string('t', 50_000)), SupplierMail("Court"));
        var poller = new MailboxPoller(Settings(folder) with { MaxTextChars = 1_000, MaxHtmlChars = 2_000 }, new InMemoryMailboxCursorStore(), TimeProvider.System);

        var result = await poller.PollAsync();

        var capped = result.Messages[0];
        Assert.Equal(MailBodyState.Truncated, capped.BodyState);
        Assert.Equal(1_000, capped.TextBody.Length);
        Assert.StartsWith("Début ", capped.TextBody, StringComparison.Ordinal);
        Assert.InRange(capped.SanitizedHtmlBody!.Length, 1_000, 2_100);
        Assert.StartsWith("<div><p>Ligne <b>0</b>", capped.SanitizedHtmlBody, StringComparison.Ordinal);
        // Cut between elements, closed again: no half tag, balanced div.
        Assert.EndsWith("</div>", capped.SanitizedHtmlBody, StringComparison.Ordinal);
        Assert.Equal(System.Text.RegularExpressions.Regex.Matches(capped.SanitizedHtmlBody, "<p>").Count, System.Text.RegularExpressions.Regex.Matches(capped.SanitizedHtmlBody, "</p>").Count);
        Assert.Equal(MailBodyState.Complete, result.Messages[1].BodyState);
        Assert.Equal(capped.TextBody.Length, IncomingMailParser.Parse(new MimeMessage { Body = new TextPart("plain") { Text = new string('t', 50_000) } }, limits: new(1_000, 2_000)).TextBody.Length);
    }
}
