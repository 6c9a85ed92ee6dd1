using Collab.Contracts.FollowUps;
using Collab.Infrastructure.Mail;
using Microsoft.Extensions.DependencyInjection;

namespace Collab.Grains.Tests.FollowUps;

/// <summary>
/// Issue 16 item 4: what anyone can mail to the purchasing address must not make the mailbox grain grow. The worker's
/// intake (bodies to the mail store) and the grain (ids, preview, pruning) with the fixture's small bounds
/// (<see cref="MailClusterFixture.SeenUidWindow"/> UIDs, <see cref="MailClusterFixture.TriageMaxCount"/> triage mails).
/// </summary>
[Collection(MailClusterCollection.Name)]
public sealed class MailboxBoundsTests(MailClusterFixture fixture)
{
    private const string Key = "achats@127.0.0.1:143/INBOX";
    private const uint Validity = 7;

    private MailboxWorker Worker(string site)
    {
        var services = fixture.Cluster.Silos[0].ServiceProvider;
        var mail = new SupplierMailService(fixture.Grains, services.GetRequiredService<IMailSender>(), services.GetRequiredService<BulkMailSender>(), null, fixture.Clock, site);
        return new MailboxWorker(fixture.Grains, fixture.Protector, mail, fixture.Clock, site, bodies: fixture.Bodies);
    }

