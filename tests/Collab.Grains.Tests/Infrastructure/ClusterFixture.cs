using Collab.Contracts.Common;
using Collab.Infrastructure.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Collab.Grains.Tests.Infrastructure;

/// <summary>
/// Two in-process silos with in-memory storage (through Collab's JSON state serializer, as in
/// production) wrapped by a switch that can make writes fail, and a fake clock. Shared by every test of the "cluster" collection.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 8, 30, 0, TimeSpan.Zero));

    public StorageFaults Faults { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddCollabSerialization();
            silo.AddMemoryGrainStorage("inner");
            silo.Services.AddSingleton<TimeProvider>(Clock);
            silo.Services.AddSingleton(Faults);
            silo.Services.AddKeyedSingleton<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME,
                (sp, _) => new FaultyStorage(sp.GetRequiredKeyedService<IGrainStorage>("inner"), sp.GetRequiredService<StorageFaults>(), sp.GetRequiredService<IGrainStorageSerializer>()));
            silo.Services.AddSingleton<IGrainStorage>(sp => sp.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME));
        });
        builder.ConfigureClient(client => client.Services.AddCollabSerialization());
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }
}

[CollectionDefinition("cluster")]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>;

/// <summary>Switch shared by all silos of the fixture: when armed, the next writes of matching grains fail.</summary>
public sealed class StorageFaults
{
    private volatile string? _failWritesOfKey;

    public void FailWritesOf(string grainKey) => _failWritesOfKey = grainKey;

    public void Heal() => _failWritesOfKey = null;

    public bool ShouldFail(GrainId id) => _failWritesOfKey is { } key && id.Key.ToString() == key;

    private volatile StorageMeter? _meter;

    /// <summary>Records every state written (grain key, state name, serialized bytes) until the result is disposed.</summary>
    public StorageMeter Measure() => _meter = new StorageMeter(() => _meter = null);

    internal StorageMeter? Meter => _meter;
}

/// <summary>States written while measuring, with their size as the application's serializer stores them.</summary>
public sealed class StorageMeter(Action stop) : IDisposable
{
    public System.Collections.Concurrent.ConcurrentQueue<(string Key, string State, long Bytes)> Writes { get; } = new();

    public long Bytes => Writes.Sum(w => w.Bytes);

    public void Dispose() => stop();
}

internal sealed class FaultyStorage(IGrainStorage inner, StorageFaults faults, IGrainStorageSerializer serializer) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (faults.ShouldFail(grainId))
        {
            return Task.FromException(new IOException("Injected storage fault"));
        }

        faults.Meter?.Writes.Enqueue((grainId.Key.ToString()!, stateName, serializer.Serialize(grainState.State).ToArray().LongLength));
        return inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}

/// <summary>Collects change events delivered to an observer; tests await the one they expect.</summary>
public sealed class ChangeRecorder : IChangeObserver
{
    private readonly List<ChangeEvent> _events = [];
    private readonly List<(Func<ChangeEvent, bool> Match, TaskCompletionSource<ChangeEvent> Done)> _waiters = [];

    public Task OnChangedAsync(ChangeEvent change)
    {
        lock (_events)
        {
            _events.Add(change);
            foreach (var w in _waiters.Where(w => w.Match(change)).ToList())
            {
                w.Done.TrySetResult(change);
                _waiters.Remove(w);
            }
        }

        return Task.CompletedTask;
    }

    public Task<ChangeEvent> WaitForAsync(Func<ChangeEvent, bool> match)
    {
        lock (_events)
        {
            var seen = _events.FirstOrDefault(match);
            if (seen is not null)
            {
                return Task.FromResult(seen);
            }

            var tcs = new TaskCompletionSource<ChangeEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, tcs));
            return tcs.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }
}
