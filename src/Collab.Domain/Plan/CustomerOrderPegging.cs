using Collab.Planning.Mrp;

namespace Collab.Domain.Plan;

/// <summary>
/// The customer orders that depend on the scheduled receipts of a run, for all receipts in one pass (issue #17): the
/// same sets as <see cref="PlanComputation.CustomerOrdersDependingOn"/> per receipt, but each planned order's customer
/// orders are computed once (a sorted set of order ids, memoised), not its full pegging with quantities per demand
/// line, and no string is built or sorted per receipt. Full pegging shares a parent order's pegs with every supply
/// linked to it, so which customer demands a supply serves is reachability along the pegging links; quantities do
/// not matter for the set.
/// </summary>
public sealed class CustomerOrderPegging
{
    private readonly MrpResult _mrp;
    private readonly MrpPegging _pegging;
    private readonly string[] _numbers;
    private readonly int[] _demandOrder;
    private readonly int[]?[] _ofPlanned;
    private readonly ILookup<int, MrpException> _rescheduleIn;
    private readonly int[] _seen;
    private int _stamp;

    public CustomerOrderPegging(MrpResult mrp)
    {
        _mrp = mrp;
        _pegging = mrp.Pegging;
        var demands = mrp.Input.Demands;
        var orderOf = new string?[demands.Count];
        for (var k = 0; k < demands.Count; k++)
        {
            var id = demands[k].Id;
            orderOf[k] = id is null || id.StartsWith("FC-", StringComparison.Ordinal) ? null : PlanComputation.OrderOf(id);
        }

        // Ids in ordinal order of the numbers: a sorted id list is the sorted number list.
        _numbers = [.. orderOf.OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        var idOf = new Dictionary<string, int>(_numbers.Length, StringComparer.Ordinal);
        for (var n = 0; n < _numbers.Length; n++)
        {
            idOf[_numbers[n]] = n;
        }

        _demandOrder = [.. orderOf.Select(o => o is null ? -1 : idOf[o])];
        _ofPlanned = new int[]?[mrp.PlannedOrders.Count];
        _rescheduleIn = mrp.Exceptions.Where(e => e.Type == MrpExceptionType.RescheduleIn && e.ReceiptIndex is not null).ToLookup(e => e.ReceiptIndex!.Value);
        _seen = new int[_numbers.Length];
    }

    /// <summary>
    /// Customer order numbers (ordinal order, each once) depending on any of the receipts: those pegged to them, plus,
    /// for a receipt MRP asks to bring in, those served by the item's planned orders due before the receipt arrives.
    /// </summary>
    public IReadOnlyList<string> DependingOn(IEnumerable<int> receiptIndexes)
    {
        var parts = new List<int[]>();
        var direct = new List<int>();
        foreach (var r in receiptIndexes)
        {
            CollectDirect(SupplyKind.ScheduledReceipt, r, direct, parts);
            foreach (var e in _rescheduleIn[r])
            {
                var item = _mrp.IndexOf(e.Item);
                foreach (var po in _mrp.PlannedOrdersOf(item))
                {
                    if (po.ReceiptPeriod < (e.FromPeriod ?? int.MaxValue))
                    {
                        parts.Add(OfPlanned(po.Index));
                    }
                }
            }
        }

        var ids = Union(direct, parts);
        var result = new string[ids.Length];
        for (var k = 0; k < ids.Length; k++)
        {
            result[k] = _numbers[ids[k]];
        }

        return result;
    }

    /// <summary>Sorted ids of the customer orders a planned order serves through all levels (memoised).</summary>
    private int[] OfPlanned(int order)
    {
        if (_ofPlanned[order] is { } known)
        {
            return known;
        }

        var direct = new List<int>();
        var parts = new List<int[]>();
        CollectDirect(SupplyKind.PlannedOrder, order, direct, parts);
        return _ofPlanned[order] = Union(direct, parts);
    }

    private void CollectDirect(SupplyKind kind, int index, List<int> direct, List<int[]> parts)
    {
        foreach (var link in _pegging.LinksOf(kind, index))
        {
            if (link.Requirement == RequirementKind.CustomerDemand)
            {
                if (_demandOrder[link.RequirementIndex] is var id and >= 0)
                {
                    direct.Add(id);
                }
            }
            else
            {
                parts.Add(OfPlanned(_mrp.PlannedOrders[link.RequirementIndex].Index));
            }
        }
    }

    /// <summary>Sorted distinct union (the parts are already sorted; parents' memoised sets are computed before this).</summary>
    private int[] Union(List<int> direct, List<int[]> parts)
    {
        if (direct.Count == 0)
        {
            if (parts.Count == 0)
            {
                return [];
            }

            if (parts.TrueForAll(p => ReferenceEquals(p, parts[0])))
            {
                return parts[0];
            }
        }

        var stamp = ++_stamp;
        var all = new List<int>(direct.Count + parts.Sum(p => p.Length));
        foreach (var id in direct)
        {
            if (_seen[id] != stamp)
            {
                _seen[id] = stamp;
                all.Add(id);
            }
        }

        foreach (var part in parts)
        {
            foreach (var id in part)
            {
                if (_seen[id] != stamp)
                {
                    _seen[id] = stamp;
                    all.Add(id);
                }
            }
        }

        all.Sort();
        return [.. all];
    }
}
