using Collab.Contracts;
using Collab.Infrastructure.Mail;
using Collab.Infrastructure.Tests.Servers;
using MimeKit;

namespace Collab.Infrastructure.Tests.Mail;

[Collection(MailServersCollection.Name)]
public sealed class SmtpMailSenderTests(MailServersFixture servers)
{
    private MailSettings Settings(long maxAttachmentBytes = 10L * 1024 * 1024) => new()
    {
        Host = "127.0.0.1",
        Port = servers.Smtp.Port,
        Security = MailSecurity.None,
        FromAddress = "planification@usine-lyon.example.fr",
        FromName = "Collab — Usine de Lyon",
        DefaultReplyTo = "achats@usine-lyon.example.fr",
        MaxAttachmentBytes = maxAttachmentBytes,
        Timeout = TimeSpan.FromSeconds(10),
    };

    private SmtpMailSender Sender(MailSettings? settings = null) =>
        new(new FixedMailSettingsProvider(settings ?? Settings()), TimeProvider.System);

    private static OutgoingMail Mail(string subject) => new()
    {
        To = [new MailRecipient("fournisseur@acier-dupont.example.fr", "Acier Dupont — Service commandes")],
        Cc = [new MailRecipient("acheteur@usine-lyon.example.fr")],
        Subject = subject,
        TextBody = "Bonjour,\nMerci de confirmer le délai.\nCordialement",
    };

    [Fact]
    public async Task Mail_with_pdf_attachment_arrives_with_headers_threading_and_identical_bytes()
    {
        var pdf = new byte[150_000];
        new Random(42).NextBytes(pdf);
        "%PDF-1.4"u8.CopyTo(pdf);
        var subject = $"Relance OA-2026-00042 — délai à confirmer « urgent » {Guid.NewGuid():N}";
        var mail = Mail(subject) with
        {
            HtmlBody = "<p>Bonjour,</p><p>Merci de confirmer le <b>délai</b>.</p>",
            Attachments = [new MailAttachment("OA-2026-00042.pdf", "application/pdf", pdf)],
            InReplyTo = "<previous.1@acier-dupont.example.fr>",
            References = ["root.0@usine-lyon.example.fr"],
        };

        var sent = await Sender().SendAsync(mail);

        Assert.EndsWith("@usine-lyon.example.fr", sent.MessageId);
        Assert.StartsWith("collab.", sent.MessageId);
        Assert.Equal(2, sent.RecipientCount);
        var received = servers.Smtp.FindByMessageId(sent.MessageId);
        Assert.NotNull(received);
        Assert.Equal(subject, received!.Subject);
        Assert.Equal("planification@usine-lyon.example.fr", received.From.Mailboxes.Single().Address);
        Assert.Equal("Collab — Usine de Lyon", received.From.Mailboxes.Single().Name);
        Assert.Equal("Acier Dupont — Service commandes", received.To.Mailboxes.Single().Name);
        Assert.Equal("acheteur@usine-lyon.example.fr", received.Cc.Mailboxes.Single().Address);
        Assert.Equal("achats@usine-lyon.example.fr", received.ReplyTo.Mailboxes.Single().Address);
        Assert.Equal("previous.1@acier-dupont.example.fr", received.InReplyTo);
        Assert.Equal(["root.0@usine-lyon.example.fr", "previous.1@acier-dupont.example.fr"], received.References.ToArray());
        Assert.Contains("Merci de confirmer le délai.", received.TextBody);
        Assert.Contains("<b>délai</b>", received.HtmlBody);
        var attachment = Assert.IsType<MimePart>(Assert.Single(received.Attachments));
        Assert.Equal("OA-2026-00042.pdf", attachment.FileName);
        Assert.Equal("application/pdf", attachment.ContentType.MimeType);
        using var bytes = new MemoryStream();
        await attachment.Content!.DecodeToAsync(bytes);
        Assert.Equal(pdf, bytes.ToArray());
    }

