using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Sites;
using Collab.Grains.Common;
using Orleans.Runtime;

namespace Collab.Grains.Sites;

public sealed class SiteGrain(
    [PersistentState("site")] IPersistentState<SiteState> state,
    TimeProvider clock) : ObjectGrain<SiteState>(state, clock), ISiteGrain
{
    protected override ObjectKind Kind => ObjectKind.Site;

    Task<SiteInfo> ISiteGrain.GetInfoAsync() => Task.FromResult(ToInfo());

    async Task<SiteInfo> ISiteGrain.RenameAsync(string name, long expectedVersion, string user)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        await ExecuteAsync(user, expectedVersion, "Site renommé", s =>
        {
            if (trimmed.Length is 0 or > 120)
            {
                throw new CommandRejectedException("Le nom du site est obligatoire (120 caractères au plus).");
            }

            var change = new FieldChange("Nom", s.Name, trimmed);
            s.Site = this.GetPrimaryKeyString();
            s.Name = trimmed;
            return [change];
        });
        return ToInfo();
    }

    private SiteInfo ToInfo()
    {
        var s = State;
        var code = this.GetPrimaryKeyString();
        return new SiteInfo(code, string.IsNullOrEmpty(s.Name) ? code : s.Name, s.Version, s.ModifiedBy, s.ModifiedAt);
    }
}

/// <summary>Persisted state: member names are schema (renaming needs a migration).</summary>
[GenerateSerializer, Alias("Collab.SiteState")]
public sealed class SiteState : ObjectState
{
    [Id(0)] public string Name { get; set; } = string.Empty;
}
