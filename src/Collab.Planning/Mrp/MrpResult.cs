namespace Collab.Planning.Mrp;

/// <summary>A planned order proposed by MRP (one bucket may hold several when maxQty splits it).</summary>
public sealed record PlannedOrder(string Item, int ReleasePeriod, int ReceiptPeriod, double Qty)
{
    /// <summary>Position in <see cref="MrpResult.PlannedOrders"/> (used by pegging).</summary>
    public int Index { get; init; }
    public MakeOrBuy Source { get; init; }
    /// <summary>Preferred supplier of a bought item (null for make items).</summary>
    public string? Supplier { get; init; }
    /// <summary>Release period the lead time asked for (receipt − lead time); ≤ 0 when past due.</summary>
    public int NeededReleasePeriod { get; init; }
    public bool PastDue => NeededReleasePeriod < 1;
}

/// <summary>The bucketed record of one item (array index 0 is period 1).</summary>
public sealed record MrpItemRecord(
    string Code,
    int LowLevelCode,
    double[] GrossRequirements,
    double[] ScheduledReceipts,
    double[] ProjectedAvailable,
    double[] NetRequirements,
    double[] PlannedOrderReceipts,
    double[] PlannedOrderReleases);

/// <summary>
/// The result of an MRP run: the six rows of every item (flat arrays, read through spans),
/// planned orders, exception messages and pegging (computed on first use).
/// Immutable once built.
/// </summary>
public sealed class MrpResult
{
    private readonly int[] _lowLevelCode;
    private readonly double[] _gross;
    private readonly double[] _receipts;
    private readonly double[] _projected;
    private readonly double[] _net;
    private readonly double[] _plannedReceipts;
    private readonly double[] _plannedReleases;
    private readonly Dictionary<string, int> _index;
    private readonly Lazy<IReadOnlyList<PlannedOrder>> _orders;
    private readonly Lazy<int[]> _orderStart;
    private readonly Lazy<MrpPegging> _pegging;
    private readonly Lazy<IReadOnlyList<MrpException>> _exceptions;

    internal MrpResult(MrpInput input, MrpModel model, MrpState state, bool copy)
    {
        Input = input;
        Periods = input.Periods;
        _index = model.Index;
        _lowLevelCode = model.LowLevelCode;
        _gross = copy ? (double[])state.Gross.Clone() : state.Gross;
        _receipts = copy ? (double[])state.Receipts.Clone() : state.Receipts;
        _projected = copy ? (double[])state.Projected.Clone() : state.Projected;
        _net = copy ? (double[])state.Net.Clone() : state.Net;
        _plannedReceipts = copy ? (double[])state.PlannedReceipts.Clone() : state.PlannedReceipts;
        _plannedReleases = copy ? (double[])state.PlannedReleases.Clone() : state.PlannedReleases;
        _orderStart = new Lazy<int[]>(BuildOrderStart);
        _orders = new Lazy<IReadOnlyList<PlannedOrder>>(BuildOrders);
        _pegging = new Lazy<MrpPegging>(() => MrpPegging.Compute(this, model));
        _exceptions = new Lazy<IReadOnlyList<MrpException>>(() => MrpExceptions.Compute(this, model));
    }

    /// <summary>The input this result was computed from (after any net-change edits).</summary>
    public MrpInput Input { get; }
    public int Periods { get; }
    public int ItemCount => Input.Items.Count;
    public int Levels => _lowLevelCode.Length == 0 ? 0 : _lowLevelCode.Max() + 1;

    public string Code(int item) => Input.Items[item].Code;
    public int IndexOf(string code) => _index.TryGetValue(code, out var i) ? i : -1;
    public int LowLevelCode(int item) => _lowLevelCode[item];

    public ReadOnlySpan<double> GrossRequirements(int item) => Row(_gross, item);
    public ReadOnlySpan<double> ScheduledReceipts(int item) => Row(_receipts, item);
    public ReadOnlySpan<double> ProjectedAvailable(int item) => Row(_projected, item);
    public ReadOnlySpan<double> NetRequirements(int item) => Row(_net, item);
    public ReadOnlySpan<double> PlannedOrderReceipts(int item) => Row(_plannedReceipts, item);
    public ReadOnlySpan<double> PlannedOrderReleases(int item) => Row(_plannedReleases, item);

    public MrpItemRecord Record(string code) => Record(_index[code]);

    public MrpItemRecord Record(int item) => new(
        Code(item),
        _lowLevelCode[item],
        GrossRequirements(item).ToArray(),
        ScheduledReceipts(item).ToArray(),
        ProjectedAvailable(item).ToArray(),
        NetRequirements(item).ToArray(),
        PlannedOrderReceipts(item).ToArray(),
        PlannedOrderReleases(item).ToArray());

    /// <summary>Planned orders by item (input order) then receipt period.</summary>
    public IReadOnlyList<PlannedOrder> PlannedOrders => _orders.Value;

