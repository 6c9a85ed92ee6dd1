using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Collab.Web.Identity;

/// <summary>Adds the display name to the sign-in cookie so the header needs no database call.</summary>
public sealed class CollabClaimsPrincipalFactory(
    UserManager<CollabUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<CollabUser, IdentityRole>(users, roles, options)
{
    public const string DisplayNameClaim = "collab:display_name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(CollabUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DisplayNameClaim, string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName ?? string.Empty : user.DisplayName));
        return identity;
    }
}
