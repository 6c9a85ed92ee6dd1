using Collab.Contracts.Orders;
using Collab.Grains.Common;
using Orleans.Runtime;

namespace Collab.Grains.Orders;

/// <summary>Read model of all orders of a site, fed by the order grains after each persisted change.</summary>
public sealed class OrderRegistryGrain(
    [PersistentState("orders")] IPersistentState<OrderRegistryState> state) : Grain, IOrderRegistryGrain
{
    Task IOrderRegistryGrain.UpsertAsync(OrderSummary summary) =>
        state.SaveIfChangedAsync(this, s =>
        {
            var key = summary.Ref.ToString();
            var before = s.Orders.GetValueOrDefault(key);
            // The same row again (e.g. the schedule's write-back to an MO, which the list row does not show): no write.
            if ((before is not null && before with { Lines = summary.Lines } == summary && before.Lines.SequenceEqual(summary.Lines))
                || !ReadModel.UpsertNewer(s.Orders, key, summary, o => o.Version))
            {
                return false;
            }

            StampSupply(s, before, summary);
            return true;
        });

    Task<long> IOrderRegistryGrain.GetSupplyStampAsync() => Task.FromResult(state.State.SupplyStamp);

    /// <summary>Bumps <see cref="OrderRegistryState.SupplyStamp"/> when the schedule would see the change.</summary>
    private static void StampSupply(OrderRegistryState s, OrderSummary? before, OrderSummary? after)
    {
        var same = before is not null && after is not null && before.Closed == after.Closed && before.DueDate == after.DueDate
            && before.Firm == after.Firm && before.Lines.SequenceEqual(after.Lines);
        if (!same)
        {
            s.SupplyStamp++;
        }
    }

    Task IOrderRegistryGrain.UpsertManyAsync(IReadOnlyList<OrderSummary> summaries) =>
        state.SaveAsync(this, s =>
        {
            foreach (var summary in summaries)
            {
                var key = summary.Ref.ToString();
                if (!s.Orders.TryGetValue(key, out var known) || known.Version <= summary.Version)
                {
                    s.Orders[key] = summary;
                    StampSupply(s, known, summary);
                }
            }
        });

    Task IOrderRegistryGrain.RemoveAsync(Collab.Contracts.Common.ObjectRef order) =>
        state.SaveIfChangedAsync(this, s =>
        {
            if (!s.Orders.Remove(order.ToString()))
            {
                return false;
            }

            s.SupplyStamp++;
            return true;
        });

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
    /// <summary>See <see cref="IOrderRegistryGrain.GetSupplyStampAsync"/>.</summary>
    [Id(1)] public long SupplyStamp { get; set; }
}
