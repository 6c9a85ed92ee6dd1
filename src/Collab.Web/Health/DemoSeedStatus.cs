using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Collab.Web.Health;

/// <summary>Whether the demo plant is in place (or not asked for): <c>/health/ready</c> answers 200 only
/// once the seeding has finished, so a load balancer or a test never reaches a half-seeded demo.</summary>
public sealed class DemoSeedStatus
{
    private readonly TaskCompletionSource<bool> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the seeder has finished: true = demo ready (or none asked), false = gave up.</summary>
    public Task<bool> Completion => completion.Task;

    /// <summary>Why seeding gave up, if it did.</summary>
    public string? Failure { get; private set; }

    public void Completed(bool ready, string? failure = null)
    {
        Failure = ready ? null : failure ?? "the demo plant could not be seeded";
        completion.TrySetResult(ready);
    }
}

/// <summary>Readiness (tag <c>ready</c>): unhealthy while the demo plant is being seeded or when seeding failed.</summary>
public sealed class DemoSeedHealthCheck(DemoSeedStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(status.Completion.IsCompletedSuccessfully
            ? status.Completion.Result
                ? HealthCheckResult.Healthy("Demo plant in place (or not asked for).")
                : HealthCheckResult.Unhealthy($"Demo plant not seeded: {status.Failure}")
            : HealthCheckResult.Unhealthy("Demo plant still being seeded."));
}
