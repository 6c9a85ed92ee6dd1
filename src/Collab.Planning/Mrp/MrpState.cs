using System.Runtime.InteropServices;

namespace Collab.Planning.Mrp;

/// <summary>
/// The working arrays of one MRP computation: six bucketed rows per item stored flat
/// (<c>row(i) = [i·H, (i+1)·H)</c>), plus the independent demand row. <see cref="PlanItem"/>
/// is the textbook record of one item; a full run calls it once per item by increasing
/// low-level code, net change calls it only for items reached by a change.
/// </summary>
internal sealed class MrpState
{
    /// <summary>Relative tolerance under which a shortage is treated as rounding noise.</summary>
    internal const double Tolerance = 1e-9;

    public readonly MrpModel Model;
    public readonly int H;
    public readonly double[] Demand;
    public readonly double[] Receipts;
    public readonly double[] Gross;
    public readonly double[] Projected;
    public readonly double[] Net;
    public readonly double[] PlannedReceipts;
    public readonly double[] PlannedReleases;
    /// <summary>Whether an item has at least one planned release (lets components skip empty parents).</summary>
    public readonly bool[] HasReleases;

    // Current independent demands and receipts; net change edits these lists.
    public readonly List<MrpDemand> Demands;
    public readonly List<MrpScheduledReceipt> ScheduledReceipts;
    public OptionalOrderPolicy Policy;
    private List<int>[]? _demandsOf;
    private List<int>[]? _receiptsOf;

    public MrpState(MrpModel model)
    {
        Model = model;
        H = model.H;
        var size = (long)model.N * H;
        Demand = new double[size];
        Receipts = new double[size];
        Gross = new double[size];
        Projected = new double[size];
        Net = new double[size];
        PlannedReceipts = new double[size];
        PlannedReleases = new double[size];
        HasReleases = new bool[model.N];
        Demands = [.. model.Input.Demands];
        ScheduledReceipts = [.. model.Input.ScheduledReceipts];
        Policy = model.Input.OptionalOrders;
    }

    /// <summary>Switches to per-item lists so that demands and receipts can be edited (net change).</summary>
    public void EnableEditing()
    {
        var m = Model;
        _demandsOf = new List<int>[m.N];
        _receiptsOf = new List<int>[m.N];
        for (var i = 0; i < m.N; i++)
        {
            _demandsOf[i] = [.. m.DemandIdx.AsSpan(m.DemandStart[i], m.DemandStart[i + 1] - m.DemandStart[i])];
            _receiptsOf[i] = [.. m.ReceiptIdx.AsSpan(m.ReceiptStart[i], m.ReceiptStart[i + 1] - m.ReceiptStart[i])];
        }
    }

    public List<int> DemandList(int item) => _demandsOf![item];

    public List<int> ReceiptList(int item) => _receiptsOf![item];

    private ReadOnlySpan<int> DemandsOf(int i) => _demandsOf is null
        ? Model.DemandIdx.AsSpan(Model.DemandStart[i], Model.DemandStart[i + 1] - Model.DemandStart[i])
        : CollectionsMarshal.AsSpan(_demandsOf[i]);

    private ReadOnlySpan<int> ReceiptsOf(int i) => _receiptsOf is null
        ? Model.ReceiptIdx.AsSpan(Model.ReceiptStart[i], Model.ReceiptStart[i + 1] - Model.ReceiptStart[i])
        : CollectionsMarshal.AsSpan(_receiptsOf[i]);

    private Span<double> Row(double[] a, int i) => a.AsSpan(i * H, H);

    /// <summary>Rebuilds the independent demand row of item i (input order, so sums are reproducible).</summary>
    public void FillDemandRow(int i)
    {
        var row = Row(Demand, i);
        row.Clear();
        foreach (var k in DemandsOf(i))
        {
            var d = Demands[k];
            var b = Model.Bucket(d.Period);
            if (b >= 0)
            {
                row[b] += d.Firm ? d.Qty : Policy switch
                {
                    OptionalOrderPolicy.Weighted => d.Qty * d.Probability,
                    OptionalOrderPolicy.Full => d.Qty,
                    _ => 0.0,
                };
            }
        }
    }

    /// <summary>Rebuilds the scheduled receipts row of item i.</summary>
    public void FillReceiptRow(int i)
    {
        var row = Row(Receipts, i);
        row.Clear();
        foreach (var k in ReceiptsOf(i))
        {
            var r = ScheduledReceipts[k];
            var b = Model.Bucket(r.Period);
            if (b >= 0)
            {
                row[b] += r.Qty;
            }
        }
    }

