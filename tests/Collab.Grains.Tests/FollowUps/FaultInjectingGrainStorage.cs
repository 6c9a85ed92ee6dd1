using System.Collections.Concurrent;
using Orleans.Storage;

namespace Collab.Grains.Tests.FollowUps;

/// <summary>
/// The test silo's default storage: memory storage whose writes fail on demand for chosen grains (a write that the
/// database refused), to check that a grain restores its in-memory state when its write fails.
/// </summary>
public sealed class FaultInjectingGrainStorage(IGrainStorage inner) : IGrainStorage
{
    private static readonly ConcurrentDictionary<GrainId, int> Failing = new();
    private static readonly ConcurrentDictionary<GrainId, int> Writes = new();

    /// <summary>Writes attempted for <paramref name="grain"/> since the silo started.</summary>
    public static int WritesOf(GrainId grain) => Writes.GetValueOrDefault(grain);

    /// <summary>The next <paramref name="count"/> writes of <paramref name="grain"/> throw.</summary>
    public static void FailNextWrites(GrainId grain, int count = 1) => Failing[grain] = count;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Writes.AddOrUpdate(grainId, 1, (_, n) => n + 1);
        if (Failing.TryGetValue(grainId, out var left) && left > 0)
        {
            Failing[grainId] = left - 1;
            throw new InvalidOperationException($"Injected storage failure writing {stateName} of {grainId}.");
        }

        return inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);
}
