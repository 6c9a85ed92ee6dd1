namespace Collab.Contracts.Sites;

/// <summary>The plant ("site"): name, master data, settings, document numbering. Key: site code, e.g. "DEMO".</summary>
[Alias("Collab.ISiteGrain")]
public interface ISiteGrain : IGrainWithStringKey, Collab.Contracts.Common.IHoldsActions, Collab.Contracts.Common.IHasHistory
{
    [Alias("GetInfo")]
    Task<SiteInfo> GetInfoAsync();

    /// <summary>The site's append-only history (master-data imports and changes, with their origin).</summary>
    [Alias("GetSiteHistory")]
    Task<IReadOnlyList<Collab.Contracts.Common.HistoryEntry>> GetHistoryAsync();

    /// <summary>Renames the site. Refused with <see cref="VersionConflictException"/> when
    /// <paramref name="expectedVersion"/> is not the current version.</summary>
    [Alias("Rename")]
    Task<SiteInfo> RenameAsync(string name, long expectedVersion, string user);

    [Alias("GetMasterData")]
    Task<MasterDataSet> GetMasterDataAsync();

    /// <summary>Changes whenever the master data served by <see cref="GetMasterDataAsync"/> changes (any record, stock,
    /// workstation calendars): readers that keep a copy (the schedule grain) fetch it again only then.</summary>
    [Alias("GetDataStamp")]
    Task<string> GetDataStampAsync();

    /// <summary>Replaces all master data after validating it (unknown items in BOM/routings, negative quantities, BOM cycles…).</summary>
    [Alias("ImportMasterData")]
    Task<SiteInfo> ImportMasterDataAsync(MasterDataSet data, long expectedVersion, string user);

    /// <summary>Version and last writer of one record (key from <see cref="MasterDataKeys"/>); version 0 when it does not exist.</summary>
    [Alias("GetStamp")]
    Task<MasterDataStamp> GetStampAsync(string key);

    /// <summary>Replaces the component lines of <paramref name="parent"/> (expected version: the "Bom:PARENT" record's).</summary>
    [Alias("SetBom")]
    Task<MasterDataStamp> SetBomAsync(string parent, IReadOnlyList<BomLineData> lines, long expectedVersion, string user);

    /// <summary>Replaces the operations of <paramref name="item"/>'s routing (expected version: the "Routing:ITEM" record's).</summary>
    [Alias("SetRouting")]
    Task<MasterDataStamp> SetRoutingAsync(string item, IReadOnlyList<RoutingOperationData> operations, long expectedVersion, string user);

    /// <summary>Removes an item with its own BOM and routing; refused (StillUsed) when a BOM, a forecast, stock or one of <paramref name="openOrders"/> uses it.</summary>
    [Alias("RetireItem")]
    Task RetireItemAsync(string code, IReadOnlyList<string> openOrders, long expectedVersion, string user);

    /// <summary>Records a stock movement in the item's journal and sets on hand accordingly (expected version: the "Stock:ITEM" record's).</summary>
    [Alias("RecordStockMovement")]
    Task<MasterDataStamp> RecordStockMovementAsync(string item, StockMovementKind kind, double qty, string reason, long expectedVersion, string user);

    /// <summary>Adds or replaces one item. Record edits (items, suppliers, customers, stock, forecasts, BOMs, routings)
    /// check the version of their own record (<see cref="GetStampAsync"/>), not the site's: two people editing two items never conflict.</summary>
    [Alias("UpsertItem")]
    Task<SiteInfo> UpsertItemAsync(ItemData item, long expectedVersion, string user);

    [Alias("UpsertSupplier")]
    Task<SiteInfo> UpsertSupplierAsync(SupplierData supplier, long expectedVersion, string user);

    [Alias("UpsertCustomer")]
    Task<SiteInfo> UpsertCustomerAsync(CustomerData customer, long expectedVersion, string user);

    /// <summary>Sets the on-hand stock of an item (stock count).</summary>
    [Alias("SetStock")]
    Task<SiteInfo> SetStockAsync(string item, double onHand, long expectedVersion, string user);

    /// <summary>Replaces the forecasts of one item or family.</summary>
    [Alias("SetForecasts")]
    Task<SiteInfo> SetForecastsAsync(string code, IReadOnlyList<ForecastData> forecasts, long expectedVersion, string user);

    /// <summary>Called by the workstation grain when its calendar was edited (keeps the planning master data in step; no version check).</summary>
    [Alias("SyncWorkstation")]
    Task SyncWorkstationAsync(WorkstationData workstation, string user);

    [Alias("GetSettings")]
    Task<SiteSettings> GetSettingsAsync();

    [Alias("UpdateSettings")]
    Task<SiteInfo> UpdateSettingsAsync(SiteSettings settings, long expectedVersion, string user);

    /// <summary>Hands out the next document number of <paramref name="kind"/> (persisted before it is returned; never reused).</summary>
    [Alias("NextNumber")]
    Task<string> NextNumberAsync(NumberKind kind, DateOnly day, string user);

    /// <summary>
    /// Replaces the master data with a version changed by another object (an improvement project applying its
    /// parameter changes): validated, history line naming <paramref name="origin"/> with <paramref name="changes"/>.
    /// </summary>
    [Alias("ApplyChangeFrom")]
    Task<SiteInfo> ApplyProjectChangeAsync(MasterDataSet data, Collab.Contracts.Common.ObjectRef origin, IReadOnlyList<Collab.Contracts.Common.FieldChange> changes, long expectedVersion, string user);
}

[GenerateSerializer, Immutable, Alias("Collab.SiteInfo")]
public sealed record SiteInfo(
    [property: Id(0)] string Code,
    [property: Id(1)] string Name,
    [property: Id(2)] long Version,
    [property: Id(3)] string? ModifiedBy,
    [property: Id(4)] DateTimeOffset? ModifiedAt,
    [property: Id(5)] int ItemCount = 0,
    [property: Id(6)] int WorkstationCount = 0);
