using Collab.Contracts.Common;

namespace Collab.Contracts.Sites;

/// <summary>
/// Keys of master-data records. A record is what one edit replaces and what carries a version: an item, the BOM of a
/// parent (all its component lines), the routing of an item (all its operations), a workstation, a supplier, a
/// customer, the forecasts of an item or family, the stock of an item. Key = "Kind:Code" (family forecasts "Forecast:F:Code").
/// </summary>
public static class MasterDataKeys
{
    public const string Item = "Item";
    public const string Bom = "Bom";
    public const string Routing = "Routing";
    public const string Workstation = "Workstation";
    public const string Supplier = "Supplier";
    public const string Customer = "Customer";
    public const string Forecast = "Forecast";
    public const string Stock = "Stock";

    /// <summary>Number of shard grains per site ("SITE/000" … "SITE/255"): about 40 items each on a 10,000-item plant.</summary>
    public const int ShardCount = 256;

    public static string Of(ItemData x) => $"{Item}:{x.Code}";
    public static string Of(BomLineData x) => $"{Bom}:{x.Parent}";
    public static string Of(RoutingOperationData x) => $"{Routing}:{x.Item}";
    public static string Of(WorkstationData x) => $"{Workstation}:{x.Code}";
    public static string Of(SupplierData x) => $"{Supplier}:{x.Code}";
    public static string Of(CustomerData x) => $"{Customer}:{x.Code}";
    public static string Of(ForecastData x) => ForecastOf(x.Code, x.IsFamily);
    public static string Of(StockData x) => $"{Stock}:{x.Item}";
    public static string ForecastOf(string code, bool family) => family ? $"{Forecast}:F:{code}" : $"{Forecast}:{code}";

    /// <summary>The code a record is filed under (an item's BOM, routing, stock and forecasts share its shard).</summary>
    public static string CodeOf(string key)
    {
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        var code = key[(colon + 1)..];
        return code.StartsWith("F:", StringComparison.Ordinal) ? code[2..] : code;
    }

    /// <summary>Shard number of a record: FNV-1a of its code (stable across processes and versions).</summary>
    public static int ShardOf(string key)
    {
        var code = CodeOf(key);
        uint hash = 2166136261;
        foreach (var c in code)
        {
            hash = (hash ^ c) * 16777619;
        }

        return (int)(hash % ShardCount);
    }

    public static string ShardGrainKey(string site, int shard) => $"{site}/{shard:000}";

    public static string RecordGrainKey(string site, string key) => $"{site}/{key}";
}

/// <summary>Version and last writer of one master-data record ("Modifié par X à HH:MM"). Version 0 = does not exist yet.</summary>
[GenerateSerializer, Immutable, Alias("Collab.MasterDataStamp")]
public sealed record MasterDataStamp(
    [property: Id(0)] string Key,
    [property: Id(1)] long Version,
    [property: Id(2)] string? ModifiedBy,
    [property: Id(3)] DateTimeOffset? ModifiedAt)
{
    public static MasterDataStamp New(string key) => new(key, 0, null, null);
}

/// <summary>A stale master-data edit: the record changed since it was read. Nothing was stored.</summary>
[GenerateSerializer, Alias("Collab.MasterDataConflictException")]
public sealed class MasterDataConflictException(MasterDataStamp current, long expected, IReadOnlyList<FieldChange> changes)
    : Exception($"{current.Key}: version {expected} expected, {current.Version} stored (by {current.ModifiedBy} at {current.ModifiedAt:O})")
{
    [Id(0)] public MasterDataStamp Current { get; private set; } = current;
    [Id(1)] public long Expected { get; private set; } = expected;
    /// <summary>What the other person changed (the last history entry of the record).</summary>
    [Id(2)] public IReadOnlyList<FieldChange> Changes { get; private set; } = changes;
}

