using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Collab.Infrastructure.Configuration;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Data.Sqlite;
using Npgsql;
using Collab.Infrastructure.Storage;

namespace Collab.Web.Hosting;

/// <summary>The Data Protection key ring (sign-in cookies, antiforgery tokens, saved mail passwords) is kept in
/// the mode's database — <c>identity.db</c> in embedded mode, PostgreSQL in cluster mode — so every silo shares
/// it and it survives a recreated container; encrypted at rest with the certificate of
/// <c>Collab:DataProtection:CertificatePath</c> when one is configured. Application name "Collab".</summary>
public static class CollabDataProtection
{
    public const string ApplicationName = "Collab";

    public static IServiceCollection AddCollabDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var builder = services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddSingleton<DatabaseXmlRepository>();
        services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<DatabaseXmlRepository>((o, repository) => o.XmlRepository = repository);
        if (configuration["Collab:DataProtection:CertificatePath"] is { Length: > 0 } path)
        {
            X509Certificate2 certificate;
            try
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration["Collab:DataProtection:CertificatePassword"], X509KeyStorageFlags.Exportable);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                throw new CollabConfigurationException($"Collab:DataProtection:CertificatePath '{path}' cannot be loaded: {e.Message}");
            }

            builder.ProtectKeysWithCertificate(certificate);
            builder.UnprotectKeysWithAnyCertificate(certificate);
        }

        return services;
    }
}

/// <summary>Key ring XML elements in table <c>collab_data_protection_keys</c> of the mode's database.</summary>
public sealed class DatabaseXmlRepository(CollabStorageSettings settings) : IXmlRepository
{
    private const string CreateSqlite = "CREATE TABLE IF NOT EXISTS collab_data_protection_keys (friendly_name TEXT PRIMARY KEY, xml TEXT NOT NULL, created_utc TEXT NOT NULL)";
    private const string CreatePostgres = "CREATE TABLE IF NOT EXISTS collab_data_protection_keys (friendly_name TEXT PRIMARY KEY, xml TEXT NOT NULL, created_utc TIMESTAMPTZ NOT NULL DEFAULT now())";

    private readonly object gate = new();
    private bool created;

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (gate)
        {
            return Run(command =>
            {
                command.CommandText = "SELECT xml FROM collab_data_protection_keys ORDER BY friendly_name";
                var elements = new List<XElement>();
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    elements.Add(XElement.Parse(reader.GetString(0)));
                }

                return elements;
            });
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        lock (gate)
        {
            Run(command =>
            {
                command.CommandText = settings.Mode == CollabMode.Cluster
                    ? "INSERT INTO collab_data_protection_keys (friendly_name, xml) VALUES (@name, @xml) ON CONFLICT (friendly_name) DO NOTHING"
                    : "INSERT INTO collab_data_protection_keys (friendly_name, xml, created_utc) VALUES (@name, @xml, @created) ON CONFLICT (friendly_name) DO NOTHING";
                AddParameter(command, "@name", friendlyName);
                AddParameter(command, "@xml", element.ToString(SaveOptions.DisableFormatting));
                AddParameter(command, "@created", DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                return command.ExecuteNonQuery();
            });
        }
    }

    private T Run<T>(Func<System.Data.Common.DbCommand, T> action)
    {
        try
        {
            using System.Data.Common.DbConnection connection = settings.Mode == CollabMode.Cluster
                ? new NpgsqlConnection(Collab.Infrastructure.Storage.Postgres.PostgresSchemaBootstrap.WithPoolLimit(settings.PostgresConnectionString!, 10))
                : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = settings.IdentityDatabasePath, Pooling = true, DefaultTimeout = 30 }.ToString());
            if (settings.Mode == CollabMode.Embedded)
            {
                Directory.CreateDirectory(settings.DataDirectory);
            }

            connection.Open();
            if (!created)
            {
                using var create = connection.CreateCommand();
                create.CommandText = settings.Mode == CollabMode.Cluster ? CreatePostgres : CreateSqlite;
                create.ExecuteNonQuery();
                created = true;
            }

            using var command = connection.CreateCommand();
            return action(command);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException or UnauthorizedAccessException)
        {
            throw new CollabStorageException(settings.Mode == CollabMode.Cluster
                ? $"The Data Protection key ring cannot be read or written in PostgreSQL ({settings.RedactedPostgresTarget}): {e.Message}"
                : $"The Data Protection key ring cannot be read or written in '{settings.IdentityDatabasePath}': {e.Message}", e);
        }
    }

    private static void AddParameter(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
