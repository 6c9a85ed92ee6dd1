using Collab.Web.Identity;

namespace Collab.Web.Hosting;

public enum CollabMode
{
    Embedded,
    Cluster,
}

/// <summary>The storage configuration shared with the Orleans host (same keys):
/// <c>Collab:Mode</c>, <c>Collab:DataDirectory</c> (default ./data), <c>ConnectionStrings:Collab</c>,
/// <c>Collab:SeedDemo</c> (or the <c>--seed-demo</c> switch).</summary>
public sealed record CollabStorageSettings(CollabMode Mode, string DataDirectory, string? PostgresConnectionString, bool SeedDemo)
{
    public string IdentityDatabasePath => Path.Combine(DataDirectory, "identity.db");

    public string RedactedPostgresTarget => IdentityStorage.Redact(PostgresConnectionString);

    public static CollabStorageSettings FromConfiguration(IConfiguration configuration)
    {
        var modeText = configuration["Collab:Mode"];
        CollabMode mode;
        if (string.IsNullOrWhiteSpace(modeText))
        {
            mode = CollabMode.Embedded;
        }
        else if (!Enum.TryParse(modeText, ignoreCase: true, out mode) || !Enum.IsDefined(mode))
        {
            throw new Collab.Infrastructure.Configuration.CollabConfigurationException($"Collab:Mode must be 'Embedded' or 'Cluster', not '{modeText}'.");
        }

        var configured = configuration["Collab:DataDirectory"]?.Trim();
        if (configured is ['~', ..])
        {
            configured = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + configured[1..];
        }

        var dataDirectory = Path.GetFullPath(string.IsNullOrEmpty(configured) ? "data" : configured);
        var connectionString = configuration.GetConnectionString("Collab");
        if (mode == CollabMode.Cluster && string.IsNullOrWhiteSpace(connectionString))
        {
            throw new Collab.Infrastructure.Configuration.CollabConfigurationException("Collab:Mode is 'Cluster' but ConnectionStrings:Collab (PostgreSQL) is not set.");
        }

        // The demo (demo accounts with the published password, demo plant) only when asked for:
        // embedded mode asks for it unless Collab:SeedDemo=false; cluster mode only with --seed-demo.
        var seedDemo = configuration.GetValue("Collab:SeedDemo", mode == CollabMode.Embedded);
        return new CollabStorageSettings(mode, dataDirectory, connectionString, seedDemo);
    }
}
