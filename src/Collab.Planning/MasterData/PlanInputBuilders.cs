using Collab.Planning.Capacity;
using Collab.Planning.Mrp;
using Collab.Planning.Sop;

namespace Collab.Planning.MasterData;

/// <summary>Builds the S&amp;OP and capacity inputs from dated site data (the PlanGrain's snapshot).</summary>
public static class PlanInputBuilders
{
    /// <summary>
    /// S&amp;OP input per family over monthly <paramref name="months"/>: firm and optional customer
    /// orders and forecasts (family forecasts plus the item forecasts of its items) per month,
    /// opening stock = available stock of the family's items, working days from the site
    /// calendar, hours per unit on each key workstation = run hours per unit of the family's
    /// items averaged with their forecast + firm quantities as weights (plain average when
    /// there is no demand), capacity = the workstation's available hours in the month.
    /// </summary>
    public static SopInput BuildSop(PlantData plant, IReadOnlyList<Bucket> months, IReadOnlyCollection<string> keyWorkstations, int targetDaysOfCover = 0)
    {
        var n = months.Count;
        var familyOf = plant.Items.ToDictionary(i => i.Code, i => i.Family);
        var families = plant.Items.Select(i => i.Family).Where(f => f.Length > 0).Distinct().OrderBy(f => f, StringComparer.Ordinal).ToList();
        var stock = plant.Stock.GroupBy(s => s.Item).ToDictionary(g => g.Key, g => g.Sum(s => s.Available));
        int MonthOf(DateOnly d) => Math.Clamp(Buckets.NumberOf(months, d), 1, n + 1) - 1; // past due → first month
        var list = new List<SopFamily>(families.Count);
        foreach (var family in families)
        {
            var items = plant.Items.Where(i => i.Family == family).Select(i => i.Code).ToHashSet();
            var firm = new double[n];
            var forecast = new double[n];
            var weight = items.ToDictionary(i => i, _ => 0.0);
            var optional = new List<SopOptionalOrder>();
            foreach (var o in plant.CustomerOrders.Where(o => items.Contains(o.Item)))
            {
                var m = MonthOf(o.DueDate);
                if (m >= n)
                {
                    continue;
                }

                if (o.Firm)
                {
                    firm[m] += o.Qty;
                }
                else
                {
                    optional.Add(new SopOptionalOrder(m + 1, o.Qty, o.Probability));
                }

                weight[o.Item] += o.Qty;
            }

            foreach (var f in plant.Forecasts.Where(f => f.IsFamily ? f.Code == family : items.Contains(f.Code)))
            {
                var m = Buckets.NumberOf(months, f.PeriodStart) - 1;
                if (m >= 0 && m < n)
                {
                    forecast[m] += f.Qty;
                    if (!f.IsFamily)
                    {
                        weight[f.Code] += f.Qty;
                    }
                }
            }

            var totalWeight = weight.Values.Sum();
            var hours = new Dictionary<string, double>();
            foreach (var ws in keyWorkstations)
            {
                var sum = 0.0;
                foreach (var item in items)
                {
                    var perUnit = plant.Routings.Where(r => r.Item == item && r.Workstation == ws).Sum(r => r.RunHoursPerUnit);
                    sum += perUnit * (totalWeight > 0 ? weight[item] / totalWeight : 1.0 / items.Count);
                }

                if (sum > 0)
                {
                    hours[ws] = sum;
                }
            }

            list.Add(new SopFamily
            {
                Code = family,
                OpeningInventory = Math.Max(0, items.Sum(i => stock.GetValueOrDefault(i))),
                TargetDaysOfCover = targetDaysOfCover,
                Firm = firm,
                Forecast = forecast,
                Optional = optional,
                HoursPerUnit = hours,
            });
        }

        return new SopInput
        {
            Months = n,
            WorkingDays = [.. months.Select(m => (double)Math.Max(1, plant.Calendar.WorkingDaysBetween(m.Start, m.End)))],
            Families = list,
            Workstations = [.. plant.Workstations.Where(w => keyWorkstations.Contains(w.Code))
                .Select(w => new SopWorkstation(w.Code, [.. months.Select(m => w.AvailableHours(m.Start, m.End))]))],
        };
    }

    /// <summary>
    /// Capacity input: released MOs (open manufacturing receipts, needed on their due date) and the
    /// planned make orders of an MRP result (needed the day before their receipt bucket), on the
    /// MRP buckets.
    /// </summary>
    public static CapacityInput BuildCapacity(PlantData plant, MrpResult mrp, IReadOnlyList<Bucket> buckets)
    {
        var released = plant.ScheduledReceipts.Where(r => r.Kind == OrderKind.Manufacturing)
            .Select(r => new CapacityOrder(r.Number, r.Item, r.Qty, r.DueDate, OrderStatus.Released));
        return new CapacityInput
        {
            Workstations = plant.Workstations,
            Routings = plant.Routings,
            Orders = [.. released, .. CapacityEngine.FromPlannedOrders(mrp, buckets)],
            Buckets = buckets,
        };
    }
}
