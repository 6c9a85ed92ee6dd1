using Collab.Infrastructure.Mail;
using Collab.Web.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Collab.Web.Tests.Hosting;

/// <summary>The key ring lives in the mode's database: a saved mail password encrypted before a restart
/// (a new service provider = a recreated container keeping only its database) still decrypts after it.</summary>
public sealed class DataProtectionKeyRingTests : IDisposable
{
    private readonly string data = Path.Combine(Path.GetTempPath(), "collab-keys-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }

    private ServiceProvider Host()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(new CollabStorageSettings(CollabMode.Embedded, data, null, SeedDemo: false));
        services.AddCollabDataProtection(new ConfigurationBuilder().Build());
        services.AddSingleton<MailSettingsProtector>();
        return services.BuildServiceProvider();
    }

    [Fact]
    public void A_saved_mail_password_still_decrypts_after_a_restart_and_the_keys_are_in_identity_db()
    {
        string saved;
        using (var first = Host())
        {
            saved = first.GetRequiredService<MailSettingsProtector>().ProtectPassword("mot-de-passe-imap")!;
        }

        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(data, "identity.db")}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM collab_data_protection_keys";
            Assert.Equal(1L, (long)command.ExecuteScalar()!);
        }

        using var second = Host();
        Assert.Equal("mot-de-passe-imap", second.GetRequiredService<MailSettingsProtector>().UnprotectPassword(saved));
    }
}
