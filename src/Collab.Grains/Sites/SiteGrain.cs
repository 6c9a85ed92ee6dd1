using Orleans.Runtime;
using Collab.Contracts;
using Collab.Contracts.Sites;

namespace Collab.Grains.Sites;

public sealed class SiteGrain(
    [PersistentState("site")] IPersistentState<SiteState> state,
    TimeProvider clock) : Grain, ISiteGrain
{
    Task<SiteInfo> ISiteGrain.GetInfoAsync() => Task.FromResult(ToInfo());

    async Task<SiteInfo> ISiteGrain.RenameAsync(string name, long expectedVersion, string user)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Length is 0 or > 120)
        {
            throw new CommandRejectedException("Le nom du site est obligatoire (120 caractères au plus).");
        }

        var s = state.State;
        if (expectedVersion != s.Version)
        {
            throw new VersionConflictException(expectedVersion, s.Version, s.ModifiedBy, s.ModifiedAt);
        }

        var before = (s.Name, s.Version, s.ModifiedBy, s.ModifiedAt);
        s.Name = trimmed;
        s.Version++;
        s.ModifiedBy = user;
        s.ModifiedAt = clock.GetUtcNow();
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory must stay equal to storage when the write fails.
            (s.Name, s.Version, s.ModifiedBy, s.ModifiedAt) = before;
            throw;
        }

        return ToInfo();
    }

    private SiteInfo ToInfo()
    {
        var s = state.State;
        return new SiteInfo(this.GetPrimaryKeyString(), string.IsNullOrEmpty(s.Name) ? this.GetPrimaryKeyString() : s.Name, s.Version, s.ModifiedBy, s.ModifiedAt);
    }
}

/// <summary>Persisted state: member names are schema (renaming needs a migration).</summary>
[GenerateSerializer, Alias("Collab.SiteState")]
public sealed class SiteState
{
    [Id(0)] public string Name { get; set; } = string.Empty;
    [Id(1)] public long Version { get; set; }
    [Id(2)] public string? ModifiedBy { get; set; }
    [Id(3)] public DateTimeOffset? ModifiedAt { get; set; }
}
