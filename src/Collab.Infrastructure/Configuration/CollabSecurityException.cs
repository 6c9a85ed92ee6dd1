namespace Collab.Infrastructure.Configuration;

/// <summary>Collab refuses a start that would expose it unsafely (e.g. listening beyond loopback while an
/// account still has the published demo password). The message says what to change.</summary>
public sealed class CollabSecurityException(string message) : Exception(message);
