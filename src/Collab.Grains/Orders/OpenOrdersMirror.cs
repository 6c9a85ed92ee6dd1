using Collab.Contracts.Common;
using Collab.Contracts.Orders;

namespace Collab.Grains.Orders;

/// <summary>
/// A grain's copy of its site's open orders, brought up to date from the registry's changes
/// (<see cref="IOrderRegistryGrain.OpenChangesSinceAsync"/>) instead of reading every row each time (issue #17: the
/// ~12,000 rows of a large plant serialised across silos on every plan run, and the registry busy meanwhile). Used by
/// one grain activation; reads do not overlap (the grain's calls that read it are not interleaved).
/// </summary>
public sealed class OpenOrdersMirror
{
    private readonly Dictionary<string, OrderSummary> _rows = new(StringComparer.Ordinal);
    private ChangeCursor? _cursor;
    private IReadOnlyList<OrderSummary>? _sorted;

    /// <summary>The open orders in the registry's order (<see cref="OrderRegistryGrain.InListOrder"/>), as they are now.</summary>
    public async Task<IReadOnlyList<OrderSummary>> ReadAsync(IOrderRegistryGrain registry)
    {
        var changes = await registry.OpenChangesSinceAsync(_cursor);
        if (changes.Full)
        {
            _rows.Clear();
        }

        foreach (var row in changes.Rows)
        {
            if (row.Closed)
            {
                _rows.Remove(row.Ref.ToString());
            }
            else
            {
                _rows[row.Ref.ToString()] = row;
            }
        }

        foreach (var removed in changes.Removed)
        {
            _rows.Remove(removed.ToString());
        }

        _cursor = changes.Cursor;
        if (changes.Full || changes.Rows.Count > 0 || changes.Removed.Count > 0)
        {
            _sorted = null;
        }

        return _sorted ??= OrderRegistryGrain.InListOrder(_rows.Values);
    }
}
