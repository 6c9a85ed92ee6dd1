using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace Collab.Web.Services;

/// <summary>Thrown by UI services when the user lacks the policy of a mutating action.</summary>
public sealed class ForbiddenActionException(string policy)
    : Exception($"The action requires the '{policy}' policy.")
{
    public string Policy { get; } = policy;
}

public static class AuthorizationExtensions
{
    /// <summary>Services re-check the policy of every mutating action (defence in depth: the
    /// pages hide what the user may not do, and the endpoints carry the policy too).</summary>
    public static async Task RequireAsync(this IAuthorizationService authorization, ClaimsPrincipal user, string policy)
    {
        var result = await authorization.AuthorizeAsync(user, policy);
        if (!result.Succeeded)
        {
            throw new ForbiddenActionException(policy);
        }
    }
}
