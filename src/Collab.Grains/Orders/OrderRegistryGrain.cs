using Collab.Contracts.Orders;
using Collab.Grains.Common;
using Orleans.Runtime;

namespace Collab.Grains.Orders;

/// <summary>Read model of all orders of a site, fed by the order grains after each persisted change.</summary>
public sealed class OrderRegistryGrain(
    [PersistentState("orders")] IPersistentState<OrderRegistryState> state) : Grain, IOrderRegistryGrain
{
    Task IOrderRegistryGrain.UpsertAsync(OrderSummary summary) =>
        state.SaveIfChangedAsync(this, s => ReadModel.UpsertNewer(s.Orders, summary.Ref.ToString(), summary, o => o.Version));

    async Task IOrderRegistryGrain.UpsertManyAsync(IReadOnlyList<OrderSummary> summaries)
    {
        foreach (var summary in summaries)
        {
            var key = summary.Ref.ToString();
            if (!state.State.Orders.TryGetValue(key, out var known) || known.Version <= summary.Version)
            {
                state.State.Orders[key] = summary;
            }
        }

        await WriteAsync();
    }

    async Task IOrderRegistryGrain.RemoveAsync(Collab.Contracts.Common.ObjectRef order)
    {
        if (state.State.Orders.Remove(order.ToString()))
        {
            await WriteAsync();
        }
    }

    private async Task WriteAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            await state.ReadStateAsync();
            throw;
        }
    }

    Task<IReadOnlyList<OrderSummary>> IOrderRegistryGrain.QueryAsync(OrderQuery query)
    {
        IEnumerable<OrderSummary> q = state.State.Orders.Values;
        if (query.Kind is { } kind)
        {
            q = q.Where(o => o.Ref.Kind == kind);
        }

        if (query.OpenOnly)
        {
            q = q.Where(o => !o.Closed);
        }

        if (query.Item is { } item)
        {
            q = q.Where(o => o.Lines.Any(l => l.Item == item));
        }

        if (query.Party is { } party)
        {
            q = q.Where(o => o.Party == party);
        }

        return Task.FromResult<IReadOnlyList<OrderSummary>>(q.OrderBy(o => o.DueDate).ThenBy(o => o.Number, StringComparer.Ordinal).ToList());
    }

    Task<OrderPage> IOrderRegistryGrain.QueryPageAsync(OrderPageQuery query) =>
        Task.FromResult(OrderListQuery.Run(state.State.Orders.Values, query));

    Task<int> IOrderRegistryGrain.CountAsync() => Task.FromResult(state.State.Orders.Count);
}

[GenerateSerializer, Alias("Collab.OrderRegistryState")]
public sealed class OrderRegistryState
{
    [Id(0)] public Dictionary<string, OrderSummary> Orders { get; set; } = [];
}
