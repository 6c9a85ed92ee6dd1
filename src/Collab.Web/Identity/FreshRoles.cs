using System.Security.Claims;
using Collab.Web.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace Collab.Web.Identity;

/// <summary>
/// The roles of a user as the Identity store holds them <em>now</em>. Services check every command
/// against these, never against the roles captured in a circuit's principal when the tab was opened:
/// a user demoted by an administrator loses the right at their next command, even with the tab open.
/// </summary>
public sealed class FreshRoles(IServiceScopeFactory scopes, IAuthorizationService authorization)
{
    /// <summary>A principal carrying the user's current roles (none for an unknown, locked-out or empty name).</summary>
    public async Task<ClaimsPrincipal> PrincipalOfAsync(string? user)
    {
        if (string.IsNullOrWhiteSpace(user))
        {
            return new ClaimsPrincipal(new ClaimsIdentity());
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CollabUser>>();
        var found = await users.FindByNameAsync(user);
        // An API key acts as "api:<key name>": its role comes from the key (active, not expired), not from a user.
        IList<string> roles = found is not null ? (await users.IsLockedOutAsync(found) ? [] : await users.GetRolesAsync(found))
            : scope.ServiceProvider.GetService<Collab.Web.Components.Pages.Exchange.ApiKeyService>() is { } keys ? await keys.RolesOfAsync(user) : [];
        Claim[] claims = [new(ClaimTypes.Name, found?.UserName ?? user), .. roles.Select(r => new Claim(ClaimTypes.Role, r))];
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "collab-fresh-roles"));
    }

    /// <summary>True when the user's current roles satisfy <paramref name="policy"/>.</summary>
    public async Task<bool> HasAsync(string? user, string policy) =>
        (await authorization.AuthorizeAsync(await PrincipalOfAsync(user), policy)).Succeeded;

    /// <summary>Throws <see cref="ForbiddenActionException"/> unless the user's current roles satisfy <paramref name="policy"/>.</summary>
    public async Task RequireAsync(string? user, string policy)
    {
        if (!await HasAsync(user, policy))
        {
            throw new ForbiddenActionException(policy);
        }
    }

    /// <summary>Same, for a principal: only its name is trusted, its role claims are re-read.</summary>
    public Task RequireAsync(ClaimsPrincipal user, string policy) =>
        RequireAsync(user.Identity is { IsAuthenticated: true, Name: { } name } ? name : null, policy);

    /// <summary>True when the user's current roles satisfy at least one of <paramref name="policies"/>.</summary>
    public async Task<bool> HasAnyAsync(string? user, IEnumerable<string> policies)
    {
        var principal = await PrincipalOfAsync(user);
        foreach (var policy in policies)
        {
            if ((await authorization.AuthorizeAsync(principal, policy)).Succeeded)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the user exists, is not locked out and holds at least one role (a reader counts).</summary>
    public async Task<bool> HasAnyRoleAsync(string? user) =>
        (await PrincipalOfAsync(user)).Claims.Any(c => c.Type == ClaimTypes.Role);

    public async Task<bool> IsAdminAsync(string? user) => (await PrincipalOfAsync(user)).IsInRole(Roles.Admin);
}