    /// <summary>Planned orders of one item (a slice of <see cref="PlannedOrders"/>).</summary>
    public IEnumerable<PlannedOrder> PlannedOrdersOf(int item)
    {
        var start = _orderStart.Value;
        for (var k = start[item]; k < start[item + 1]; k++)
        {
            yield return PlannedOrders[k];
        }
    }

    internal int OrderStart(int item) => _orderStart.Value[item];

    /// <summary>
    /// Exception messages: PAST_DUE_RELEASE first (the exchange spec's list), then RESCHEDULE_IN,
    /// RESCHEDULE_OUT, CANCEL for scheduled receipts and LATE_DEMAND for customer demands.
    /// </summary>
    public IReadOnlyList<MrpException> Exceptions => _exceptions.Value;

    /// <summary>Single-level pegging links (supply → requirement) for every item, and full pegging to customer demands.</summary>
    public MrpPegging Pegging => _pegging.Value;

    private ReadOnlySpan<double> Row(double[] a, int item) => a.AsSpan(item * Periods, Periods);

    /// <summary>Refuses (with the JSON path of the item) a run whose explosion reaches absurd quantities or
    /// whose maxQty splitting would generate more than <see cref="MrpValidator.MaxPlannedOrders"/> orders —
    /// before any order is built, so memory and time stay bounded.</summary>
    internal void CheckLimits()
    {
        var problems = new List<InputProblem>();
        long orders = 0;
        for (var i = 0; i < ItemCount; i++)
        {
            var max = Input.Items[i].MaxQty;
            var itemOrders = 0.0;
            foreach (var q in PlannedOrderReceipts(i))
            {
                if (!(q <= MrpValidator.MaxComputedQuantity) && !(q <= 0))
                {
                    problems.Add(new($"$.items[{i}]", $"planned quantity of '{Input.Items[i].Code}' reaches {q.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)} (limit {MrpValidator.MaxComputedQuantity:G3}): check the demands and the BOM quantities above it"));
                    break;
                }

                if (q > 0)
                {
                    itemOrders += max > 0 && q > max ? Math.Ceiling(q / max) : 1;
                }
            }

            if (itemOrders > MrpValidator.MaxPlannedOrders - orders)
            {
                problems.Add(new($"$.items[{i}].maxQty", $"maxQty {max.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)} of '{Input.Items[i].Code}' would split its needs into more than {MrpValidator.MaxPlannedOrders} planned orders"));
                break;
            }

            orders += (long)itemOrders;
        }

        if (problems.Count > 0)
        {
            throw new InvalidMrpInputException(problems);
        }
    }

    private int[] BuildOrderStart()
    {
        var n = ItemCount;
        var start = new int[n + 1];
        for (var i = 0; i < n; i++)
        {
            var count = 0;
            var max = SplitSize(Input.Items[i]);
            foreach (var q in PlannedOrderReceipts(i))
            {
                if (q > 0)
                {
                    count += SplitCount(q, max);
                }
            }

            start[i + 1] = start[i] + count;
        }

        return start;
    }

    private IReadOnlyList<PlannedOrder> BuildOrders()
    {
        var start = _orderStart.Value;
        var orders = new PlannedOrder[start[^1]];
        var k = 0;
        for (var i = 0; i < ItemCount; i++)
        {
            var item = Input.Items[i];
            var row = PlannedOrderReceipts(i);
            for (var t = 0; t < row.Length; t++)
            {
                var q = row[t];
                if (!(q > 0))
                {
                    continue;
                }

                var receipt = t + 1;
                var needed = receipt - item.LeadTime;
                var release = Math.Max(1, needed);
                var max = SplitSize(item);
                var pieces = SplitCount(q, max);
                var rest = q;
                for (var s = 0; s < pieces; s++)
                {
                    var qty = s == pieces - 1 ? rest : max;
                    rest -= qty;
                    orders[k] = new PlannedOrder(item.Code, release, receipt, qty)
                    {
                        Index = k,
                        Source = item.Source,
                        Supplier = item.Source == MakeOrBuy.Buy ? item.Supplier : null,
                        NeededReleasePeriod = needed,
                    };
                    k++;
                }
            }
        }

        return orders;
    }

    /// <summary>Largest planned order of an item: maxQty, in whole pieces for a discrete item (at least one piece).</summary>
    internal static double SplitSize(MrpItem item) =>
        item.Discrete && item.MaxQty > 0 ? Math.Max(1.0, Math.Floor(item.MaxQty + MrpState.Tolerance)) : item.MaxQty;

    /// <summary>Number of planned orders a bucket quantity is split into by maxQty (§5).</summary>
    internal static int SplitCount(double q, double max) =>
        max > 0 && q > max ? (int)MrpState.CeilingTolerant(q / max) : 1;
}
