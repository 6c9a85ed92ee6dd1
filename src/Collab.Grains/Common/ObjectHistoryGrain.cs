using Collab.Contracts.Common;
using Orleans.Runtime;

namespace Collab.Grains.Common;

/// <summary>
/// One chunk (≤ <see cref="ObjectHistoryKeys.ChunkSize"/> entries) of an object's append-only history, key
/// "&lt;kind&gt;/&lt;object key&gt;/&lt;chunk&gt;". An edit of the object rewrites its small state, and every
/// <c>PendingHistoryBatch</c> edits this one chunk, never the whole history (issue #17 item 3). Activated on the silo of
/// its first caller, its object, so that the appends are local calls.
/// </summary>
[Orleans.Placement.PreferLocalPlacement]
public sealed class ObjectHistoryGrain(
    [PersistentState("history")] IPersistentState<ObjectHistoryChunkState> state) : Grain, IObjectHistoryGrain
{
    private long First => ObjectHistoryKeys.ChunkOf(this.GetPrimaryKeyString()) * ObjectHistoryKeys.ChunkSize;

    Task IObjectHistoryGrain.AppendAsync(long first, IReadOnlyList<HistoryEntry> entries)
    {
        var next = First + state.State.Entries.Count;
        var fresh = new List<HistoryEntry>();
        for (var i = 0; i < entries.Count; i++)
        {
            var position = first + i;
            if (position < next)
            {
                continue; // delivered again (the object retries its pending lines): already here
            }

            if (position != next + fresh.Count || position >= First + ObjectHistoryKeys.ChunkSize)
            {
                throw new InvalidOperationException(
                    $"History chunk {this.GetPrimaryKeyString()} expects position {next + fresh.Count}, got {position}.");
            }

            fresh.Add(entries[i]);
        }

        return fresh.Count == 0 ? Task.CompletedTask : state.SaveAsync(this, s => s.Entries.AddRange(fresh));
    }

    Task<IReadOnlyList<HistoryEntry>> IObjectHistoryGrain.GetAsync() => Task.FromResult<IReadOnlyList<HistoryEntry>>([.. state.State.Entries]);

    async Task IObjectHistoryGrain.ClearAsync()
    {
        if (state.RecordExists || state.State.Entries.Count > 0)
        {
            await state.ClearStateAsync();
            state.State = new ObjectHistoryChunkState();
        }

        DeactivateOnIdle();
    }
}

[GenerateSerializer, Alias("Collab.ObjectHistoryChunkState")]
public sealed class ObjectHistoryChunkState
{
    [Id(0)] public List<HistoryEntry> Entries { get; set; } = [];
}
