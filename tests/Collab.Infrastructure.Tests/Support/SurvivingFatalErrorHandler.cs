namespace Collab.Infrastructure.Tests.Support;

/// <summary>For a silo a test expects to be refused by the cluster. The other silos may declare it dead while it is
/// still trying to join; Orleans's own handler then ends it with <see cref="Environment.FailFast(string)"/>, which ends
/// the whole test process with it (seen on CI under load). This one only records the fatal error: the silo's start
/// still fails when its join time is over.</summary>
internal sealed class SurvivingFatalErrorHandler : IFatalErrorHandler
{
    public string? LastContext { get; private set; }

    public bool IsUnexpected(Exception exception) => true;

    public void OnFatalException(object? sender = null, string? context = null, Exception? exception = null) =>
        LastContext = context ?? exception?.Message ?? "fatal";
}
