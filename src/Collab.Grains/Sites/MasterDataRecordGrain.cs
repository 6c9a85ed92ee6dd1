using Collab.Contracts.Common;
using Collab.Contracts.Sites;
using Collab.Grains.Common;
using Orleans.Runtime;

namespace Collab.Grains.Sites;

/// <summary>History of one master-data record (key "SITE/Kind:Code") and, for "Stock:ITEM", its stock journal.</summary>
public sealed class MasterDataRecordGrain(
    [PersistentState("mdrecord")] IPersistentState<MasterDataRecordState> state) : Grain, IMasterDataRecordGrain
{
    Task<IReadOnlyList<HistoryEntry>> IMasterDataRecordGrain.GetHistoryAsync() => Task.FromResult<IReadOnlyList<HistoryEntry>>([.. state.State.History]);

    Task<IReadOnlyList<StockMovement>> IMasterDataRecordGrain.GetMovementsAsync() => Task.FromResult<IReadOnlyList<StockMovement>>([.. state.State.Movements]);

    Task IMasterDataRecordGrain.AppendAsync(HistoryEntry entry, StockMovement? movement)
    {
        if (state.State.History.Count > 0 && state.State.History[^1].Version >= entry.Version)
        {
            return Task.CompletedTask; // a pending line delivered again (the site grain retries after a failure or a crash): already here
        }

        return state.SaveAsync(this, s =>
        {
            s.History.Add(entry);
            if (movement is not null)
            {
                s.Movements.Add(movement);
            }
        });
    }
}

[GenerateSerializer, Alias("Collab.MasterDataRecordState")]
public sealed class MasterDataRecordState
{
    [Id(0)] public List<HistoryEntry> History { get; set; } = [];
    [Id(1)] public List<StockMovement> Movements { get; set; } = [];
}