    /// <summary>Full regenerative run: every item once, by increasing low-level code.</summary>
    public void RunAll()
    {
        var m = Model;
        for (var i = 0; i < m.N; i++)
        {
            FillDemandRow(i);
            FillReceiptRow(i);
        }

        foreach (var i in m.Order)
        {
            PlanItem(i, null);
        }
    }

    /// <summary>
    /// The MRP record of item i (exchange spec §2–§6). Its parents must be final. When
    /// <paramref name="previousReleases"/> is given it receives the old release row and the
    /// method returns whether the release row changed (net change propagation).
    /// </summary>
    public bool PlanItem(int i, double[]? previousReleases)
    {
        var m = Model;
        var h = H;
        var o = i * h;
        var gross = Gross.AsSpan(o, h);
        var sr = Receipts.AsSpan(o, h);
        var pa = Projected.AsSpan(o, h);
        var net = Net.AsSpan(o, h);
        var por = PlannedReceipts.AsSpan(o, h);
        var pol = PlannedReleases.AsSpan(o, h);

        // §2 gross requirements: own demand, then each parent's planned releases × qtyPer × (1 + scrap).
        Demand.AsSpan(o, h).CopyTo(gross);
        for (var e = m.ParentStart[i]; e < m.ParentStart[i + 1]; e++)
        {
            var p = m.ParentItem[e];
            if (!HasReleases[p])
            {
                continue;
            }

            var f = m.ParentFactor[e];
            var prel = PlannedReleases.AsSpan(p * h, h);
            for (var t = 0; t < h; t++)
            {
                gross[t] += prel[t] * f;
            }
        }

        var discrete = m.Discrete[i];
        if (discrete)
        {
            // A piece is used whole: 20 parents × 1.01 (scrap) need 21 pieces, not 20.2.
            for (var t = 0; t < h; t++)
            {
                gross[t] = CeilingTolerant(gross[t]);
            }
        }

        var changed = false;
        if (previousReleases is not null)
        {
            pol.CopyTo(previousReleases);
        }

        por.Clear();
        pol.Clear();
        var ss = m.SafetyStock[i];
        var lt = m.LeadTime[i];
        var any = false;
        var prev = m.OnHand[i];
        for (var t = 0; t < h; t++)
        {
            var avail = prev + sr[t] - gross[t];
            var shortage = ss - avail;
            if (shortage > Tolerance * (1.0 + Math.Abs(prev) + sr[t] + gross[t] + ss))
            {
                net[t] = discrete ? CeilingTolerant(shortage) : shortage;
                var q = LotSize(i, t, shortage, avail, sr, gross);
                por[t] = q;
                var r = t - lt;
                pol[r < 0 ? 0 : r] += q;
                any = true;
                prev = avail + q;
            }
            else
            {
                net[t] = 0.0;
                prev = avail;
            }

            pa[t] = prev;
        }

        HasReleases[i] = any;
        if (previousReleases is not null)
        {
            changed = !pol.SequenceEqual(previousReleases.AsSpan(0, h));
        }

        return changed;
    }

    /// <summary>§5 lot size for a net requirement in bucket t.</summary>
    private double LotSize(int i, int t, double net, double avail, ReadOnlySpan<double> sr, ReadOnlySpan<double> gross)
    {
        var m = Model;
        double q;
        switch (m.Rule[i])
        {
            case LotSizingRule.Foq:
            case LotSizingRule.Eoq:
                q = Math.Max(m.LotQuantity[i], net);
                break;
            case LotSizingRule.Poq:
                q = net;
                var ss = m.SafetyStock[i];
                var end = Math.Min(H - 1, t + m.PoqPeriods[i] - 1);
                var cumulative = avail;
                for (var j = t + 1; j <= end; j++)
                {
                    cumulative += sr[j] - gross[j];
                    var need = ss - cumulative;
                    if (need > q)
                    {
                        q = need;
                    }
                }

                break;
            default:
                q = net;
                break;
        }

        if (m.MinQty[i] > 0 && q < m.MinQty[i])
        {
            q = m.MinQty[i];
        }

        var multiple = m.Multiple[i];
        if (multiple > 0)
        {
            q = multiple * CeilingTolerant(q / multiple);
        }

        // Whole pieces: rounded up after lot sizing (a multiple of 2.5 pc still orders whole pieces).
        return m.Discrete[i] ? CeilingTolerant(q) : q;
    }

    /// <summary>⌈x⌉ that ignores rounding noise (⌈33.000000000000006⌉ = 33).</summary>
    /// <summary>Whole pieces: ceiling with a tolerance, never "-0" (Math.Ceiling of a tiny negative is negative zero,
    /// which a page prints as "-0").</summary>
    internal static double CeilingTolerant(double x)
    {
        var c = Math.Ceiling(x - Tolerance * Math.Max(1.0, Math.Abs(x)));
        return c == 0 ? 0 : c;
    }
}
