using Collab.Planning.Mrp;

namespace Collab.Planning.Tests.Mrp;

/// <summary>
/// A deliberately naive reading of mrp-exchange.md, in exact decimal arithmetic, with names and
/// recursion instead of arrays: the oracle the fast engine is compared with on random plants.
/// </summary>
internal static class ReferenceMrp
{
    public sealed record Row(int Llc, decimal[] Gross, decimal[] Sr, decimal[] Pa, decimal[] Nr, decimal[] Por, decimal[] Pol, List<int> PastDueReceiptPeriods);

    public static Dictionary<string, Row> Run(MrpInput input)
    {
        var h = input.Periods;
        var parentsOf = input.Bom.ToLookup(b => b.Component);
        var demandsOf = input.Demands.ToLookup(d => d.Item);
        var receiptsOf = input.ScheduledReceipts.ToLookup(r => r.Item);
        var llc = new Dictionary<string, int>();
        int Llc(string code) => llc.TryGetValue(code, out var v) ? v
            : llc[code] = parentsOf[code].Select(b => Llc(b.Parent) + 1).DefaultIfEmpty(0).Max();
        foreach (var item in input.Items)
        {
            Llc(item.Code);
        }

        int? Slot(int period) => period > h ? null : Math.Max(1, period) - 1;
        var rows = new Dictionary<string, Row>();
        foreach (var item in input.Items.OrderBy(i => llc[i.Code]))
        {
            var gross = new decimal[h];
            var sr = new decimal[h];
            foreach (var d in demandsOf[item.Code])
            {
                if (Slot(d.Period) is { } t)
                {
                    gross[t] += (decimal)input.EffectiveQuantity(d);
                }
            }

            foreach (var line in parentsOf[item.Code])
            {
                var parent = rows[line.Parent];
                for (var t = 0; t < h; t++)
                {
                    gross[t] += parent.Pol[t] * (decimal)line.QtyPer * (1 + (decimal)line.ScrapRate);
                }
            }

            foreach (var r in receiptsOf[item.Code])
            {
                if (Slot(r.Period) is { } t)
                {
                    sr[t] += (decimal)r.Qty;
                }
            }

            var ss = (decimal)item.SafetyStock;
            var pa = new decimal[h];
            var nr = new decimal[h];
            var por = new decimal[h];
            var pol = new decimal[h];
            var pastDue = new List<int>();
            var previous = (decimal)item.OnHand;
            for (var t = 0; t < h; t++)
            {
                var avail = previous + sr[t] - gross[t];
                if (avail < ss)
                {
                    nr[t] = ss - avail;
                    decimal q0;
                    switch (item.LotSizing.Rule)
                    {
                        case LotSizingRule.Foq:
                            q0 = Math.Max((decimal)item.LotSizing.Quantity!.Value, nr[t]);
                            break;
                        case LotSizingRule.Eoq:
                            q0 = Math.Max((decimal)item.LotSizing.EconomicQuantity, nr[t]);
                            break;
                        case LotSizingRule.Poq:
                            q0 = decimal.MinValue;
                            for (var j = t; j <= Math.Min(h - 1, t + item.LotSizing.Periods!.Value - 1); j++)
                            {
                                var sum = 0m;
                                for (var u = t + 1; u <= j; u++)
                                {
                                    sum += sr[u] - gross[u];
                                }

                                q0 = Math.Max(q0, ss - (avail + sum));
                            }

                            break;
                        default:
                            q0 = nr[t];
                            break;
                    }

                    var q = q0;
                    if (item.MinQty > 0)
                    {
                        q = Math.Max(q, (decimal)item.MinQty);
                    }

                    if (item.Multiple > 0)
                    {
                        var m = (decimal)item.Multiple;
                        q = m * Math.Ceiling(q / m);
                    }

                    por[t] = q;
                    var r = t - item.LeadTime;
                    if (r < 0)
                    {
                        r = 0;
                        pastDue.Add(t + 1);
                    }

                    pol[r] += q;
                    pa[t] = avail + q;
                }
                else
                {
                    pa[t] = avail;
                }

                previous = pa[t];
            }

            rows[item.Code] = new Row(llc[item.Code], gross, sr, pa, nr, por, pol, pastDue);
        }

        return rows;
    }
}
