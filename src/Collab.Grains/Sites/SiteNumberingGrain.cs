using Collab.Contracts.Sites;
using Collab.Grains.Common;
using Orleans.Runtime;

namespace Collab.Grains.Sites;

/// <summary>Document counters of a site (key: site code). A number is persisted before it is returned; never reused.</summary>
public sealed class SiteNumberingGrain(
    [PersistentState("numbering")] IPersistentState<SiteNumberingState> state) : Grain, ISiteNumberingGrain
{
    Task<int> ISiteNumberingGrain.NextAsync(string counter, int floor) =>
        state.SaveAsync(this, s => s.Counters[counter] = Math.Max(s.Counters.GetValueOrDefault(counter), floor) + 1);
}

[GenerateSerializer, Alias("Collab.SiteNumberingState")]
public sealed class SiteNumberingState
{
    [Id(0)] public Dictionary<string, int> Counters { get; set; } = [];
}
