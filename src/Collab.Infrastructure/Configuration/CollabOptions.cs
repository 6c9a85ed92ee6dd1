using System.Globalization;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace Collab.Infrastructure.Configuration;

/// <summary>Where Collab keeps its data: one SQLite file (embedded) or a PostgreSQL cluster.</summary>
public enum CollabMode
{
    /// <summary>One silo, localhost clustering, SQLite file in <see cref="CollabOptions.DataDirectory"/>.</summary>
    Embedded,

    /// <summary>Several silos, Orleans ADO.NET clustering, persistence and reminders on PostgreSQL.</summary>
    Cluster,
}

/// <summary>
/// The configuration contract of the storage and hosting layer (see docs/storage.md). Read it with
/// <see cref="FromConfiguration"/>: the web host uses it too, e.g. to put its Identity database next
/// to the grain state.
/// </summary>
public sealed class CollabOptions
{
    /// <summary>Configuration section of the Collab settings.</summary>
    public const string SectionName = "Collab";

    /// <summary>Name of the connection string (<c>ConnectionStrings:Collab</c>) used in cluster mode.</summary>
    public const string ConnectionStringName = "Collab";

    /// <summary>File name of the embedded grain-state database inside the data directory.</summary>
    public const string EmbeddedDatabaseFileName = "collab.db";

    /// <summary>Storage mode; <see cref="CollabMode.Embedded"/> unless configured.</summary>
    public CollabMode Mode { get; init; } = CollabMode.Embedded;

    /// <summary>Absolute path of the embedded data directory (<c>Collab:DataDirectory</c>, default <c>./data</c>).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Embedded silo endpoints.</summary>
    public EmbeddedSiloOptions Embedded { get; init; } = new();

    /// <summary>Cluster identity and endpoints.</summary>
    public ClusterSiloOptions Cluster { get; init; } = new();

    /// <summary>PostgreSQL connection string (<c>ConnectionStrings:Collab</c>); required in cluster mode.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>Path of the embedded grain-state SQLite file.</summary>
    public string EmbeddedDatabasePath => Path.Combine(DataDirectory, EmbeddedDatabaseFileName);

    /// <summary>Orleans service id in the active mode.</summary>
    public string ServiceId => Mode == CollabMode.Cluster ? Cluster.ServiceId : EmbeddedSiloOptions.ServiceId;

    /// <summary>Orleans cluster id in the active mode.</summary>
    public string ClusterId => Mode == CollabMode.Cluster ? Cluster.ClusterId : EmbeddedSiloOptions.ClusterId;

    /// <summary>A SQLite connection string for <paramref name="fileName"/> in the data directory
    /// (e.g. <c>identity.db</c> for the web host's Identity store).</summary>
    public string GetSqliteConnectionString(string fileName = EmbeddedDatabaseFileName) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(DataDirectory, fileName),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Default,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

    /// <summary>The PostgreSQL connection string, or a clear error when it is missing.</summary>
    public string RequirePostgresConnectionString() =>
        string.IsNullOrWhiteSpace(ConnectionString)
            ? throw new CollabConfigurationException(
                $"Collab:Mode=Cluster requires the PostgreSQL connection string 'ConnectionStrings:{ConnectionStringName}'.")
            : ConnectionString;

    /// <summary>
    /// Reads and validates the options. Throws <see cref="CollabConfigurationException"/> naming the key
    /// when a value is invalid.
    /// </summary>
    /// <param name="configuration">The host configuration.</param>
    /// <param name="currentDirectory">Base of a relative data directory; the process' current directory when null.</param>
    public static CollabOptions FromConfiguration(IConfiguration configuration, string? currentDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        var mode = ParseMode(section["Mode"]);

        var baseDirectory = currentDirectory ?? Directory.GetCurrentDirectory();
        var dataDirectory = section["DataDirectory"];
        var fullDataDirectory = Path.GetFullPath(
            string.IsNullOrWhiteSpace(dataDirectory) ? "data" : ExpandHome(dataDirectory.Trim()),
            baseDirectory);

        var options = new CollabOptions
        {
            Mode = mode,
            DataDirectory = fullDataDirectory,
            ConnectionString = configuration.GetConnectionString(ConnectionStringName),
            Embedded = new EmbeddedSiloOptions
            {
                SiloPort = ReadPort(section, "Embedded:SiloPort", EmbeddedSiloOptions.DefaultSiloPort),
                GatewayPort = ReadPort(section, "Embedded:GatewayPort", EmbeddedSiloOptions.DefaultGatewayPort, allowZero: true),
            },
            Cluster = new ClusterSiloOptions
            {
                ClusterId = ReadName(section, "Cluster:ClusterId", ClusterSiloOptions.DefaultClusterId),
                ServiceId = ReadName(section, "Cluster:ServiceId", ClusterSiloOptions.DefaultServiceId),
                SiloPort = ReadPort(section, "Cluster:SiloPort", ClusterSiloOptions.DefaultSiloPort),
                GatewayPort = ReadPort(section, "Cluster:GatewayPort", ClusterSiloOptions.DefaultGatewayPort, allowZero: true),
                AdvertisedIPAddress = ReadAddress(section, "Cluster:AdvertisedIPAddress"),
                ListenOnAnyHostAddress = ReadBool(section, "Cluster:ListenOnAnyHostAddress"),
                TlsCertificatePath = section["Cluster:Tls:CertificatePath"] is { Length: > 0 } certificate ? ExpandHome(certificate.Trim()) : null,
                TlsCertificatePassword = section["Cluster:Tls:CertificatePassword"],
                TlsCreateCertificateIfMissing = ReadBool(section, "Cluster:Tls:CreateIfMissing"),
            },
        };

        if (mode == CollabMode.Cluster)
        {
            ValidatePostgresConnectionString(options.RequirePostgresConnectionString());
        }

        return options;
    }

