using Collab.Contracts.Sites;
using Collab.Infrastructure.Configuration;
using Collab.Infrastructure.Hosting;
using Collab.Infrastructure.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Configuration;

namespace Collab.Infrastructure.Tests.Cluster;

/// <summary>Cluster mode with mutual TLS (docs/security.md): silos sharing the cluster certificate form one
/// cluster; a silo without it cannot join; silo endpoints beyond loopback without a certificate are refused.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterTlsTests(PostgresServer server) : IDisposable
{
    private readonly TempDirectory certificates = new();

    public void Dispose() => certificates.Dispose();

    private Dictionary<string, string?> Silo(string connectionString, string certificate)
    {
        var settings = CollabTestHost.Cluster(connectionString, "collab-tls");
        settings["Collab:Cluster:Tls:CertificatePath"] = Path.Combine(certificates.Path, certificate);
        settings["Collab:Cluster:Tls:CreateIfMissing"] = "true";
        return settings;
    }

    [Fact]
    public async Task Silos_with_the_cluster_certificate_join_and_a_silo_without_it_cannot()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using var a = await CollabTestHost.StartAsync(Silo(connectionString, "cluster.pfx"));
        await using var b = await CollabTestHost.StartAsync(Silo(connectionString, "cluster.pfx"));
        Assert.Equal(2L, await ActiveSilosAsync(connectionString));
        foreach (var code in new[] { "T1", "T2", "T3", "T4" })
        {
            await a.Grains.GetGrain<ISiteGrain>(code).RenameAsync($"Usine {code}", 0, "admin");
            Assert.Equal($"Usine {code}", (await b.Grains.GetGrain<ISiteGrain>(code).GetInfoAsync()).Name);
        }

        // Another certificate (an intruder's self-signed one): the TLS handshakes fail, the silo never becomes active.
        // Under load the two silos may vote it dead before its join time is over: it must not take the test process with it.
        await Assert.ThrowsAnyAsync<Exception>(() => CollabTestHost.StartAsync(
            Silo(connectionString, "intruder.pfx"),
            services =>
            {
                services.Configure<ClusterMembershipOptions>(o => o.MaxJoinAttemptTime = TimeSpan.FromSeconds(20));
                services.AddSingleton<IFatalErrorHandler, SurvivingFatalErrorHandler>();
            }));
        Assert.Equal(2L, await ActiveSilosAsync(connectionString));
    }

    [Fact]
    public void Silo_endpoints_beyond_loopback_without_a_certificate_are_refused()
    {
        var settings = CollabTestHost.Cluster("Host=127.0.0.1;Username=x;Database=x", "collab-open");
        settings["Collab:Cluster:ListenOnAnyHostAddress"] = "true";
        var error = Assert.Throws<CollabSecurityException>(() => CollabTestHost.Build(settings));
        Assert.Contains("Collab:Cluster:Tls:CertificatePath", error.Message, StringComparison.Ordinal);
        Assert.Equal(CollabHostRunner.SecurityRefusalExitCode, CollabHostRunner.DescribeStartFailure(error)!.Value.ExitCode);
    }

    private static async Task<long> ActiveSilosAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM orleansmembershiptable WHERE deploymentid = 'collab-tls' AND status = 3", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
