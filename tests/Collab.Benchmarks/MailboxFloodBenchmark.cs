using System.Diagnostics;
using Collab.Contracts.FollowUps;
using Collab.Infrastructure.Configuration;
using Collab.Infrastructure.Mail;
using Collab.Infrastructure.Serialization;
using Collab.Infrastructure.Storage.Sqlite;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Orleans.TestingHost;

namespace Collab.Benchmarks;

/// <summary>
/// Issue 16 item 4: a flood of large mails to the purchasing address. Drives the IMAP worker's ingest path without a
/// server: each mail is a 1 MB MIME message (text and HTML halves) written to bytes and parsed back as the poller does
/// after a download (<see cref="IncomingMailParser.Parse"/>, bodies capped), then handed in poll rounds to
/// <see cref="MailboxWorker.IngestAsync"/>: bodies into the mail store (the embedded SQLite table), ids into the mailbox
/// grain (one in-process silo). Prints the GC heap, working set, grain state size and store rows every 500 mails.
/// The size check before download happens in the IMAP poller and is covered by MailboxPollerTests (not measured here).
/// </summary>
public static class MailboxFloodBenchmark
{
    public static async Task<int> Run(string[] args)
    {
        var count = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 5_000;
        var sizeKb = args.Length > 1 && int.TryParse(args[1], out var k) ? k : 1_024;
        var round = args.Length > 2 && int.TryParse(args[2], out var r) ? r : 100;
        const string site = "FLOOD";
        const string mailboxKey = "achats@127.0.0.1:143/INBOX";
        const uint validity = 1;

        var directory = Directory.CreateTempSubdirectory("collab-flood-").FullName;
        var options = new CollabOptions { Mode = CollabMode.Embedded, DataDirectory = directory };
        SqliteStorageBootstrap.Prepare(options);
        var store = MailBodyStores.For(options);

        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddCollabSerialization();
            silo.AddMemoryGrainStorageAsDefault();
            silo.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
            silo.Services.AddCollabMail(new ConfigurationBuilder().Build());
        });
        builder.ConfigureClient(client => client.Services.AddCollabSerialization());
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var services = cluster.Silos[0].ServiceProvider;
        var limits = new MailLimits();
        var supplierMail = new SupplierMailService(cluster.Client, services.GetRequiredService<IMailSender>(), services.GetRequiredService<BulkMailSender>(), null,
            TimeProvider.System, site);
        var worker = new MailboxWorker(cluster.Client, services.GetRequiredService<MailSettingsProtector>(), supplierMail, TimeProvider.System, site,
            bodies: store, limits: limits);
        var mailbox = cluster.Client.GetGrain<IMailboxGrain>(site);
        var bodyLimits = MailBodyLimits.From(limits);

        // One half of text, one half of HTML: the parser caps both (20,000 / 50,000 characters by default).
        var half = sizeKb * 1024 / 2;
        var text = string.Concat(Enumerable.Repeat("Offre spéciale sur nos pièces, livraison le 12/12/2026. ", half / 56 + 1))[..half];
        var html = "<div>" + string.Concat(Enumerable.Repeat("<p>Promotion <b>-20 %</b> <a href=\"https://flood.example/x\">ici</a></p>", half / 70 + 1))[..(half - 11)] + "</div>";

        Console.WriteLine($"Mailbox flood: {count} mails of {sizeKb} KB (text + HTML), rounds of {round}, store {options.EmbeddedDatabasePath}");
        Console.WriteLine($"limits: text {limits.MaxTextChars} chars, HTML {limits.MaxHtmlChars} chars, triage {limits.TriageMaxCount} / {limits.TriageMaxAge.TotalDays:0} days, seen window {limits.SeenUidWindow} UIDs");
        Console.WriteLine($"{"mails",6} {"GC heap MB",11} {"after GC MB",12} {"working set MB",15} {"state KB",9} {"seen ids",9} {"triage",7} {"store rows",11} {"MB/s",6} {"mails/s",8}");
        var watch = Stopwatch.StartNew();
        long bytesIn = 0;
        var lastReport = TimeSpan.Zero;
        long lastBytes = 0;
        var batch = new List<IncomingMail>(round);
        for (var i = 1; i <= count; i++)
        {
            var message = new MimeMessage();
            message.From.Add(new MailboxAddress("Flood", $"spam{i % 97}@flood.example"));
            message.To.Add(new MailboxAddress("Achats", "achats@usine.example"));
            message.Subject = $"Offre n° {i}";
            message.MessageId = $"flood-{i}@flood.example";
            message.Date = DateTimeOffset.UtcNow;
            message.Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody();
            using var raw = new MemoryStream(sizeKb * 1024 + 64 * 1024);
            await message.WriteToAsync(raw);
            bytesIn += raw.Length;
            raw.Position = 0;
            // What the poller does with a downloaded message (GetMessageAsync parses the stream the same way).
            var downloaded = await MimeMessage.LoadAsync(raw);
            batch.Add(IncomingMailParser.Parse(downloaded, (uint)i, validity, bodyLimits, raw.Length));
            if (batch.Count == round || i == count)
            {
                await worker.IngestAsync(batch, mailboxKey, new MailboxCursorView(validity, (uint)i));
                batch.Clear();
            }

            if (i % 500 == 0 || i == count)
            {
                var footprint = await mailbox.GetFootprintAsync();
                var heap = GC.GetGCMemoryInfo().HeapSizeBytes;
                var afterGc = GC.GetTotalMemory(forceFullCollection: true);
                var rows = await store.CountAsync(site);
                var elapsed = watch.Elapsed - lastReport;
                Console.WriteLine($"{i,6} {heap / 1048576.0,11:0.0} {afterGc / 1048576.0,12:0.0} {Environment.WorkingSet / 1048576.0,15:0.0} {footprint.StateBytes / 1024.0,9:0.0} {footprint.SeenIds,9} {footprint.TriageMails,7} {rows,11} {(bytesIn - lastBytes) / 1048576.0 / elapsed.TotalSeconds,6:0.0} {500 / elapsed.TotalSeconds,8:0.0}");
                lastReport = watch.Elapsed;
                lastBytes = bytesIn;
            }
        }

        var dbBytes = new FileInfo(options.EmbeddedDatabasePath).Length + (File.Exists(options.EmbeddedDatabasePath + "-wal") ? new FileInfo(options.EmbeddedDatabasePath + "-wal").Length : 0);
        Console.WriteLine($"total {bytesIn / 1048576.0:0} MB in {watch.Elapsed.TotalSeconds:0.0} s; mail store on disk {dbBytes / 1048576.0:0.0} MB ({dbBytes / Math.Max(1, count) / 1024.0:0.0} KB per mail)");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }

        return 0;
    }
}