    private static void ValidatePostgresConnectionString(string connectionString)
    {
        try
        {
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                throw new CollabConfigurationException($"ConnectionStrings:{ConnectionStringName} has no Host.");
            }
        }
        catch (ArgumentException e)
        {
            // The message names the offending keyword, never the value (it may be a password).
            throw new CollabConfigurationException(
                $"ConnectionStrings:{ConnectionStringName} is not a valid PostgreSQL (Npgsql) connection string: {e.Message}");
        }
    }

    private static CollabMode ParseMode(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return CollabMode.Embedded;
        }

        return Enum.TryParse<CollabMode>(value.Trim(), ignoreCase: true, out var mode) && Enum.IsDefined(mode)
            ? mode
            : throw new CollabConfigurationException(
                $"Collab:Mode has the invalid value '{value}'; expected 'Embedded' or 'Cluster'.");
    }

    private static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.TrimStart('~', '/'))
            : path;

    private static int ReadPort(IConfigurationSection section, string key, int defaultValue, bool allowZero = false)
    {
        var raw = section[key];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return defaultValue;
        }

        return int.TryParse(raw.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && (port is > 0 and <= 65535 || (allowZero && port == 0))
            ? port
            : throw new CollabConfigurationException(allowZero
                ? $"Collab:{key} has the invalid value '{raw}'; expected a TCP port (1-65535) or 0 (closed)."
                : $"Collab:{key} has the invalid value '{raw}'; expected a TCP port (1-65535).");
    }

    private static string ReadName(IConfigurationSection section, string key, string defaultValue)
    {
        var raw = section[key];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return defaultValue;
        }

        var trimmed = raw.Trim();
        return trimmed.Length <= 150
            ? trimmed
            : throw new CollabConfigurationException($"Collab:{key} is longer than 150 characters.");
    }

    private static IPAddress ReadAddress(IConfigurationSection section, string key)
    {
        var raw = section[key];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return IPAddress.Loopback;
        }

        if (string.Equals(raw.Trim(), "auto", StringComparison.OrdinalIgnoreCase))
        {
            // Containers: the first non-loopback IPv4 address of this host.
            return System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
                .Where(n => n.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up)
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                .Select(a => a.Address)
                .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
                ?? throw new CollabConfigurationException($"Collab:{key} is 'auto' but this host has no non-loopback IPv4 address.");
        }

        return IPAddress.TryParse(raw.Trim(), out var address)
            ? address
            : throw new CollabConfigurationException($"Collab:{key} has the invalid value '{raw}'; expected an IP address such as 127.0.0.1, or 'auto'.");
    }

    private static bool ReadBool(IConfigurationSection section, string key)
    {
        var raw = section[key];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return false;
        }

        return bool.TryParse(raw.Trim(), out var value)
            ? value
            : throw new CollabConfigurationException($"Collab:{key} has the invalid value '{raw}'; expected true or false.");
    }
}

/// <summary>Endpoints of the single embedded silo.</summary>
public sealed class EmbeddedSiloOptions
{
    public const int DefaultSiloPort = 11111;

    /// <summary>0 = no client gateway: the co-hosted web host needs none (docs/security.md).</summary>
    public const int DefaultGatewayPort = 0;

    /// <summary>Orleans service id used in embedded mode (part of every stored row's identity).</summary>
    public const string ServiceId = "collab";

    /// <summary>Orleans cluster id used in embedded mode.</summary>
    public const string ClusterId = "collab-embedded";

    public int SiloPort { get; init; } = DefaultSiloPort;

    public int GatewayPort { get; init; } = DefaultGatewayPort;
}

/// <summary>Identity and endpoints of a silo in cluster mode.</summary>
public sealed class ClusterSiloOptions
{
    public const string DefaultClusterId = "collab";
    public const string DefaultServiceId = "collab";
    public const int DefaultSiloPort = 11111;

    /// <summary>0 = gateway closed unless configured (the co-hosted web hosts need none).</summary>
    public const int DefaultGatewayPort = 0;

    public string ClusterId { get; init; } = DefaultClusterId;

    public string ServiceId { get; init; } = DefaultServiceId;

    public int SiloPort { get; init; } = DefaultSiloPort;

    public int GatewayPort { get; init; } = DefaultGatewayPort;

    /// <summary>Address other silos use to reach this one (default 127.0.0.1).</summary>
    public IPAddress AdvertisedIPAddress { get; init; } = IPAddress.Loopback;

    /// <summary>Listen on every interface instead of only the advertised address (containers).</summary>
    public bool ListenOnAnyHostAddress { get; init; }

    /// <summary>PKCS#12 (.pfx) certificate shared by the silos for mutual TLS (<c>Collab:Cluster:Tls:CertificatePath</c>).</summary>
    public string? TlsCertificatePath { get; init; }

    /// <summary>Password of <see cref="TlsCertificatePath"/>, if any.</summary>
    public string? TlsCertificatePassword { get; init; }

    /// <summary>Create a self-signed cluster certificate at <see cref="TlsCertificatePath"/> when the file does not
    /// exist yet (one shared volume for all silos, e.g. docker compose).</summary>
    public bool TlsCreateCertificateIfMissing { get; init; }

    /// <summary>True when the silo endpoints stay on this machine (loopback advertised, not listening on any address).</summary>
    public bool SiloEndpointsOnLoopback => System.Net.IPAddress.IsLoopback(AdvertisedIPAddress) && !ListenOnAnyHostAddress;
}
