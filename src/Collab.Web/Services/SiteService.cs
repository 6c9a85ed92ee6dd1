using System.Security.Claims;
using Collab.Contracts.Sites;
using Collab.Web.Identity;
using Microsoft.Extensions.Options;

namespace Collab.Web.Services;

/// <summary>Which plant this host shows. Configuration section <c>Collab:Site</c>.</summary>
public sealed class SiteOptions
{
    /// <summary>Site code = key of the site grain.</summary>
    public string Code { get; set; } = "DEMO";
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
