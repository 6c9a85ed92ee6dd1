namespace Collab.Planning.Mrp;

/// <summary>Where a unit of supply comes from.</summary>
public enum SupplyKind
{
    OnHand,
    ScheduledReceipt,
    PlannedOrder,
}

/// <summary>What a unit of supply is consumed by.</summary>
public enum RequirementKind
{
    /// <summary>An independent demand (<see cref="MrpInput.Demands"/> index).</summary>
    CustomerDemand,
    /// <summary>The component requirement of a parent planned order (<see cref="MrpResult.PlannedOrders"/> index).</summary>
    ParentOrder,
}

/// <summary>
/// One single-level pegging link: <see cref="Qty"/> units of an item's supply serve one
/// requirement of that item in <see cref="Period"/>. SupplyIndex is the scheduled receipt's
/// input index or the planned order's index (−1 for on-hand stock).
/// </summary>
public sealed record PegLink(
    string Item,
    SupplyKind Supply,
    int SupplyIndex,
    RequirementKind Requirement,
    int RequirementIndex,
    int Period,
    double Qty);

/// <summary>A quantity of an item's supply serving one customer demand (full pegging).</summary>
public sealed record DemandPeg(int DemandIndex, string? DemandId, string Item, int Period, double Qty);

/// <summary>
/// Pegging by first-in-first-out allocation, per item: requirements (customer demands and
/// component needs of parent planned orders) in period order consume supplies (on hand, then
/// scheduled receipts and planned orders in period order). Supply left over (safety stock, lot
/// size excess) stays unpegged. Full pegging follows ParentOrder links up to customer demands,
/// sharing a parent order's pegs in proportion to the quantity served.
/// </summary>
public sealed class MrpPegging
{
    private readonly MrpResult _result;
    private readonly List<PegLink> _links;
    private readonly Dictionary<(SupplyKind, int), List<int>> _bySupply;
    private readonly Dictionary<int, IReadOnlyList<DemandPeg>> _orderPegs = [];

    private MrpPegging(MrpResult result, List<PegLink> links)
    {
        _result = result;
        _links = links;
        _bySupply = [];
        for (var k = 0; k < links.Count; k++)
        {
            var key = (links[k].Supply, links[k].SupplyIndex);
            if (!_bySupply.TryGetValue(key, out var list))
            {
                _bySupply[key] = list = [];
            }

            list.Add(k);
        }
    }

    public IReadOnlyList<PegLink> Links => _links;

    /// <summary>Positions in <see cref="Links"/> of one supply's single-level links (empty when it has none).</summary>
    public IReadOnlyList<int> LinkIndexesOf(SupplyKind kind, int index) =>
        _bySupply.TryGetValue((kind, index), out var list) ? list : [];

    /// <summary>Single-level links of one supply.</summary>
    public IEnumerable<PegLink> LinksOf(SupplyKind kind, int index) =>
        _bySupply.TryGetValue((kind, index), out var list) ? list.Select(k => _links[k]) : [];

    /// <summary>The customer demands a planned order serves, through all levels, in the order's units.</summary>
    public IReadOnlyList<DemandPeg> CustomerDemandsOfPlannedOrder(int orderIndex)
    {
        lock (_orderPegs)
        {
            return CustomerDemands(SupplyKind.PlannedOrder, orderIndex);
        }
    }

    /// <summary>The customer demands a scheduled receipt serves, through all levels.</summary>
    public IReadOnlyList<DemandPeg> CustomerDemandsOfScheduledReceipt(int receiptIndex)
    {
        lock (_orderPegs)
        {
            return CustomerDemands(SupplyKind.ScheduledReceipt, receiptIndex);
        }
    }

    private IReadOnlyList<DemandPeg> CustomerDemands(SupplyKind kind, int index)
    {
        if (kind == SupplyKind.PlannedOrder && _orderPegs.TryGetValue(index, out var cached))
        {
            return cached;
        }

        var sums = new Dictionary<int, double>();
        foreach (var link in LinksOf(kind, index))
        {
            if (link.Requirement == RequirementKind.CustomerDemand)
            {
                sums[link.RequirementIndex] = sums.GetValueOrDefault(link.RequirementIndex) + link.Qty;
                continue;
            }

            // This link serves link.Qty of the parent order's component need; the parent order's
            // own pegs are in parent units, so each customer demand gets pegQty / parentQty × link.Qty.
            var parent = _result.PlannedOrders[link.RequirementIndex];
            foreach (var peg in CustomerDemands(SupplyKind.PlannedOrder, parent.Index))
            {
                sums[peg.DemandIndex] = sums.GetValueOrDefault(peg.DemandIndex) + peg.Qty / parent.Qty * link.Qty;
            }
        }

        var input = _result.Input;
        var pegs = sums.OrderBy(kv => kv.Key)
            .Select(kv => new DemandPeg(kv.Key, input.Demands[kv.Key].Id, input.Demands[kv.Key].Item, input.Demands[kv.Key].Period, kv.Value))
            .ToList();
        if (kind == SupplyKind.PlannedOrder)
        {
            _orderPegs[index] = pegs;
        }

        return pegs;
    }

