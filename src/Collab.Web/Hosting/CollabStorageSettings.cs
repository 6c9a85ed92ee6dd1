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
            throw new InvalidOperationException($"Collab:Mode must be 'Embedded' or 'Cluster', not '{modeText}'.");
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
            throw new InvalidOperationException("Collab:Mode is 'Cluster' but ConnectionStrings:Collab (PostgreSQL) is not set.");
        }

        // Embedded: demo users on first start. Cluster: only when asked.
        var seedDemo = mode == CollabMode.Embedded || configuration.GetValue("Collab:SeedDemo", false);
        return new CollabStorageSettings(mode, dataDirectory, connectionString, seedDemo);
    }
}
