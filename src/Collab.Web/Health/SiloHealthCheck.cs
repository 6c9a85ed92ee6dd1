using Collab.Web.Services;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Collab.Web.Health;

/// <summary>Ready when the silo answers a real grain call (the site grain) within 5 s.</summary>
public sealed class SiloHealthCheck(SiteService sites) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var info = await sites.GetAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy($"Site grain '{info.Code}' answered (version {info.Version}).");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The silo did not answer a grain call.", ex);
        }
    }
}
