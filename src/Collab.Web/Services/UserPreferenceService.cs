using Collab.Web.Hosting;
using Collab.Web.Identity;
using Microsoft.AspNetCore.Identity;

namespace Collab.Web.Services;

/// <summary>Per-user preferences stored on the user record (display language).</summary>
public sealed class UserPreferenceService(IServiceScopeFactory scopes)
{
    /// <summary>Stores <paramref name="culture"/> as the user's language. Returns false for an unsupported culture.</summary>
    public async Task<bool> SetCultureAsync(string userName, string culture)
    {
        if (CollabCultures.Normalize(culture) is not { } supported)
        {
            return false;
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CollabUser>>();
        if (await users.FindByNameAsync(userName) is not { } user)
        {
            return false;
        }

        user.PreferredCulture = supported;
        return (await users.UpdateAsync(user)).Succeeded;
    }
}
