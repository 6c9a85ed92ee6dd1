using System.Text.Json;
using Collab.Web.Identity;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Collab.Web.Health;

public static class HealthEndpoints
{
    /// <summary>How long a readiness report is reused: probes every second never hit the databases more
    /// than once per this period.</summary>
    public static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(5);

    /// <summary><c>/health/live</c>: the process answers (no check runs). <c>/health/ready</c>: every
    /// check tagged "ready" (storage, Identity database, silo grain call, demo seeded), cached
    /// <see cref="CacheDuration"/>. Both are anonymous so load balancers can probe them: anonymous callers
    /// get the overall status only; administrators also get each check with its description.</summary>
    public static IEndpointRouteBuilder MapCollabHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        endpoints.MapGet("/health/ready", async (HttpContext http, ReadinessCache cache) =>
        {
            var report = await cache.GetAsync(http.RequestAborted);
            var status = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
            http.Response.Headers.CacheControl = "no-store";
            object body = http.User.IsInRole(Roles.Admin)
                ? new
                {
                    status = report.Status.ToString(),
                    checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
                }
                : new { status = report.Status.ToString() };
            return Results.Text(JsonSerializer.Serialize(body), "application/json; charset=utf-8", statusCode: status);
        }).AllowAnonymous();
        return endpoints;
    }
}

/// <summary>The last readiness report, reused for <see cref="HealthEndpoints.CacheDuration"/>; concurrent
/// callers share one run.</summary>
public sealed class ReadinessCache(HealthCheckService checks, TimeProvider clock)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private (HealthReport Report, DateTimeOffset At)? last;

    public async Task<HealthReport> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } cached)
        {
            return cached;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } again)
            {
                return again;
            }

            var report = await checks.CheckHealthAsync(r => r.Tags.Contains("ready"), cancellationToken);
            last = (report, clock.GetUtcNow());
            return report;
        }
        finally
        {
            gate.Release();
        }
    }

    // A failing report is kept one second only, so recovery (e.g. the demo seeded) shows at once.
    private HealthReport? Fresh() =>
        last is { } l && clock.GetUtcNow() - l.At < (l.Report.Status == HealthStatus.Unhealthy ? TimeSpan.FromSeconds(1) : HealthEndpoints.CacheDuration) ? l.Report : null;
}