/// <summary>The rows of one shard (a slice of the site's <see cref="MasterDataSet"/>) and the stamps of its records.</summary>
[GenerateSerializer, Immutable, Alias("Collab.MasterDataShard")]
public sealed record MasterDataShard(
    [property: Id(0)] MasterDataSet Data,
    [property: Id(1)] IReadOnlyList<MasterDataStamp> Stamps,
    [property: Id(2)] IReadOnlyList<PendingHistory>? Pending = null);

/// <summary>
/// A record's history line (and stock movement) written in the shard together with the rows it describes, before it
/// is appended to the record grain: a crash or a failed write between the two loses nothing (the site grain delivers
/// pending lines again on its next edit or activation; the record grain ignores a version it already holds).
/// </summary>
[GenerateSerializer, Immutable, Alias("Collab.PendingHistory")]
public sealed record PendingHistory(
    [property: Id(0)] string Key,
    [property: Id(1)] HistoryEntry Entry,
    [property: Id(2)] StockMovement? Movement);

/// <summary>
/// One shard of a site's master data, key "SITE/nnn". Written by the site grain only (which validates the whole set
/// first); an edit rewrites one shard (about 1/256 of the plant), never the whole plant.
/// </summary>
[Alias("Collab.IMasterDataShardGrain")]
public interface IMasterDataShardGrain : IGrainWithStringKey
{
    [Alias("Get")]
    Task<MasterDataShard> GetAsync();

    /// <summary>Replaces every row of the records <paramref name="keys"/> by the rows of <paramref name="rows"/> that belong to them, and sets their stamps,
    /// in the same write as <paramref name="pending"/>: the history lines not yet appended to their record grains (replaces the shard's pending list).</summary>
    [Alias("Replace")]
    Task ReplaceAsync(IReadOnlyList<string> keys, MasterDataSet rows, IReadOnlyList<MasterDataStamp> stamps, IReadOnlyList<PendingHistory> pending);

    /// <summary>Replaces the whole shard (import, migration).</summary>
    [Alias("Set")]
    Task SetAsync(MasterDataShard shard);
}

/// <summary>Kinds of stock movement: count (inventaire, sets on hand), receipt (entrée), issue (sortie), scrap (rebut).</summary>
public enum StockMovementKind
{
    Count = 0,
    Receipt = 1,
    Issue = 2,
    Scrap = 3,
}

/// <summary>One line of an item's stock journal. <see cref="Delta"/> is what it changed on hand (a count stores the difference found).</summary>
[GenerateSerializer, Immutable, Alias("Collab.StockMovement")]
public sealed record StockMovement(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string User,
    [property: Id(2)] StockMovementKind Kind,
    [property: Id(3)] double Qty,
    [property: Id(4)] double Delta,
    [property: Id(5)] double OnHandAfter,
    [property: Id(6)] string Reason);

/// <summary>
/// History of one master-data record (key "SITE/Kind:Code"), and for "Stock:ITEM" the stock journal. Small and
/// append-only: an edit writes the record's own history, not the plant's.
/// </summary>
[Alias("Collab.IMasterDataRecordGrain")]
public interface IMasterDataRecordGrain : IGrainWithStringKey
{
    [Alias("GetHistory")]
    Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync();

    /// <summary>Appends a history line (and stock movement). Idempotent: a version already held is ignored (pending lines are delivered again after a failure).</summary>
    [Alias("Append")]
    Task AppendAsync(HistoryEntry entry, StockMovement? movement);

    [Alias("GetMovements")]
    Task<IReadOnlyList<StockMovement>> GetMovementsAsync();
}

/// <summary>Document numbering of a site (key: site code). Apart from the site so that numbering never touches the site's version.</summary>
[Alias("Collab.ISiteNumberingGrain")]
public interface ISiteNumberingGrain : IGrainWithStringKey
{
    /// <summary>Next value of <paramref name="counter"/>, at least <paramref name="floor"/> + 1 (counters carried over from the site state).</summary>
    [Alias("Next")]
    Task<int> NextAsync(string counter, int floor);
}
