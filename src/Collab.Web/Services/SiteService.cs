using System.Security.Claims;
using Collab.Contracts.Sites;
using Collab.Web.Identity;
using Microsoft.Extensions.Options;

namespace Collab.Web.Services;

/// <summary>Which plant this host shows: <c>Collab:Site:Code</c> (default <c>DEMO</c>). The one reading of the
/// setting: pages, services, mail, kiosk and plan all use <see cref="CodeOf"/> (or this options object bound
/// with it); the older spelling <c>Collab:Site=LYON</c> is read as the code too.</summary>
public sealed class SiteOptions
{
    public const string DefaultCode = "DEMO";

    /// <summary>Site code = key of the site grain.</summary>
    public string Code { get; set; } = DefaultCode;

    /// <summary>The configured site code.</summary>
    public static string CodeOf(IConfiguration configuration)
    {
        var section = configuration.GetSection("Collab:Site");
        var code = section["Code"] is { Length: > 0 } nested ? nested : section.Value;
        return string.IsNullOrWhiteSpace(code) ? DefaultCode : code.Trim();
    }
}

/// <summary>UI façade over <see cref="ISiteGrain"/>.</summary>
public sealed class SiteService(IGrainFactory grains, FreshRoles authorization, IOptions<SiteOptions> options)
{
    public string SiteCode => options.Value.Code;

    public Task<SiteInfo> GetAsync() => grains.GetGrain<ISiteGrain>(SiteCode).GetInfoAsync();

    /// <summary>Renames the site; requires <see cref="Policies.CanAdminister"/>.</summary>
    public async Task<SiteInfo> RenameAsync(ClaimsPrincipal user, string name, long expectedVersion)
    {
        await authorization.RequireAsync(user, Policies.CanAdminister);
        return await grains.GetGrain<ISiteGrain>(SiteCode).RenameAsync(name, expectedVersion, user.Identity?.Name ?? "?");
    }
}
