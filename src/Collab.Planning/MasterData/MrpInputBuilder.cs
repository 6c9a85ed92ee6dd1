using Collab.Planning.Mrp;

namespace Collab.Planning.MasterData;

/// <summary>Settings of the bridge from site data to the bucketed MRP.</summary>
public sealed record MrpBuildOptions
{
    public OptionalOrderPolicy OptionalOrders { get; init; } = OptionalOrderPolicy.Weighted;
    /// <summary>Periods a firm order may consume forecast before its own period.</summary>
    public int ConsumeBackward { get; init; } = 1;
    /// <summary>Periods a firm order may consume forecast after its own period.</summary>
    public int ConsumeForward { get; init; } = 1;
}

/// <summary>
/// Turns dated site data into the bucketed MRP problem: lead times in days become whole
/// buckets (rounded up), stock counts as on hand − allocated, BOM lines valid on the first
/// bucket's start are used, dates map to bucket numbers (before the first bucket → period 0,
/// past due), item forecasts are consumed by firm orders and their remainder becomes demand.
/// Family forecasts belong to the S&amp;OP plan and are not exploded here.
/// </summary>
public static class MrpInputBuilder
{
    public static MrpInput Build(PlantData plant, IReadOnlyList<Bucket> buckets, MrpBuildOptions? options = null)
    {
        options ??= new MrpBuildOptions();
        if (buckets.Count == 0)
        {
            throw new ArgumentException("at least one bucket is needed", nameof(buckets));
        }

        var start = buckets[0].Start;
        var bucketDays = (double)(buckets[^1].End.DayNumber - start.DayNumber) / buckets.Count;
        var onHand = plant.Stock.GroupBy(s => s.Item).ToDictionary(g => g.Key, g => g.Sum(s => s.Available));
        var items = plant.Items.Select(i => new MrpItem
        {
            Code = i.Code,
            LeadTime = (int)Math.Ceiling(i.LeadTimeDays / bucketDays - 1e-9),
            OnHand = Math.Max(0, onHand.GetValueOrDefault(i.Code)),
            SafetyStock = i.SafetyStock,
            LotSizing = i.LotSizing,
            MinQty = i.MinQty,
            Multiple = i.Multiple,
            MaxQty = i.MaxQty,
            Source = i.Source,
            Supplier = i.PreferredSupplier,
            Discrete = UnitKinds.IsDiscrete(i.Unit),
        }).ToList();

        var demands = plant.CustomerOrders
            .Select(o => new MrpDemand(o.Item, Buckets.NumberOf(buckets, o.DueDate), o.Qty) { Id = o.Number, Firm = o.Firm, Probability = o.Firm ? 1.0 : o.Probability })
            .ToList();
        foreach (var group in plant.Forecasts.Where(f => !f.IsFamily).GroupBy(f => f.Code))
        {
            var forecast = new double[buckets.Count];
            foreach (var f in group)
            {
                var n = Buckets.NumberOf(buckets, f.PeriodStart);
                if (n >= 1 && n <= buckets.Count)
                {
                    forecast[n - 1] += f.Qty;
                }
            }

            var firm = plant.CustomerOrders.Where(o => o.Firm && o.Item == group.Key)
                .Select(o => (Math.Max(1, Buckets.NumberOf(buckets, o.DueDate)), o.Qty));
            var consumed = ForecastConsumption.Consume(forecast, firm, options.ConsumeBackward, options.ConsumeForward);
            for (var t = 0; t < buckets.Count; t++)
            {
                if (consumed.Remaining[t] > 0)
                {
                    demands.Add(new MrpDemand(group.Key, t + 1, consumed.Remaining[t]) { Id = $"FC-{group.Key}-{t + 1}" });
                }
            }
        }

        return new MrpInput
        {
            Periods = buckets.Count,
            Items = items,
            Bom = [.. plant.Bom.Where(b => b.IsValidOn(start)).Select(b => new MrpBomLine(b.Parent, b.Component, b.QtyPer, b.ScrapRate))],
            ScheduledReceipts = [.. plant.ScheduledReceipts.Select(r => new MrpScheduledReceipt(r.Item, Buckets.NumberOf(buckets, r.DueDate), r.Qty) { Id = r.Number })],
            Demands = demands,
            OptionalOrders = options.OptionalOrders,
        };
    }
}
