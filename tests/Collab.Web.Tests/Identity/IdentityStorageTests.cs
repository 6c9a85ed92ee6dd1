using Collab.Web.Hosting;
using Collab.Web.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Collab.Web.Tests.Identity;

public sealed class IdentityStorageTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "collab-identity-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Creates_the_identity_tables_once_and_is_idempotent()
    {
        var settings = Embedded(directory);
        await using (var db = Context(settings))
        {
            await IdentityStorage.EnsureSchemaAsync(db, settings, CancellationToken.None);
            db.Users.Add(new CollabUser { UserName = "u1", NormalizedUserName = "U1", PreferredCulture = "en-GB" });
            await db.SaveChangesAsync();
        }

        await using (var db = Context(settings))
        {
            await IdentityStorage.EnsureSchemaAsync(db, settings, CancellationToken.None);
            var user = await db.Users.SingleAsync();
            Assert.Equal("en-GB", user.PreferredCulture);
        }

        Assert.Equal("wal", Scalar(settings.IdentityDatabasePath, "PRAGMA journal_mode"));
    }

    [Fact]
    public async Task Creates_the_identity_tables_when_the_database_already_holds_other_tables()
    {
        // Where EnsureCreated would do nothing (Orleans' tables already there).
        var settings = Embedded(directory);
        Directory.CreateDirectory(directory);
        Execute(settings.IdentityDatabasePath, "CREATE TABLE OrleansStorage (GrainId TEXT PRIMARY KEY, Payload BLOB)");

        await using var db = Context(settings);
        await IdentityStorage.EnsureSchemaAsync(db, settings, CancellationToken.None);

        Assert.Equal(1L, Scalar(settings.IdentityDatabasePath, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'AspNetUsers'"));
        Assert.Equal(1L, Scalar(settings.IdentityDatabasePath, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'OrleansStorage'"));
    }

    [Fact]
    public async Task A_corrupt_database_file_gives_an_error_naming_the_path()
    {
        var settings = Embedded(directory);
        Directory.CreateDirectory(directory);
        await File.WriteAllBytesAsync(settings.IdentityDatabasePath, Enumerable.Range(0, 4096).Select(i => (byte)(i * 7)).ToArray());

        await using var db = Context(settings);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => IdentityStorage.EnsureSchemaAsync(db, settings, CancellationToken.None));
        Assert.Contains(settings.IdentityDatabasePath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_directory_that_is_a_file_gives_an_error_naming_the_path()
    {
        Directory.CreateDirectory(directory);
        var notADirectory = Path.Combine(directory, "not-a-directory");
        await File.WriteAllTextAsync(notADirectory, "x");
        var settings = Embedded(notADirectory);

        await using var db = Context(settings);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => IdentityStorage.EnsureSchemaAsync(db, settings, CancellationToken.None));
        Assert.Contains(settings.IdentityDatabasePath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_default_to_embedded_in_data_with_demo_seeding()
    {
        var settings = CollabStorageSettings.FromConfiguration(Configuration());
        Assert.Equal(CollabMode.Embedded, settings.Mode);
        Assert.Equal(Path.GetFullPath("data"), settings.DataDirectory);
        Assert.True(settings.SeedDemo);
    }

    [Fact]
    public void Cluster_mode_needs_a_connection_string_and_seeds_only_when_asked()
    {
        var missing = Assert.ThrowsAny<Exception>(() => CollabStorageSettings.FromConfiguration(Configuration(("Collab:Mode", "Cluster"))));
        Assert.Contains("ConnectionStrings:Collab", missing.Message, StringComparison.Ordinal);

        var cluster = CollabStorageSettings.FromConfiguration(Configuration(("Collab:Mode", "cluster"), ("ConnectionStrings:Collab", "Host=127.0.0.1;Port=5432;Database=collab;Username=collab;Password=secret")));
        Assert.Equal(CollabMode.Cluster, cluster.Mode);
        Assert.False(cluster.SeedDemo);
        Assert.Equal("127.0.0.1:5432/collab", cluster.RedactedPostgresTarget);
        Assert.DoesNotContain("secret", cluster.RedactedPostgresTarget, StringComparison.Ordinal);

        var config = new ConfigurationBuilder().AddCommandLine(CollabArguments.Normalize(["--seed-demo", "--Collab:Mode=Cluster", "--ConnectionStrings:Collab=Host=x"])).Build();
        Assert.True(CollabStorageSettings.FromConfiguration(config).SeedDemo);
    }

    [Fact]
    public void An_unknown_mode_is_refused_with_the_key_name()
    {
        var error = Assert.ThrowsAny<Exception>(() => CollabStorageSettings.FromConfiguration(Configuration(("Collab:Mode", "Distribué"))));
        Assert.Contains("Collab:Mode", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static CollabStorageSettings Embedded(string dataDirectory) => new(CollabMode.Embedded, dataDirectory, null, SeedDemo: true);

    private static CollabIdentityDbContext Context(CollabStorageSettings settings)
    {
        var options = new DbContextOptionsBuilder<CollabIdentityDbContext>();
        IdentityStorage.Configure(options, settings);
        return new CollabIdentityDbContext(options.Options);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static object? Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(string path, string sql) => Scalar(path, sql);
}
