using System.Security.Claims;
using Collab.Web.Components.Pages.Exchange;
using Collab.Web.Hosting;
using Collab.Web.Identity;
using Collab.Web.Tests.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Collab.Web.Tests.Exchange;

/// <summary>API keys in cluster mode: the exchange tables in the PostgreSQL identity database (skipped without <c>COLLAB_TEST_POSTGRES</c>).</summary>
public sealed class PostgresApiKeyTests
{
    /// <summary>Who may manage keys is tested by the sweep and the page; here only the storage is.</summary>
    private sealed class AllowAll : IAuthorizationService
    {
        public Task<AuthorizationResult> AuthorizeAsync(ClaimsPrincipal user, object? resource, IEnumerable<IAuthorizationRequirement> requirements) => Task.FromResult(AuthorizationResult.Success());

        public Task<AuthorizationResult> AuthorizeAsync(ClaimsPrincipal user, object? resource, string policyName) => Task.FromResult(AuthorizationResult.Success());
    }

    [PostgresFact]
    public async Task A_key_is_created_used_and_revoked_in_the_postgresql_identity_database_of_a_cluster()
    {
        var server = Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)!;
        var database = "collab_web_keys_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database, Pooling = false }.ToString();
        try
        {
            var settings = new CollabStorageSettings(CollabMode.Cluster, Path.GetTempPath(), connectionString, SeedDemo: false);
            var services = new ServiceCollection()
                .AddSingleton(settings)
                .AddDbContext<ExchangeDbContext>((sp, o) => IdentityStorage.Configure(o, sp.GetRequiredService<CollabStorageSettings>()))
                .BuildServiceProvider();
            await using (var scope = services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<ExchangeDbContext>();
                await db.EnsureSchemaAsync(CollabMode.Cluster, CancellationToken.None);
                await db.EnsureSchemaAsync(CollabMode.Cluster, CancellationToken.None); // idempotent
            }

            var keys = new ApiKeyService(services.GetRequiredService<IServiceScopeFactory>(), new AllowAll(), TimeProvider.System);
            var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin")], "test"));
            var (created, error) = await keys.CreateAsync(user, "erp-nightly", Roles.Planner, DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)));
            Assert.Null(error);

            var used = await keys.AuthenticateAsync(created!.Secret);
            Assert.NotNull(used);
            Assert.Equal(("erp-nightly", Roles.Planner), (used.Name, used.Role));
            Assert.Null(await keys.AuthenticateAsync(created.Secret[..^2] + "xx"));
            var listed = Assert.Single(await keys.ListAsync(user));
            Assert.Equal(1, listed.Calls);
            Assert.NotNull(listed.LastUsedAt);
            Assert.Equal([Roles.Planner], await keys.RolesOfAsync(ApiKeyService.UserName("erp-nightly")));

            // Only the hash is stored, in the PostgreSQL table.
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync();
                await using var read = new NpgsqlCommand("SELECT \"Hash\" FROM \"CollabApiKeys\"", connection);
                var hash = (string)(await read.ExecuteScalarAsync())!;
                Assert.DoesNotContain(created.Secret.Split('_')[2], hash, StringComparison.Ordinal);
                Assert.Equal(64, hash.Length);
            }

            Assert.True(await keys.RevokeAsync(user, created.Key.Id));
            Assert.Null(await keys.AuthenticateAsync(created.Secret));
            Assert.False(await keys.RevokeAsync(user, created.Key.Id));
            Assert.Empty(await keys.RolesOfAsync(ApiKeyService.UserName("erp-nightly")));
            Assert.NotNull(Assert.Single(await keys.ListAsync(user)).RevokedAt);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
