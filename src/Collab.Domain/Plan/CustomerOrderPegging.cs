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
    private readonly List<int> _scratch = [];
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
        var list = receiptIndexes as IReadOnlyList<int> ?? [.. receiptIndexes];
        var bringIn = new List<int[]>();
        foreach (var r in list)
        {
            Prepare(SupplyKind.ScheduledReceipt, r);
            foreach (var e in _rescheduleIn[r])
            {
                var item = _mrp.IndexOf(e.Item);
                foreach (var po in _mrp.PlannedOrdersOf(item))
                {
                    if (po.ReceiptPeriod < (e.FromPeriod ?? int.MaxValue))
                    {
                        bringIn.Add(OfPlanned(po.Index));
                    }
                }
            }
        }

        // Every set needed is computed: the scratch list is not used by anything else until the end.
        var stamp = Begin();
        foreach (var r in list)
        {
            Collect(SupplyKind.ScheduledReceipt, r, stamp);
        }

        foreach (var ids in bringIn)
        {
            AddAll(ids, stamp);
        }

        _scratch.Sort();
        var result = new string[_scratch.Count];
        for (var k = 0; k < result.Length; k++)
        {
            result[k] = _numbers[_scratch[k]];
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

        Prepare(SupplyKind.PlannedOrder, order);

        // One parent order and no demand of its own (the usual case below the end items): the parent's set, shared.
        int[]? only = null;
        var single = true;
        foreach (var k in _pegging.LinkIndexesOf(SupplyKind.PlannedOrder, order))
        {
            var link = _pegging.Links[k];
            var part = link.Requirement == RequirementKind.CustomerDemand ? null : _ofPlanned[_mrp.PlannedOrders[link.RequirementIndex].Index];
            if (part is null || (only is not null && !ReferenceEquals(only, part)))
            {
                single = false;
                break;
            }

            only = part;
        }

        if (single)
        {
            return _ofPlanned[order] = only ?? [];
        }

        var stamp = Begin();
        Collect(SupplyKind.PlannedOrder, order, stamp);
        _scratch.Sort();
        return _ofPlanned[order] = [.. _scratch];
    }

    /// <summary>Computes the sets of the parent orders a supply's links lead to, before its own set is collected.</summary>
    private void Prepare(SupplyKind kind, int index)
    {
        foreach (var k in _pegging.LinkIndexesOf(kind, index))
        {
            var link = _pegging.Links[k];
            if (link.Requirement == RequirementKind.ParentOrder)
            {
                OfPlanned(_mrp.PlannedOrders[link.RequirementIndex].Index);
            }
        }
    }

    private int Begin()
    {
        _scratch.Clear();
        return ++_stamp;
    }

    /// <summary>Adds the supply's customer orders to the scratch list (its parents' sets are ready: <see cref="Prepare"/>).</summary>
    private void Collect(SupplyKind kind, int index, int stamp)
    {
        foreach (var k in _pegging.LinkIndexesOf(kind, index))
        {
            var link = _pegging.Links[k];
            if (link.Requirement == RequirementKind.CustomerDemand)
            {
                if (_demandOrder[link.RequirementIndex] is var id and >= 0 && _seen[id] != stamp)
                {
                    _seen[id] = stamp;
                    _scratch.Add(id);
                }
            }
            else
            {
                AddAll(_ofPlanned[_mrp.PlannedOrders[link.RequirementIndex].Index]!, stamp);
            }
        }
    }

    private void AddAll(int[] ids, int stamp)
    {
        foreach (var id in ids)
        {
            if (_seen[id] != stamp)
            {
                _seen[id] = stamp;
                _scratch.Add(id);
            }
        }
    }
}
