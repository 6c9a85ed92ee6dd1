using Collab.Web.Identity;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Collab.Web.Health;

/// <summary>Ready when the Identity database answers.</summary>
public sealed class IdentityDatabaseHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CollabIdentityDbContext>();
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The Identity database cannot be reached.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The Identity database cannot be reached.", ex);
        }
    }
}