    [Fact]
    public async Task Message_ids_are_unique_and_a_preset_id_is_reused_for_a_retry()
    {
        var sender = Sender();
        var a = await sender.SendAsync(Mail($"A {Guid.NewGuid():N}"));
        var b = await sender.SendAsync(Mail($"B {Guid.NewGuid():N}"));
        Assert.NotEqual(a.MessageId, b.MessageId);

        var retry = await sender.SendAsync(Mail($"C {Guid.NewGuid():N}") with { MessageId = "<" + a.MessageId.Replace("collab.", "retry.", StringComparison.Ordinal) + ">" });
        Assert.Equal(a.MessageId.Replace("collab.", "retry.", StringComparison.Ordinal), retry.MessageId);
        Assert.NotNull(servers.Smtp.FindByMessageId(retry.MessageId));
    }

    public static TheoryData<string, Func<OutgoingMail, OutgoingMail>> Injections => new()
    {
        { "Subject", m => m with { Subject = "Relance\r\nBcc: victime@example.com" } },
        { "Subject", m => m with { Subject = "Relance\nX-Injected: 1" } },
        { "To[0]", m => m with { To = [new MailRecipient("fournisseur@acier-dupont.example.fr", "Dupont\r\nBcc: victime@example.com")] } },
        { "To[0]", m => m with { To = [new MailRecipient("fournisseur@acier-dupont.example.fr\r\nBcc: victime@example.com")] } },
        { "Cc[0]", m => m with { Cc = [new MailRecipient("copie@example.fr\n")] } },
        { "ReplyTo", m => m with { ReplyTo = new MailRecipient("acheteur@usine.example.fr", "Achats\u0000") } },
        { "InReplyTo", m => m with { InReplyTo = "abc@example.fr>\r\nBcc: victime@example.com" } },
        { "References[0]", m => m with { References = ["abc@example.fr\r\nX: y"] } },
        { "Attachments[0]", m => m with { Attachments = [new MailAttachment("oa.pdf\r\nContent-Type: text/html", "application/pdf", [1])] } },
        { "Subject", m => m with { Subject = "Relance\u2028suite" } },
        { "Subject", m => m with { Subject = "Relance\tOA" } },
    };