    private static string NewSite() => "B" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A parsed mail as the IMAP poller gives it (<paramref name="textChars"/> characters of text).</summary>
    private static IncomingMail Mail(uint uid, string subject, int textChars = 100, string? messageId = null, uint validity = Validity) => new()
    {
        Uid = uid,
        UidValidity = validity,
        MessageId = messageId ?? $"{Guid.NewGuid():N}@flood.example",
        From = new MailRecipient("spam@flood.example", "Flood"),
        To = [new MailRecipient("achats@usine-test.example.fr")],
        Subject = subject,
        Date = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero),
        TextBody = new string('x', textChars),
        SanitizedHtmlBody = "<p>" + new string('y', textChars) + "</p>",
        Size = textChars * 2,
    };

    [Fact]
    public async Task State_size_stays_flat_whatever_the_number_of_mails_and_bodies_go_to_the_mail_store()
    {
        var site = NewSite();
        var worker = Worker(site);
        var mailbox = fixture.Grains.GetGrain<IMailboxGrain>(site);
        var sizes = new List<MailboxFootprint>();
        uint uid = 0;
        for (var round = 0; round < 8; round++)
        {
            var mails = Enumerable.Range(0, 25).Select(_ => Mail(++uid, $"Publicité {uid}", textChars: 20_000)).ToList();
            var summary = await worker.IngestAsync(mails, Key, new MailboxCursorView(Validity, uid));
            Assert.Equal(25, summary.Triaged);
            sizes.Add(await mailbox.GetFootprintAsync());
        }

        // 200 mails of 40,000 characters: the grain keeps the bounded triage list and seen ids, not the bodies.
        Assert.All(sizes, f => Assert.True(f.SeenIds <= MailClusterFixture.SeenUidWindow, $"{f.SeenIds} seen ids"));
        Assert.All(sizes, f => Assert.True(f.TriageMails <= MailClusterFixture.TriageMaxCount, $"{f.TriageMails} triage mails"));
        Assert.True(sizes[^1].StateBytes <= sizes[1].StateBytes * 1.1, $"state grew from {sizes[1].StateBytes} to {sizes[^1].StateBytes} bytes");
        Assert.True(sizes[^1].StateBytes < 40_000, $"{sizes[^1].StateBytes} bytes");
        Assert.Equal(200, await fixture.Bodies.CountAsync(site));
        var newest = (await mailbox.GetTriageAsync())[0];
        Assert.Equal("Publicité 200", newest.Subject);
        Assert.True(newest.TextBody.Length <= new MailLimits().PreviewChars);
        Assert.Equal(20_000, (await fixture.Bodies.GetAsync(site, newest.BodyId!))!.Text.Length);
    }

    [Fact]
    public async Task Seen_ids_are_pruned_by_the_imap_watermark_and_a_copy_above_it_is_still_a_duplicate()
    {
        var site = NewSite();
        var worker = Worker(site);
        var mailbox = fixture.Grains.GetGrain<IMailboxGrain>(site);
        var mails = Enumerable.Range(1, 50).Select(i => Mail((uint)i, $"Sans numéro {i}")).ToList();
        await worker.IngestAsync(mails, Key, new MailboxCursorView(Validity, 50));

        // UIDs ≤ 50 − window are never fetched again under this UIDVALIDITY: their ids are dropped.
        Assert.Equal((int)MailClusterFixture.SeenUidWindow, (await mailbox.GetFootprintAsync()).SeenIds);

        // The same Message-ID delivered again under a new UID within the window is still skipped.
        var copy = await worker.IngestAsync([Mail(51, "Sans numéro 45 (copie)", messageId: mails[44].MessageId)], Key, new MailboxCursorView(Validity, 51));
        Assert.Equal((0, 1), (copy.Triaged, copy.Duplicates));

        // The folder was recreated (new UIDVALIDITY): the old ids are of no use against the new UIDs.
        await worker.IngestAsync([Mail(1, "Nouveau dossier", validity: Validity + 1)], Key, new MailboxCursorView(Validity + 1, 1));
        Assert.Equal(1, (await mailbox.GetFootprintAsync()).SeenIds);
    }

    [Fact]
    public async Task Triage_expires_by_age_and_keeps_the_newest_by_count()
    {
        var site = NewSite();
        var worker = Worker(site);
        var mailbox = fixture.Grains.GetGrain<IMailboxGrain>(site);
        await worker.IngestAsync([Mail(1, "Ancien 1"), Mail(2, "Ancien 2")], Key, new MailboxCursorView(Validity, 2));
        Assert.Equal(2, (await mailbox.GetTriageAsync()).Count);

        // 91 days later the old ones are no longer shown, and the next round drops them from the state.
        fixture.Clock.Advance(new MailLimits().TriageMaxAge + TimeSpan.FromDays(1));
        Assert.Empty(await mailbox.GetTriageAsync());
        var flood = Enumerable.Range(3, 45).Select(i => Mail((uint)i, $"Récent {i}")).ToList();
        await worker.IngestAsync(flood, Key, new MailboxCursorView(Validity, 47));

        var triage = await mailbox.GetTriageAsync();
        Assert.Equal(MailClusterFixture.TriageMaxCount, triage.Count);
        Assert.Equal(MailClusterFixture.TriageMaxCount, (await mailbox.GetFootprintAsync()).TriageMails);
        Assert.Equal("Récent 47", triage[0].Subject);
        Assert.Equal($"Récent {47 - MailClusterFixture.TriageMaxCount + 1}", triage[^1].Subject);
        Assert.DoesNotContain(triage, t => t.Subject.StartsWith("Ancien", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_round_is_one_write_and_a_failed_write_restores_the_state_so_the_round_can_be_retried()
    {
        var site = NewSite();
        var worker = Worker(site);
        var mailbox = fixture.Grains.GetGrain<IMailboxGrain>(site);
        await worker.IngestAsync([Mail(1, "Premier")], Key, new MailboxCursorView(Validity, 1));
        var writes = FaultInjectingGrainStorage.WritesOf(mailbox.GetGrainId());
        var before = await mailbox.GetStatusAsync();

        var round = Enumerable.Range(2, 10).Select(i => Mail((uint)i, $"Lot {i}")).ToList();
        FaultInjectingGrainStorage.FailNextWrites(mailbox.GetGrainId());
        await Assert.ThrowsAnyAsync<Exception>(() => worker.IngestAsync(round, Key, new MailboxCursorView(Validity, 11)));

        // Nothing of the failed round remains in memory: triage, watermark, counters as stored.
        Assert.Equal(["Premier"], (await mailbox.GetTriageAsync()).Select(t => t.Subject));
        Assert.Equal(new MailboxCursorView(Validity, 1), await mailbox.GetCursorAsync(Key));
        Assert.Equal(before.ReceivedCount, (await mailbox.GetStatusAsync()).ReceivedCount);

        // The worker polls again (at-least-once): the same mails are filed, not taken for duplicates; one write for ten mails.
        var writesBeforeRetry = FaultInjectingGrainStorage.WritesOf(mailbox.GetGrainId());
        var retry = await worker.IngestAsync(round, Key, new MailboxCursorView(Validity, 11));
        Assert.Equal((10, 0), (retry.Triaged, retry.Duplicates));
        Assert.Equal(writesBeforeRetry + 1, FaultInjectingGrainStorage.WritesOf(mailbox.GetGrainId()));
        Assert.Equal(writes + 2, writesBeforeRetry + 1);
        Assert.Equal(new MailboxCursorView(Validity, 11), await mailbox.GetCursorAsync(Key));
        Assert.Equal(before.ReceivedCount + 10, (await mailbox.GetStatusAsync()).ReceivedCount);
    }
}
