using Collab.Web.Hosting;
using Collab.Web.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Collab.Web.Tests.Identity;

/// <summary>Runs when <c>COLLAB_TEST_POSTGRES</c> holds a connection string to a throw-away
/// PostgreSQL database (the test command starts one); skipped, and reported as skipped, otherwise.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "COLLAB_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
        {
            Skip = $"{Variable} is not set (no throw-away PostgreSQL).";
        }
    }
}

public sealed class PostgresIdentityTests
{
    [PostgresFact]
    public async Task Identity_tables_are_created_beside_other_tables_concurrently_and_idempotently()
    {
        var server = Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)!;
        var database = "collab_web_identity_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database, Pooling = false }.ToString();
        try
        {
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync();
                await using var other = new NpgsqlCommand("CREATE TABLE orleansquery (querykey varchar(64) PRIMARY KEY, querytext text)", connection);
                await other.ExecuteNonQueryAsync();
            }

            var settings = new CollabStorageSettings(CollabMode.Cluster, Path.GetTempPath(), connectionString, SeedDemo: false);

            // Two silos starting together: the advisory lock lets exactly one create the tables.
            await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
            {
                await using var db = Context(settings);
                await IdentityStorage.EnsureSchemaAsync(db, settings, CancellationToken.None);
            }));

            await using (var db = Context(settings))
            {
                await IdentityStorage.EnsureSchemaAsync(db, settings, CancellationToken.None);
                db.Users.Add(new CollabUser { UserName = "pg", NormalizedUserName = "PG", PreferredCulture = "fr-FR" });
                await db.SaveChangesAsync();
            }

            await using (var db = Context(settings))
            {
                Assert.Equal("fr-FR", (await db.Users.SingleAsync()).PreferredCulture);
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task An_unreachable_server_fails_fast_with_a_clear_message()
    {
        var settings = new CollabStorageSettings(CollabMode.Cluster, Path.GetTempPath(), "Host=127.0.0.1;Port=1;Database=none;Username=x;Timeout=3", SeedDemo: false);
        await using var db = Context(settings);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => IdentityStorage.EnsureSchemaAsync(db, settings, CancellationToken.None));
        Assert.Contains("127.0.0.1:1/none", error.Message, StringComparison.Ordinal);
    }

    private static CollabIdentityDbContext Context(CollabStorageSettings settings)
    {
        var options = new DbContextOptionsBuilder<CollabIdentityDbContext>();
        IdentityStorage.Configure(options, settings);
        return new CollabIdentityDbContext(options.Options);
    }
}
