namespace Collab.Domain.Ports;

/// <summary>
/// Logins → the names people know each other by. The domain and the grains keep logins (stable ids);
/// whatever is shown to a person (pages, big screen, PDFs, mails) resolves them through this port at the edge.
/// Implemented by the web host's user directory (Identity store, cached).
/// </summary>
public interface IPeopleDirectory
{
    /// <summary>The display name of <paramref name="login"/>; the login itself when it is not a user (an address, a former user).</summary>
    ValueTask<string> DisplayNameAsync(string? login, CancellationToken cancellationToken = default);
}
