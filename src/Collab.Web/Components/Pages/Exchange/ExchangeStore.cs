using System.Data.Common;
using Collab.Web.Hosting;
using Collab.Web.Identity;
using Microsoft.EntityFrameworkCore;

namespace Collab.Web.Components.Pages.Exchange;

/// <summary>An API key: only its SHA-256 hash is kept; <see cref="Prefix"/> (shown in lists) finds it.</summary>
public sealed class ApiKeyRecord
{
    public string Id { get; set; } = string.Empty;
    public string Name { get; set; } = string.Empty;
    public string Role { get; set; } = string.Empty;
    public string Prefix { get; set; } = string.Empty;
    public string Hash { get; set; } = string.Empty;
    public string CreatedBy { get; set; } = string.Empty;
    public long CreatedAtMs { get; set; }
    public long? ExpiresAtMs { get; set; }
    public long? RevokedAtMs { get; set; }
    public string? RevokedBy { get; set; }
    public long? LastUsedAtMs { get; set; }
    public long Calls { get; set; }
}

/// <summary>An applied import: who, when, which file (kept, can be downloaded again), the counts.</summary>
public sealed class ImportRecord
{
    public string Id { get; set; } = string.Empty;
    public string Site { get; set; } = string.Empty;
    public string FileName { get; set; } = string.Empty;
    public string Mode { get; set; } = string.Empty;
    public string UserName { get; set; } = string.Empty;
    public long AtMs { get; set; }
    public long SiteVersion { get; set; }
    /// <summary>"Items:+3~1-0;BomLines:…" (created ~changed -removed per kind).</summary>
    public string Summary { get; set; } = string.Empty;
    public byte[] Content { get; set; } = [];
}

/// <summary>
/// API keys and the import journal, in the Identity database of the storage mode (SQLite file in embedded mode,
/// PostgreSQL in cluster mode), in tables of their own created with CREATE TABLE IF NOT EXISTS at start-up
/// (so an existing Identity database gets them too; no EF migrations are used anywhere in Collab).
/// </summary>
public sealed class ExchangeDbContext(DbContextOptions<ExchangeDbContext> options) : DbContext(options)
{
    public DbSet<ApiKeyRecord> ApiKeys => Set<ApiKeyRecord>();

    public DbSet<ImportRecord> Imports => Set<ImportRecord>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        builder.Entity<ApiKeyRecord>(e =>
        {
            e.ToTable("CollabApiKeys");
            e.HasKey(k => k.Id);
            e.HasIndex(k => k.Prefix);
        });
        builder.Entity<ImportRecord>(e =>
        {
            e.ToTable("CollabImports");
            e.HasKey(k => k.Id);
        });
    }

    private const string Sqlite = """
        CREATE TABLE IF NOT EXISTS "CollabApiKeys" ("Id" TEXT NOT NULL PRIMARY KEY, "Name" TEXT NOT NULL, "Role" TEXT NOT NULL, "Prefix" TEXT NOT NULL,
          "Hash" TEXT NOT NULL, "CreatedBy" TEXT NOT NULL, "CreatedAtMs" INTEGER NOT NULL, "ExpiresAtMs" INTEGER NULL, "RevokedAtMs" INTEGER NULL,
          "RevokedBy" TEXT NULL, "LastUsedAtMs" INTEGER NULL, "Calls" INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS "IX_CollabApiKeys_Prefix" ON "CollabApiKeys" ("Prefix");
        CREATE TABLE IF NOT EXISTS "CollabImports" ("Id" TEXT NOT NULL PRIMARY KEY, "Site" TEXT NOT NULL, "FileName" TEXT NOT NULL, "Mode" TEXT NOT NULL,
          "UserName" TEXT NOT NULL, "AtMs" INTEGER NOT NULL, "SiteVersion" INTEGER NOT NULL, "Summary" TEXT NOT NULL, "Content" BLOB NOT NULL);
        """;

    private const string Postgres = """
        CREATE TABLE IF NOT EXISTS "CollabApiKeys" ("Id" text NOT NULL PRIMARY KEY, "Name" text NOT NULL, "Role" text NOT NULL, "Prefix" text NOT NULL,
          "Hash" text NOT NULL, "CreatedBy" text NOT NULL, "CreatedAtMs" bigint NOT NULL, "ExpiresAtMs" bigint NULL, "RevokedAtMs" bigint NULL,
          "RevokedBy" text NULL, "LastUsedAtMs" bigint NULL, "Calls" bigint NOT NULL);
        CREATE INDEX IF NOT EXISTS "IX_CollabApiKeys_Prefix" ON "CollabApiKeys" ("Prefix");
        CREATE TABLE IF NOT EXISTS "CollabImports" ("Id" text NOT NULL PRIMARY KEY, "Site" text NOT NULL, "FileName" text NOT NULL, "Mode" text NOT NULL,
          "UserName" text NOT NULL, "AtMs" bigint NOT NULL, "SiteVersion" bigint NOT NULL, "Summary" text NOT NULL, "Content" bytea NOT NULL);
        """;

    /// <summary>Creates the tables when missing (idempotent).</summary>
    public async Task EnsureSchemaAsync(CollabMode mode, CancellationToken ct)
    {
        await Database.OpenConnectionAsync(ct);
        try
        {
            await using DbCommand command = Database.GetDbConnection().CreateCommand();
            command.CommandText = mode == CollabMode.Cluster ? Postgres : Sqlite;
            await command.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            await Database.CloseConnectionAsync();
        }
    }
}

/// <summary>Creates the exchange tables at start-up, after the Identity database exists.</summary>
public sealed class ExchangeStoreInitializer(IServiceProvider services, CollabStorageSettings settings) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (settings.Mode == CollabMode.Embedded)
        {
            Directory.CreateDirectory(settings.DataDirectory);
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ExchangeDbContext>();
        await db.EnsureSchemaAsync(settings.Mode, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
