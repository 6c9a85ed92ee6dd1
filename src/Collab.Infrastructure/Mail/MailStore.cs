using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Collab.Contracts.FollowUps;
using Collab.Infrastructure.Configuration;
using Collab.Infrastructure.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Collab.Infrastructure.Mail;

/// <summary>Name, type and size of a received attachment (its content is never kept).</summary>
public sealed record MailAttachmentInfo(string Name, string ContentType, long Size);

/// <summary>
/// A received mail's body as the mail store keeps it (issue 16 item 4): capped text and sanitised HTML, how complete it
/// is, the message size and the attachments' metadata. Key: site and Message-ID (the body id grains refer to).
/// </summary>
public sealed record StoredMailBody(
    string Site,
    string MessageId,
    DateTimeOffset ReceivedAt,
    string From,
    string Subject,
    string Text,
    string? SanitizedHtml,
    MailBodyState State,
    long Size,
    IReadOnlyList<MailAttachmentInfo> Attachments);

/// <summary>
/// Where received mail bodies live, outside grain state: written by the hosted mailbox worker (and the demo outbox's
/// reply) before the mailbox grain is called, read by the purchasing pages through their service.
/// </summary>
public interface IMailBodyStore
{
    /// <summary>Stores the bodies in one transaction; a body already stored under the same site and Message-ID is kept (at-least-once delivery).</summary>
    Task PutAsync(IReadOnlyList<StoredMailBody> bodies, CancellationToken cancellationToken = default);

    Task<StoredMailBody?> GetAsync(string site, string messageId, CancellationToken cancellationToken = default);

    /// <summary>How many bodies are stored for a site (benchmark, health).</summary>
    Task<long> CountAsync(string site, CancellationToken cancellationToken = default);
}

/// <summary>The mode's store: the SQLite file in embedded mode, PostgreSQL in cluster mode.</summary>
public static class MailBodyStores
{
    public static IMailBodyStore For(CollabOptions options) => options.Mode == CollabMode.Cluster
        ? new PostgresMailBodyStore(options.RequirePostgresConnectionString())
        : new SqliteMailBodyStore(options.GetSqliteConnectionString());

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    internal static string AttachmentsJson(IReadOnlyList<MailAttachmentInfo> attachments) => JsonSerializer.Serialize(attachments, Json);

    internal static IReadOnlyList<MailAttachmentInfo> ParseAttachments(string json) =>
        JsonSerializer.Deserialize<List<MailAttachmentInfo>>(json, Json) ?? [];
}

/// <summary>Bodies in memory (tests, single-process tools).</summary>
public sealed class InMemoryMailBodyStore : IMailBodyStore
{
    private readonly ConcurrentDictionary<(string Site, string MessageId), StoredMailBody> bodies = new();

    public Task PutAsync(IReadOnlyList<StoredMailBody> bodies, CancellationToken cancellationToken = default)
    {
        foreach (var b in bodies)
        {
            this.bodies.TryAdd((b.Site, b.MessageId), b);
        }

        return Task.CompletedTask;
    }

    public Task<StoredMailBody?> GetAsync(string site, string messageId, CancellationToken cancellationToken = default) =>
        Task.FromResult(bodies.TryGetValue((site, messageId), out var b) ? b : null);

    public Task<long> CountAsync(string site, CancellationToken cancellationToken = default) =>
        Task.FromResult((long)bodies.Keys.Count(k => k.Site == site));
}

/// <summary>Shared ADO.NET code of the SQLite and PostgreSQL stores (same table, <c>deploy/sql/*/010-mail-store.sql</c>).</summary>
public abstract class SqlMailBodyStore : IMailBodyStore
{
    public const string ScriptName = "010-mail-store.sql";

    private readonly SemaphoreSlim schemaGate = new(1, 1);
    private bool schemaReady;

    protected abstract DbConnection Open();

    protected abstract string Script { get; }

    protected abstract string InsertSql { get; }

    protected abstract object Timestamp(DateTimeOffset value);

    protected abstract DateTimeOffset ReadTimestamp(DbDataReader reader, int ordinal);