    internal static MrpPegging Compute(MrpResult result, MrpModel model)
    {
        var input = result.Input;
        var links = new List<PegLink>();
        var orders = result.PlannedOrders;
        var reqs = new List<(int Bucket, RequirementKind Kind, int Index, double Qty)>();
        var sups = new List<(int Bucket, SupplyKind Kind, int Index, double Qty)>();
        var receiptsOf = GroupBy(input.ScheduledReceipts.Count, k => model.Index[input.ScheduledReceipts[k].Item], model.N);
        var demandsOf = GroupBy(input.Demands.Count, k => model.Index[input.Demands[k].Item], model.N);
        for (var i = 0; i < model.N; i++)
        {
            var code = input.Items[i].Code;
            reqs.Clear();
            sups.Clear();
            foreach (var k in demandsOf[i])
            {
                var d = input.Demands[k];
                var b = model.Bucket(d.Period);
                var q = input.EffectiveQuantity(d);
                if (b >= 0 && q > 0)
                {
                    reqs.Add((b, RequirementKind.CustomerDemand, k, q));
                }
            }

            for (var e = model.ParentStart[i]; e < model.ParentStart[i + 1]; e++)
            {
                var p = model.ParentItem[e];
                var f = model.ParentFactor[e];
                var end = result.OrderStart(p + 1);
                for (var o = result.OrderStart(p); o < end; o++)
                {
                    var q = orders[o].Qty * f;
                    if (q > 0)
                    {
                        reqs.Add((orders[o].ReleasePeriod - 1, RequirementKind.ParentOrder, o, q));
                    }
                }
            }

            if (reqs.Count == 0)
            {
                continue;
            }

            reqs.Sort((a, b) => a.Bucket != b.Bucket ? a.Bucket.CompareTo(b.Bucket)
                : a.Kind != b.Kind ? a.Kind.CompareTo(b.Kind) : a.Index.CompareTo(b.Index));
            if (input.Items[i].OnHand > 0)
            {
                sups.Add((-1, SupplyKind.OnHand, -1, input.Items[i].OnHand));
            }

            foreach (var k in receiptsOf[i])
            {
                var r = input.ScheduledReceipts[k];
                var b = model.Bucket(r.Period);
                if (b >= 0 && r.Qty > 0)
                {
                    sups.Add((b, SupplyKind.ScheduledReceipt, k, r.Qty));
                }
            }

            var oEnd = result.OrderStart(i + 1);
            for (var o = result.OrderStart(i); o < oEnd; o++)
            {
                sups.Add((orders[o].ReceiptPeriod - 1, SupplyKind.PlannedOrder, o, orders[o].Qty));
            }

            sups.Sort((a, b) => a.Bucket != b.Bucket ? a.Bucket.CompareTo(b.Bucket)
                : a.Kind != b.Kind ? a.Kind.CompareTo(b.Kind) : a.Index.CompareTo(b.Index));

            var s = 0;
            var left = sups.Count > 0 ? sups[0].Qty : 0.0;
            foreach (var req in reqs)
            {
                var need = req.Qty;
                while (need > MrpState.Tolerance * (1 + req.Qty) && s < sups.Count)
                {
                    var take = Math.Min(need, left);
                    if (take > 0)
                    {
                        links.Add(new PegLink(code, sups[s].Kind, sups[s].Index, req.Kind, req.Index, req.Bucket + 1, take));
                    }

                    need -= take;
                    left -= take;
                    if (left <= MrpState.Tolerance * (1 + sups[s].Qty))
                    {
                        s++;
                        left = s < sups.Count ? sups[s].Qty : 0.0;
                    }
                }
            }
        }

        return new MrpPegging(result, links);
    }

    private static List<int>[] GroupBy(int count, Func<int, int> owner, int n)
    {
        var groups = new List<int>[n];
        for (var i = 0; i < n; i++)
        {
            groups[i] = [];
        }

        for (var k = 0; k < count; k++)
        {
            groups[owner(k)].Add(k);
        }

        return groups;
    }
}
