using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Collab.Web.Health;

public static class HealthEndpoints
{
    /// <summary><c>/health/live</c>: the process answers (no check runs). <c>/health/ready</c>: every
    /// check tagged "ready" (storage, Identity database, silo grain call). Both are anonymous so
    /// load balancers and orchestrators can probe them; they reveal only check names and status.</summary>
    public static IEndpointRouteBuilder MapCollabHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains("ready"),
            ResponseWriter = WriteJsonAsync,
        }).AllowAnonymous();
        return endpoints;
    }

    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }
}
