using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Storage;

namespace Collab.Benchmarks;

/// <summary>
/// The silo's default grain storage wrapped by a counter: every state write is counted, and the states named by
/// <c>sized</c> are also serialised with the application's storage serializer to measure the bytes written (sizing
/// costs a serialisation, so a benchmark timing big writes sizes only what it reports). One wrapper per process.
/// </summary>
internal sealed class CountingStorage(IGrainStorage inner, IGrainStorageSerializer serializer, Func<string, bool> sized) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>
    /// Cluster mode registers its default storage with <c>AddGrainStorage</c>, which makes the storage under that name a
    /// silo lifecycle participant: the wrapper takes that place and does nothing, the inner storage takes part in the
    /// lifecycle under its own name.
    /// </summary>
    public void Participate(ISiloLifecycle lifecycle)
    {
    }

    private static long _bytes;
    private static int _writes;

    /// <summary>Bytes (of sized states) and writes (all) so far.</summary>
    public static (long Bytes, int Writes) Totals => (Interlocked.Read(ref _bytes), Volatile.Read(ref _writes));

    /// <summary>The largest sized write per state name.</summary>
    public static ConcurrentDictionary<string, long> Largest { get; } = new();

    /// <summary>Makes the storage registered under <paramref name="innerName"/> the counted default storage.</summary>
    public static void Wrap(ISiloBuilder silo, string innerName, Func<string, bool>? sized = null)
    {
        silo.Services.AddKeyedSingleton<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME,
            (sp, _) => new CountingStorage(sp.GetRequiredKeyedService<IGrainStorage>(innerName), sp.GetRequiredService<IGrainStorageSerializer>(), sized ?? (_ => true)));
        silo.Services.AddSingleton<IGrainStorage>(sp => sp.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME));
    }

    public static long Size<T>(IGrainStorageSerializer serializer, T value) => serializer.Serialize(value).ToArray().LongLength;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Interlocked.Increment(ref _writes);
        if (sized(stateName))
        {
            var size = Size(serializer, grainState.State);
            Interlocked.Add(ref _bytes, size);
            Largest.AddOrUpdate(stateName, size, (_, old) => Math.Max(old, size));
        }

        return inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);
}
