using Collab.Contracts.FollowUps;
using Collab.Infrastructure.Configuration;
using Collab.Infrastructure.Mail;
using Collab.Infrastructure.Storage.Postgres;
using Collab.Infrastructure.Storage.Sqlite;
using Collab.Infrastructure.Tests.Support;

namespace Collab.Infrastructure.Tests.Mail;

/// <summary>The mail store (issue 16 item 4) in both modes' databases: table created by the schema scripts, first body kept.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MailBodyStoreTests(PostgresServer server)
{
    private static StoredMailBody Body(string site, string id, string text) => new(site, id, new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero),
        "Fonderie <adv@fonderie.example>", "RE: OA-2026-00042", text, "<p>" + text + "</p>", MailBodyState.Truncated, 123_456,
        [new MailAttachmentInfo("plan.pdf", "application/pdf", 99_000)]);

    private static async Task RoundTripAsync(IMailBodyStore store)
    {
        await store.PutAsync([Body("LYON", "a@x", "premier"), Body("LYON", "b@x", "deux"), Body("PARIS", "a@x", "autre site")]);
        // Delivered again (at-least-once) or forged with the same Message-ID: the first body stays.
        await store.PutAsync([Body("LYON", "a@x", "remplacé ?")]);

        var a = await store.GetAsync("LYON", "a@x");
        Assert.NotNull(a);
        Assert.Equal(("premier", "<p>premier</p>", MailBodyState.Truncated, 123_456L), (a.Text, a.SanitizedHtml, a.State, a.Size));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero), a.ReceivedAt);
        Assert.Equal(new MailAttachmentInfo("plan.pdf", "application/pdf", 99_000), Assert.Single(a.Attachments));
        Assert.Equal("autre site", (await store.GetAsync("PARIS", "a@x"))!.Text);
        Assert.Null(await store.GetAsync("LYON", "inconnu@x"));
        Assert.Equal(2, await store.CountAsync("LYON"));
    }

    [Fact]
    public async Task Sqlite_store_in_the_embedded_database()
    {
        var directory = Directory.CreateTempSubdirectory("collab-mailstore-").FullName;
        try
        {
            var options = new CollabOptions { Mode = CollabMode.Embedded, DataDirectory = directory };
            SqliteStorageBootstrap.Prepare(options);
            var store = MailBodyStores.For(options);
            Assert.IsType<SqliteMailBodyStore>(store);
            await RoundTripAsync(store);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, true);
        }
    }

    [Fact]
    public async Task Postgres_store_in_the_cluster_database()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await PostgresSchemaBootstrap.ApplyAsync(connectionString);
        await RoundTripAsync(new PostgresMailBodyStore(connectionString));
    }
}
