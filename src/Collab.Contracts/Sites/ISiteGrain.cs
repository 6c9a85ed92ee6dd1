namespace Collab.Contracts.Sites;

/// <summary>The plant ("site"): its name and settings. Key: site code, e.g. "DEMO".</summary>
[Alias("Collab.ISiteGrain")]
public interface ISiteGrain : IGrainWithStringKey, Collab.Contracts.Common.IHoldsActions
{
    [Alias("GetInfo")]
    Task<SiteInfo> GetInfoAsync();

    /// <summary>Renames the site. Refused with <see cref="VersionConflictException"/> when
    /// <paramref name="expectedVersion"/> is not the current version.</summary>
    [Alias("Rename")]
    Task<SiteInfo> RenameAsync(string name, long expectedVersion, string user);
}

[GenerateSerializer, Immutable, Alias("Collab.SiteInfo")]
public sealed record SiteInfo(
    [property: Id(0)] string Code,
    [property: Id(1)] string Name,
    [property: Id(2)] long Version,
    [property: Id(3)] string? ModifiedBy,
    [property: Id(4)] DateTimeOffset? ModifiedAt);
