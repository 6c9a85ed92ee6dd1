using Collab.Infrastructure.Serialization;
using Collab.Infrastructure.Configuration;
using Collab.Infrastructure.Health;
using Collab.Infrastructure.Storage.Postgres;
using Collab.Infrastructure.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Collab.Infrastructure.Hosting;

/// <summary>
/// Configures the co-hosted Orleans silo from configuration (<c>Collab:Mode</c> = <c>Embedded</c> |
/// <c>Cluster</c>, see docs/storage.md). Same code path in development and production.
/// </summary>
public static class CollabOrleansHosting
{
    /// <summary>ADO.NET invariant of the PostgreSQL providers.</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>
    /// Adds the silo with the storage of the configured mode, the <see cref="CollabOptions"/> singleton
    /// and the storage readiness check (tag <c>ready</c>). Throws <see cref="CollabConfigurationException"/>
    /// for invalid settings; storage problems surface when the host starts, as
    /// <see cref="Storage.CollabStorageException"/>.
    /// </summary>
    public static IHostApplicationBuilder AddCollabOrleans(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = CollabOptions.FromConfiguration(builder.Configuration);
        // Before anything starts: silo endpoints beyond loopback need the cluster certificate (exit 5 otherwise).
        var clusterCertificate = options.Mode == CollabMode.Cluster ? ClusterTlsCertificate(options.Cluster) : null;
        builder.Services.AddSingleton(options);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHealthChecks()
            .AddCheck<CollabStorageHealthCheck>(CollabStorageHealthCheck.Name, tags: ["ready"]);

        builder.UseOrleans(silo =>
        {
            silo.Services.AddCollabSerialization();
            if (options.Mode == CollabMode.Cluster)
            {
                ConfigureCluster(silo, options, clusterCertificate);
            }
            else
            {
                ConfigureEmbedded(silo, options);
            }
        });
        return builder;
    }

    private static void ConfigureEmbedded(ISiloBuilder silo, CollabOptions options)
    {
        silo.UseLocalhostClustering(
            options.Embedded.SiloPort,
            options.Embedded.GatewayPort,
            primarySiloEndpoint: null,
            serviceId: options.ServiceId,
            clusterId: options.ClusterId);

        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SqliteStorageBootstrap>();
        silo.Services.AddGrainStorage(
            ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME,
            (sp, name) => ActivatorUtilities.CreateInstance<SqliteGrainStorage>(sp, name));
        silo.AddReminders();
        silo.Services.RemoveAll<IReminderTable>();
        silo.Services.AddSingleton<IReminderTable, SqliteReminderTable>();
    }

    private static void ConfigureCluster(ISiloBuilder silo, CollabOptions options, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate)
    {
        var connectionString = PostgresSchemaBootstrap.ForOrleans(options.RequirePostgresConnectionString());
        if (certificate is not null)
        {
            silo.UseTls(certificate, tls =>
            {
                tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
                tls.RemoteCertificateValidation = (remote, _, _) => ClusterCertificate.SameCertificate(remote, certificate);
                tls.OnAuthenticateAsClient = (_, client) => client.TargetHost = ClusterCertificate.HostName;
            });
        }
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.Cluster.ClusterId;
            o.ServiceId = options.Cluster.ServiceId;
        });
        silo.ConfigureEndpoints(
            options.Cluster.AdvertisedIPAddress,
            options.Cluster.SiloPort,
            options.Cluster.GatewayPort,
            options.Cluster.ListenOnAnyHostAddress);

        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, PostgresSchemaBootstrap>();
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = PostgresInvariant;
            o.ConnectionString = connectionString;
        });
        silo.AddAdoNetGrainStorageAsDefault(o =>
        {
            o.Invariant = PostgresInvariant;
            o.ConnectionString = connectionString;
        });
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = PostgresInvariant;
            o.ConnectionString = connectionString;
        });
    }

    /// <summary>Mutual TLS between silos (and gateway clients) with the certificate of
    /// <c>Collab:Cluster:Tls:CertificatePath</c>: every silo presents it and accepts only a peer presenting the
    /// same certificate. Without a certificate the silo endpoints must stay on loopback.</summary>
    private static System.Security.Cryptography.X509Certificates.X509Certificate2? ClusterTlsCertificate(ClusterSiloOptions cluster)
    {
        if (cluster.TlsCertificatePath is not { } path)
        {
            return cluster.SiloEndpointsOnLoopback
                ? null
                : throw new CollabSecurityException(
                    $"cluster silos would talk unauthenticated beyond this machine ({cluster.AdvertisedIPAddress}, listen on any address: {cluster.ListenOnAnyHostAddress}): " +
                    "set Collab:Cluster:Tls:CertificatePath (a .pfx shared by the silos, or Collab:Cluster:Tls:CreateIfMissing=true on a shared volume). See docs/security.md.");
        }

        return ClusterCertificate.LoadOrCreate(path, cluster.TlsCertificatePassword, cluster.TlsCreateCertificateIfMissing, cluster.ClusterId);
    }
}
