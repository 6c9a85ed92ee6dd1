using Collab.Infrastructure.Storage;
using Collab.Infrastructure.Storage.Postgres;
using Collab.Infrastructure.Tests.Support;
using Npgsql;

namespace Collab.Infrastructure.Tests.Cluster;

/// <summary>deploy/sql/postgresql: applied automatically, idempotent, safe under concurrent start-up.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSchemaTests(PostgresServer server)
{
    private static readonly string[] ExpectedQueryKeys =
    [
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey", "ClearStorageKey", "DeleteMembershipTableEntriesKey",
        "DeleteReminderRowKey", "DeleteReminderRowsKey", "DeleteStorageKey", "GatewaysQueryKey", "InsertMembershipKey",
        "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey", "ReadFromStorageKey", "ReadRangeRows1Key",
        "ReadRangeRows2Key", "ReadReminderRowKey", "ReadReminderRowsKey", "UpdateIAmAlivetimeKey", "UpdateMembershipKey",
        "UpsertReminderRowKey", "WriteToStorageKey",
    ];

    [Fact]
    public async Task Schema_is_applied_once_recorded_and_the_script_itself_can_run_twice()
    {
        var connectionString = await server.CreateDatabaseAsync();

        var first = await PostgresSchemaBootstrap.ApplyAsync(connectionString);
        Assert.Equal(SqlScripts.PostgreSql.Select(s => s.Name), first);
        var second = await PostgresSchemaBootstrap.ApplyAsync(connectionString);
        Assert.Empty(second);

        // The raw scripts are idempotent too (an operator may run them by hand with psql).
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var script in SqlScripts.PostgreSql)
        {
            await using var again = new NpgsqlCommand(script.Text, connection);
            await again.ExecuteNonQueryAsync();
        }

        var keys = new List<string>();
        await using (var query = new NpgsqlCommand("SELECT querykey FROM orleansquery ORDER BY querykey", connection))
        await using (var reader = await query.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                keys.Add(reader.GetString(0));
            }
        }

        Assert.Equal(ExpectedQueryKeys.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));

        await using var index = new NpgsqlCommand(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'orleansstorage' AND indexname = 'ux_orleansstorage_identity'", connection);
        var definition = (string?)await index.ExecuteScalarAsync();
        Assert.NotNull(definition);
        Assert.Contains("UNIQUE", definition);
        Assert.Contains("NULLS NOT DISTINCT", definition);
    }

    [Fact]
    public async Task Two_silos_starting_together_apply_the_schema_without_racing()
    {
        var connectionString = await server.CreateDatabaseAsync();
        var results = await Task.WhenAll(
            Task.Run(() => PostgresSchemaBootstrap.ApplyAsync(connectionString)),
            Task.Run(() => PostgresSchemaBootstrap.ApplyAsync(connectionString)),
            Task.Run(() => PostgresSchemaBootstrap.ApplyAsync(connectionString)));

        // Exactly one of them ran the scripts; the others waited on the advisory lock and found them recorded.
        Assert.Single(results, r => r.Count > 0);
        Assert.Equal(2, results.Count(r => r.Count == 0));
    }

    [Fact]
    public async Task Duplicate_grain_identity_is_refused_by_the_unique_index()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await PostgresSchemaBootstrap.ApplyAsync(connectionString);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        const string insert = """
            INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring,
                                        grainidextensionstring, serviceid, payloadbinary, modifiedon, version)
            VALUES (1, 0, 0, 2, 'site', NULL, 'collab', NULL, now(), 1)
            """;
        await using (var first = new NpgsqlCommand(insert, connection))
        {
            await first.ExecuteNonQueryAsync();
        }

        await using var second = new NpgsqlCommand(insert, connection);
        var error = await Assert.ThrowsAsync<PostgresException>(() => second.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
    }
}