    [Theory]
    [MemberData(nameof(Injections))]
    public async Task Control_characters_in_any_header_field_are_refused_and_nothing_is_delivered(string field, Func<OutgoingMail, OutgoingMail> corrupt)
    {
        var before = servers.Smtp.Count;
        var ex = await Assert.ThrowsAsync<MailValidationException>(() => Sender().SendAsync(corrupt(Mail("Relance OA-2026-00042"))));
        Assert.Contains(ex.Errors, e => e.Field == field);
        Assert.StartsWith("Mail refused, nothing was sent", ex.Message);
        Assert.DoesNotContain('\r', ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Equal(before, servers.Smtp.Count);
    }

    [Theory]
    [InlineData("pas-une-adresse")]
    [InlineData("deux@@example.fr")]
    [InlineData("a@b")]
    [InlineData("Dupont <dupont@example.fr>")]
    [InlineData("dupont@example.fr, autre@example.fr")]
    [InlineData("\"quoted\"@example.fr")]
    [InlineData(" dupont@example.fr")]
    [InlineData("dupont@exa_mple.fr")]
    [InlineData("")]
    public async Task Invalid_addresses_are_refused_with_a_typed_reason_and_nothing_is_delivered(string address)
    {
        var before = servers.Smtp.Count;
        var ex = await Assert.ThrowsAsync<MailValidationException>(() => Sender().SendAsync(Mail("Relance") with { To = [new MailRecipient(address)] }));
        var error = Assert.Single(ex.Errors);
        Assert.Equal("To[0]", error.Field);
        Assert.Equal(Refusal.MailAddressRefused, error.Reason.Kind);
        Assert.Equal(RefusalArgKind.Term, error.Reason.Args[2].Kind);
        Assert.Equal(before, servers.Smtp.Count);
    }

    [Fact]
    public async Task Attachments_over_the_configured_total_are_refused_and_nothing_is_delivered()
    {
        var before = servers.Smtp.Count;
        var sender = Sender(Settings(maxAttachmentBytes: 100_000));
        var mail = Mail("Pièces jointes") with
        {
            Attachments = [new("a.pdf", "application/pdf", new byte[60_000]), new("b.pdf", "application/pdf", new byte[60_000])],
        };
        var ex = await Assert.ThrowsAsync<MailValidationException>(() => sender.SendAsync(mail));
        Assert.Contains(ex.Errors, e => e.Field == "Attachments" && e.Reason.Kind == Refusal.MailAttachmentsTooLarge && e.Reason.Args[1].Number == 0.1);
        Assert.Equal(before, servers.Smtp.Count);

        // Just under the limit goes through.
        var ok = await sender.SendAsync(mail with { Attachments = [new("a.pdf", "application/pdf", new byte[50_000]), new("b.pdf", "application/pdf", new byte[50_000])] });
        Assert.NotNull(servers.Smtp.FindByMessageId(ok.MessageId));
    }

    [Fact]
    public async Task Unreachable_server_gives_a_typed_delivery_error_naming_the_server()
    {
        var closedPort = ExternalProcess.FreePort();
        var sender = Sender(Settings() with { Port = closedPort });
        var ex = await Assert.ThrowsAsync<MailDeliveryException>(() => sender.SendAsync(Mail("Relance")));
        Assert.Equal(Refusal.MailUnreachable, ex.Reason.Kind);
        Assert.Equal($"127.0.0.1:{closedPort}", ex.Reason.Args[0].Text);
    }

    [Fact]
    public async Task StartTls_required_but_not_offered_is_a_clear_delivery_error_and_nothing_is_delivered()
    {
        var before = servers.Smtp.Count;
        var sender = Sender(Settings() with { Security = MailSecurity.StartTls });
        var ex = await Assert.ThrowsAsync<MailDeliveryException>(() => sender.SendAsync(Mail("Relance TLS")));
        Assert.Equal(Refusal.MailNoStartTls, ex.Reason.Kind);
        Assert.Equal(before, servers.Smtp.Count);
    }

    [Fact]
    public async Task Bulk_send_reports_progress_and_a_result_per_mail_without_stopping_on_a_bad_one()
    {
        var bulk = new BulkMailSender(Sender());
        var token = Guid.NewGuid().ToString("N");
        var items = new[]
        {
            new BulkMailItem("OA-2026-00001", Mail($"Relance OA-2026-00001 {token}")),
            new BulkMailItem("OA-2026-00002", Mail($"Relance OA-2026-00002 {token}") with { To = [new MailRecipient("sans-arobase")] }),
            new BulkMailItem("OA-2026-00003", Mail($"Relance OA-2026-00003 {token}")),
        };
        var reports = new List<BulkMailProgress>();

        var results = await bulk.SendAllAsync(items, new SynchronousProgress<BulkMailProgress>(reports.Add));

        Assert.Equal([BulkMailStatus.Sent, BulkMailStatus.Refused, BulkMailStatus.Sent], results.Select(r => r.Status));
        Assert.Equal(["OA-2026-00001", "OA-2026-00002", "OA-2026-00003"], results.Select(r => r.Key));
        Assert.Contains(results[1].Problems, p => p.Kind == Refusal.MailAddressRefused && p.Args[1].Text == "sans-arobase");
        Assert.Empty(results[0].Problems);
        Assert.Equal([1, 2, 3], reports.Select(p => p.Completed));
        Assert.All(reports, p => Assert.Equal(3, p.Total));
        Assert.Equal((2, 1), (reports[^1].Sent, reports[^1].NotSent));
        Assert.Equal(2, servers.Smtp.ReadAll().Count(m => (m.Subject ?? "").Contains(token, StringComparison.Ordinal)));
        Assert.NotNull(servers.Smtp.FindByMessageId(results[2].MessageId!));
    }

    [Fact]
    public async Task Bulk_send_cancelled_midway_marks_the_rest_cancelled()
    {
        using var cts = new CancellationTokenSource();
        var bulk = new BulkMailSender(Sender());
        var items = Enumerable.Range(1, 3).Select(i => new BulkMailItem($"K{i}", Mail($"Relance {i} {Guid.NewGuid():N}"))).ToArray();
        var results = await bulk.SendAllAsync(items, new SynchronousProgress<BulkMailProgress>(p => { if (p.Completed == 1) cts.Cancel(); }), cts.Token);
        Assert.Equal([BulkMailStatus.Sent, BulkMailStatus.Cancelled, BulkMailStatus.Cancelled], results.Select(r => r.Status));
    }
}

/// <summary>IProgress that reports inline (Progress&lt;T&gt; posts to a synchronisation context).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