    /// <summary>Applies the table script once per process (idempotent; the silo's schema bootstrap applies it too).</summary>
    private async Task<DbConnection> OpenReadyAsync(CancellationToken cancellationToken)
    {
        var connection = Open();
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (!schemaReady)
        {
            await schemaGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!schemaReady)
                {
                    await using var command = connection.CreateCommand();
                    command.CommandText = Script;
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    schemaReady = true;
                }
            }
            finally
            {
                schemaGate.Release();
            }
        }

        return connection;
    }

    public async Task PutAsync(IReadOnlyList<StoredMailBody> bodies, CancellationToken cancellationToken = default)
    {
        if (bodies.Count == 0)
        {
            return;
        }

        try
        {
            await using var connection = await OpenReadyAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            foreach (var b in bodies)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = InsertSql;
                Add(command, "site", b.Site);
                Add(command, "id", b.MessageId);
                Add(command, "received", Timestamp(b.ReceivedAt));
                Add(command, "sender", b.From);
                Add(command, "subject", b.Subject);
                Add(command, "text", b.Text);
                Add(command, "html", (object?)b.SanitizedHtml ?? DBNull.Value);
                Add(command, "state", (int)b.State);
                Add(command, "size", b.Size);
                Add(command, "attachments", MailBodyStores.AttachmentsJson(b.Attachments));
                Add(command, "stored", Timestamp(DateTimeOffset.UtcNow));
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e)
        {
            throw new CollabStorageException($"The mail store could not save {bodies.Count} mail bodies ({e.Message}).", e);
        }
    }

    public async Task<StoredMailBody?> GetAsync(string site, string messageId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReadyAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT received_at, sender, subject, text_body, html_body, body_state, size_bytes, attachments
            FROM collab_mail_bodies WHERE site = @site AND message_id = @id
            """;
        Add(command, "site", site);
        Add(command, "id", messageId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new StoredMailBody(site, messageId, ReadTimestamp(reader, 0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4), (MailBodyState)reader.GetInt32(5), reader.GetInt64(6), MailBodyStores.ParseAttachments(reader.GetString(7)));
    }

    public async Task<long> CountAsync(string site, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReadyAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM collab_mail_bodies WHERE site = @site";
        Add(command, "site", site);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = "@" + name;
        p.Value = value;
        command.Parameters.Add(p);
    }
}

/// <summary>The mail store in the embedded SQLite file.</summary>
public sealed class SqliteMailBodyStore(string connectionString) : SqlMailBodyStore
{
    protected override DbConnection Open() => new SqliteConnection(connectionString);

    protected override string Script => SqlScripts.Sqlite.Single(s => s.Name == ScriptName).Text;

    protected override string InsertSql => """
        INSERT OR IGNORE INTO collab_mail_bodies (site, message_id, received_at, sender, subject, text_body, html_body, body_state, size_bytes, attachments, stored_at)
        VALUES (@site, @id, @received, @sender, @subject, @text, @html, @state, @size, @attachments, @stored)
        """;

    protected override object Timestamp(DateTimeOffset value) => value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    protected override DateTimeOffset ReadTimestamp(DbDataReader reader, int ordinal) =>
        DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}

/// <summary>The mail store in the cluster's PostgreSQL database.</summary>
public sealed class PostgresMailBodyStore(string connectionString) : SqlMailBodyStore
{
    private readonly NpgsqlDataSource dataSource = NpgsqlDataSource.Create(connectionString);

    protected override DbConnection Open() => dataSource.CreateConnection();

    protected override string Script => SqlScripts.PostgreSql.Single(s => s.Name == ScriptName).Text;

    protected override string InsertSql => """
        INSERT INTO collab_mail_bodies (site, message_id, received_at, sender, subject, text_body, html_body, body_state, size_bytes, attachments, stored_at)
        VALUES (@site, @id, @received, @sender, @subject, @text, @html, @state, @size, @attachments, @stored)
        ON CONFLICT (site, message_id) DO NOTHING
        """;

    protected override object Timestamp(DateTimeOffset value) => value.ToUniversalTime();

    protected override DateTimeOffset ReadTimestamp(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);
}

/// <summary>
/// The intake of received mails (issue 16 item 4): writes their bodies to the mail store, then hands the mailbox grain
/// the headers, the body id and the capped text (for the proposed date; the grain keeps a preview only), no HTML.
/// Used by the IMAP worker and by the demo outbox's "reply as the supplier".
/// </summary>
public static class MailIntake
{
    public static async Task<IReadOnlyList<InboundMail>> StoreAsync(IMailBodyStore store, string site, IReadOnlyList<(InboundMail Mail, IReadOnlyList<MailAttachmentInfo> Attachments)> mails,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var bodies = mails.Select(m => new StoredMailBody(site, m.Mail.MessageId, m.Mail.Date, m.Mail.From, m.Mail.Subject, m.Mail.TextBody, m.Mail.SanitizedHtml,
            m.Mail.BodyState, m.Mail.Size, m.Attachments)).ToList();
        await store.PutAsync(bodies, cancellationToken).ConfigureAwait(false);
        return [.. mails.Select(m => m.Mail with { BodyId = m.Mail.MessageId, SanitizedHtml = null })];
    }
}
