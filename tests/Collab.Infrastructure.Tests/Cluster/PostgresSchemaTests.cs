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

    /// <summary>
    /// Issue #17: an update of a string-keyed grain (n0 = n1 = 0, the key in the extension) must find its row through the
    /// identity index, not read every row of the grain type. Measured with the buffers the call touches (EXPLAIN
    /// ANALYZE BUFFERS counts the function's own statements): a few index and heap pages, whatever the number of rows.
    /// </summary>
    [Fact]
    public async Task A_storage_write_reads_a_few_pages_not_every_row_of_its_grain_type()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await PostgresSchemaBootstrap.ApplyAsync(connectionString);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var payload = new byte[600];
        await using (var fill = new NpgsqlCommand("""
            INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring,
                                        grainidextensionstring, serviceid, payloadbinary, modifiedon, version)
            SELECT n, 0, 0, 7, 'mo', 'OF-' || lpad(n::text, 5, '0'), 'collab', @payload, now(), 1
            FROM generate_series(1, 3000) AS n
            """, connection))
        {
            fill.Parameters.AddWithValue("payload", payload);
            await fill.ExecuteNonQueryAsync();
        }

        // No ANALYZE: a fresh database has no statistics yet, and the search must not depend on them.
        // As the provider calls it: the grain's id hash (here the row's number, 0 for the row without key), its type hash 7.
        async Task<(int? Version, long Pages)> WriteAsync(int hash, string? key, int? version)
        {
            await using var command = new NpgsqlCommand(
                "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT collab_storage_write(@hash, 0, 0, 7, 'mo', @key, 'collab', @version, @payload)", connection);
            command.Parameters.AddWithValue("hash", hash);
            command.Parameters.Add(new NpgsqlParameter("key", NpgsqlTypes.NpgsqlDbType.Varchar) { Value = (object?)key ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("version", NpgsqlTypes.NpgsqlDbType.Integer) { Value = (object?)version ?? DBNull.Value });
            command.Parameters.AddWithValue("payload", payload);
            using var plan = System.Text.Json.JsonDocument.Parse((string)(await command.ExecuteScalarAsync())!);
            var top = plan.RootElement[0].GetProperty("Plan");
            var pages = top.GetProperty("Shared Hit Blocks").GetInt64() + top.GetProperty("Shared Read Blocks").GetInt64();
            await using var read = new NpgsqlCommand(
                "SELECT version FROM orleansstorage WHERE graintypestring = 'mo' AND grainidextensionstring IS NOT DISTINCT FROM @key", connection);
            read.Parameters.Add(new NpgsqlParameter("key", NpgsqlTypes.NpgsqlDbType.Varchar) { Value = (object?)key ?? DBNull.Value });
            return ((int?)await read.ExecuteScalarAsync(), pages);
        }

        // Warm the function's plans, then measure: an update in the middle of 3,000 rows of the type.
        await WriteAsync(1, "OF-00001", 1);
        var (version, pages) = await WriteAsync(1500, "OF-01500", 1);
        Assert.Equal(2, version);
        Assert.True(pages < 60, $"one update touched {pages} pages for 3,000 rows of its type");

        // A stale version changes nothing; a grain keyed without extension (NULL) is found the same way.
        Assert.Equal(2, (await WriteAsync(1500, "OF-01500", 1)).Version);
        Assert.Equal(1, (await WriteAsync(0, null, null)).Version);
        var (nullVersion, nullPages) = await WriteAsync(0, null, 1);
        Assert.Equal(2, nullVersion);
        Assert.True(nullPages < 60, $"an update of a NULL-keyed row touched {nullPages} pages");
    }
}
