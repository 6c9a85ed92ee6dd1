using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Collab.Web.Identity;

/// <summary>
/// Open circuits (tabs) re-check their user every <see cref="SecuritySettings.RevalidateMinutes"/> minutes:
/// when the user's security stamp changed (roles changed, password reset, account deleted or locked),
/// the circuit's user becomes anonymous and the page sends them to sign in again. Commands do not wait
/// for this: services re-read the roles at every command (<see cref="FreshRoles"/>).
/// </summary>
public sealed class CollabRevalidatingAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopes,
    IOptions<IdentityOptions> identity,
    IOptions<SecuritySettings> security)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => security.Value.RevalidateInterval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        IsStillValidAsync(authenticationState.User);

    /// <summary>True while the principal's security stamp equals the store's (anonymous principals stay valid).</summary>
    public async Task<bool> IsStillValidAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity is not { IsAuthenticated: true })
        {
            return true;
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CollabUser>>();
        var user = await users.GetUserAsync(principal);
        if (user is null || await users.IsLockedOutAsync(user))
        {
            return false;
        }

        if (!users.SupportsUserSecurityStamp)
        {
            return true;
        }

        var principalStamp = principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        return principalStamp == await users.GetSecurityStampAsync(user);
    }
}

/// <summary>Configuration section <c>Collab:Security</c> (the part read by the people/roles feature).</summary>
public sealed class SecuritySettings
{
    public const string Section = "Collab:Security";

    /// <summary>How often an open tab and the sign-in cookie re-check the user's security stamp (minutes, 1–60; default 5).</summary>
    public int RevalidateMinutes { get; set; } = 5;

    public TimeSpan RevalidateInterval => TimeSpan.FromMinutes(Math.Clamp(RevalidateMinutes, 1, 60));
}
