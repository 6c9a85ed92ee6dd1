using Collab.Domain.Ports;
using Collab.Web.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Collab.Web.Components.Pages.People;

public static class PeopleServiceCollectionExtensions
{
    /// <summary>
    /// People and roles: the user directory (login → display name, cached), roles re-read at every command
    /// (<see cref="FreshRoles"/>), and open tabs re-validated against the security stamp every
    /// <c>Collab:Security:RevalidateMinutes</c> minutes (also the sign-in cookie's validation interval).
    /// Call after the Identity and Razor components registrations.
    /// </summary>
    public static IServiceCollection AddPeople(this IServiceCollection services)
    {
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<IPeopleDirectory>(sp => sp.GetRequiredService<UserDirectory>());
        services.AddHostedService(sp => sp.GetRequiredService<UserDirectory>());
        services.AddSingleton<FreshRoles>();

        services.AddOptions<SecuritySettings>().BindConfiguration(SecuritySettings.Section);
        services.AddOptions<SecurityStampValidatorOptions>()
            .Configure<Microsoft.Extensions.Options.IOptions<SecuritySettings>>((o, s) => o.ValidationInterval = s.Value.RevalidateInterval);
        services.RemoveAll<AuthenticationStateProvider>();
        services.AddScoped<AuthenticationStateProvider, CollabRevalidatingAuthenticationStateProvider>();
        return services;
    }
}
