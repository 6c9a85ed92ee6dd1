using Collab.Contracts.Sites;
using Orleans.Runtime;

namespace Collab.Grains.Sites;

/// <summary>Document counters of a site (key: site code). A number is persisted before it is returned; never reused.</summary>
public sealed class SiteNumberingGrain(
    [PersistentState("numbering")] IPersistentState<SiteNumberingState> state) : Grain, ISiteNumberingGrain
{
    async Task<int> ISiteNumberingGrain.NextAsync(string counter, int floor)
    {
        var counters = state.State.Counters;
        var had = counters.TryGetValue(counter, out var previous);
        var n = Math.Max(previous, floor) + 1;
        counters[counter] = n;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            if (had)
            {
                counters[counter] = previous;
            }
            else
            {
                counters.Remove(counter);
            }

            throw;
        }

        return n;
    }
}

[GenerateSerializer, Alias("Collab.SiteNumberingState")]
public sealed class SiteNumberingState
{
    [Id(0)] public Dictionary<string, int> Counters { get; set; } = [];
}
