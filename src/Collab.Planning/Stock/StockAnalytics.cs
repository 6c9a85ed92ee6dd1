using Collab.Planning.Mrp;

namespace Collab.Planning.Stock;

/// <summary>ABC class of an item by annual consumption value.</summary>
public enum AbcClass
{
    A,
    B,
    C,
}

/// <summary>Stock figures of one item.</summary>
public sealed record ItemStockAnalysis(
    string Item,
    /// <summary>Projected available stock per bucket (from MRP, index 0 = period 1).</summary>
    double[] ProjectedStock,
    /// <summary>Days the current on-hand stock lasts at the planned gross requirements (∞ when never exhausted in the horizon).</summary>
    double CoverageDays,
    double AnnualConsumption,
    double AnnualConsumptionValue,
    AbcClass Class,
    /// <summary>Suggested reorder point (point de commande) = average daily demand × lead time in days + safety stock.</summary>
    double ReorderPoint);

/// <summary>Parameters of the stock analytics.</summary>
public sealed record StockAnalyticsOptions
{
    /// <summary>Calendar days per MRP bucket (7 for weeks).</summary>
    public double DaysPerBucket { get; init; } = 7;
    /// <summary>Cumulative share of the consumption value covered by class A (and A + B).</summary>
    public double AShare { get; init; } = 0.80;
    public double BShare { get; init; } = 0.95;
}

/// <summary>
/// Stock analytics on an MRP result: projected stock, coverage in days, ABC classes by annual
/// consumption value and suggested reorder points. Annual consumption is the gross
/// requirements of the horizon scaled to 365 days.
/// </summary>
public static class StockAnalytics
{
    public static IReadOnlyList<ItemStockAnalysis> Analyse(MrpResult result, IReadOnlyDictionary<string, double> unitCosts, StockAnalyticsOptions? options = null)
    {
        options ??= new StockAnalyticsOptions();
        var n = result.ItemCount;
        var h = result.Periods;
        var horizonDays = h * options.DaysPerBucket;
        var annual = new double[n];
        var value = new double[n];
        var coverage = new double[n];
        for (var i = 0; i < n; i++)
        {
            var gross = result.GrossRequirements(i);
            var total = 0.0;
            foreach (var g in gross)
            {
                total += g;
            }

            annual[i] = total * 365.0 / horizonDays;
            value[i] = annual[i] * unitCosts.GetValueOrDefault(result.Code(i));
            coverage[i] = Coverage(result.Input.Items[i].OnHand, gross, options.DaysPerBucket);
        }

        var classes = Abc(value, options.AShare, options.BShare);
        var list = new List<ItemStockAnalysis>(n);
        for (var i = 0; i < n; i++)
        {
            var item = result.Input.Items[i];
            var daily = annual[i] / 365.0;
            var leadDays = item.LeadTime * options.DaysPerBucket;
            list.Add(new ItemStockAnalysis(item.Code, result.ProjectedAvailable(i).ToArray(), coverage[i], annual[i], value[i], classes[i],
                daily * leadDays + item.SafetyStock));
        }

        return list;
    }

    /// <summary>
    /// Days until <paramref name="stock"/> is used up by the gross requirements, consumed evenly
    /// within each bucket; +∞ when the stock outlasts the horizon.
    /// </summary>
    public static double Coverage(double stock, ReadOnlySpan<double> gross, double daysPerBucket)
    {
        var left = stock;
        for (var t = 0; t < gross.Length; t++)
        {
            if (gross[t] >= left && gross[t] > 0)
            {
                return (t + left / gross[t]) * daysPerBucket;
            }

            left -= gross[t];
        }

        return double.PositiveInfinity;
    }

    /// <summary>Pareto classes: sorted by value, A while the cumulative share stays within <paramref name="aShare"/> (the top item is always A), B within <paramref name="bShare"/>, then C.</summary>
    public static AbcClass[] Abc(IReadOnlyList<double> values, double aShare, double bShare)
    {
        var n = values.Count;
        var order = Enumerable.Range(0, n).OrderByDescending(i => values[i]).ThenBy(i => i).ToArray();
        var total = values.Sum();
        var classes = new AbcClass[n];
        var cumulative = 0.0;
        var first = true;
        foreach (var i in order)
        {
            // Class by the cumulative share *including* the item; the top item is always A.
            cumulative += values[i];
            var share = total > 0 ? cumulative / total : 1;
            const double eps = 1e-12;
            classes[i] = values[i] <= 0 ? AbcClass.C
                : first || share <= aShare + eps ? AbcClass.A
                : share <= bShare + eps ? AbcClass.B
                : AbcClass.C;
            first = false;
        }

        return classes;
    }
}
