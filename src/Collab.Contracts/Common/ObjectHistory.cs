namespace Collab.Contracts.Common;

/// <summary>
/// One page of an object's history, newest first, and how many entries the object has in all (issue #17 item 3:
/// histories live outside the object's state and are read a page at a time).
/// </summary>
[GenerateSerializer, Immutable, Alias("Collab.HistoryPage")]
public sealed record HistoryPage(
    [property: Id(0)] IReadOnlyList<HistoryEntry> Entries,
    [property: Id(1)] long Total);

/// <summary>An object whose history can be read a page at a time (orders, projects, meetings, workstations, site).</summary>
public interface IHasHistory
{
    /// <summary>Entries newest first: <paramref name="skip"/> newest skipped, at most <paramref name="take"/> returned.</summary>
    [Alias("GetHistoryPage")]
    Task<HistoryPage> GetHistoryPageAsync(int skip, int take);
}

/// <summary>
/// One chunk of an object's append-only history: entries <c>chunk × ChunkSize</c> to <c>(chunk + 1) × ChunkSize − 1</c>
/// by position (0 = the object's first entry). Key <c>"&lt;kind&gt;/&lt;object key&gt;/&lt;chunk&gt;"</c>
/// (<see cref="ObjectHistoryKeys.Chunk"/>). Only the object's grain writes it.
/// </summary>
public interface IObjectHistoryGrain : IGrainWithStringKey
{
    /// <summary>
    /// Appends entries whose first has position <paramref name="first"/>. Idempotent: positions already stored are
    /// skipped (an object re-delivers its pending lines after a crash or a failed append); a gap is refused.
    /// </summary>
    [Alias("Append")]
    Task AppendAsync(long first, IReadOnlyList<HistoryEntry> entries);

    /// <summary>The chunk's entries, oldest first.</summary>
    [Alias("Get")]
    Task<IReadOnlyList<HistoryEntry>> GetAsync();

    /// <summary>Deletes the chunk (the object was discarded).</summary>
    [Alias("Clear")]
    Task ClearAsync();
}

public static class ObjectHistoryKeys
{
    /// <summary>Entries per chunk: a chunk of typical entries (~250 bytes) stays far below 64 KB.</summary>
    public const int ChunkSize = 100;

    public static string Chunk(string objectName, long chunk) =>
        $"{objectName}/{chunk.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>The chunk number in a chunk grain's key (its last segment).</summary>
    public static long ChunkOf(string chunkKey) =>
        long.Parse(chunkKey[(chunkKey.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}
