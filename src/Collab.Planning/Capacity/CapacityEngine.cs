using Collab.Planning.MasterData;
using Collab.Planning.Mrp;

namespace Collab.Planning.Capacity;

/// <summary>Status of a manufacturing order seen by capacity planning.</summary>
public enum OrderStatus
{
    /// <summary>Planned order (ordre planifié) proposed by MRP.</summary>
    Planned,
    /// <summary>Released MO (OF lancé).</summary>
    Released,
}

/// <summary>A manufacturing order to load: item, quantity and the date it is needed (finished by the end of that day).</summary>
public sealed record CapacityOrder(string Id, string Item, double Qty, DateOnly NeedDate, OrderStatus Status = OrderStatus.Planned);

public sealed record CapacityInput
{
    public IReadOnlyList<Workstation> Workstations { get; init; } = [];
    public IReadOnlyList<RoutingOperation> Routings { get; init; } = [];
    public IReadOnlyList<CapacityOrder> Orders { get; init; } = [];
    /// <summary>The buckets loads are reported in; load placed before the first bucket counts in the first one (late start).</summary>
    public IReadOnlyList<Bucket> Buckets { get; init; } = [];
}

/// <summary>Where an operation was placed (backward, infinite capacity): working days [Start, End] inclusive.</summary>
public sealed record OperationPlacement(string Order, string Item, int Sequence, string Workstation, double Hours, DateOnly Start, DateOnly End)
{
    /// <summary>True when the operation would have to start before the first bucket (already late).</summary>
    public bool StartsBeforeHorizon { get; init; }
}

/// <summary>Hours one order brings to a workstation in a bucket.</summary>
public sealed record OrderLoad(string Order, string Item, OrderStatus Status, double Hours);

/// <summary>Load vs available hours of a workstation in a bucket.</summary>
public sealed record BucketLoad(string Workstation, int Bucket, DateOnly Start, DateOnly End, double Available, double Load, IReadOnlyList<OrderLoad> Orders)
{
    public double Utilisation => Available > 0 ? Load / Available : Load > 0 ? double.PositiveInfinity : 0;
    public double Excess => Math.Max(0, Load - Available);
    public bool Overloaded => Load > Available * (1 + 1e-9) + 1e-9;
}

public sealed record CapacityResult(
    IReadOnlyList<BucketLoad> Loads,
    IReadOnlyList<OperationPlacement> Placements,
    /// <summary>Overloaded (workstation, bucket) cells, largest excess first, with the orders causing them (largest load first).</summary>
    IReadOnlyList<BucketLoad> Overloads,
    /// <summary>Orders whose item has no routing (no load).</summary>
    IReadOnlyList<string> UnroutedOrders);

/// <summary>
/// Capacity requirements planning (CRP) at infinite capacity. Each order's routing is placed
/// backward from its need date: the last operation ends on the need date, each earlier
/// operation ends where the next one starts (same workstation: the same day with the hours left;
/// another workstation: the day before). An operation needs setup + qty × run standard
/// hours; one machine of its workstation does shift hours × efficiency of them per day
/// (closed days do nothing), so the operation spreads backward over working days. The load
/// of every day is summed per workstation and bucket and compared with the available hours
/// (shift hours × machines × efficiency).
/// </summary>
public static class CapacityEngine
{
    public static IReadOnlyList<InputProblem> Validate(CapacityInput input)
    {
        var problems = new List<InputProblem>();
        var stations = new HashSet<string>();
        for (var w = 0; w < input.Workstations.Count; w++)
        {
            var ws = input.Workstations[w];
            if (!stations.Add(ws.Code))
            {
                problems.Add(new($"$.workstations[{w}].code", $"duplicate workstation '{ws.Code}'"));
            }

            if (ws.Machines < 1)
            {
                problems.Add(new($"$.workstations[{w}].machines", "must be ≥ 1"));
            }

            if (!(ws.Efficiency > 0))
            {
                problems.Add(new($"$.workstations[{w}].efficiency", "must be > 0"));
            }

            if (ws.Shifts.HoursByDay.Count != 7 || ws.Shifts.HoursByDay.Any(h => !(h >= 0 && h <= 24)))
            {
                problems.Add(new($"$.workstations[{w}].hoursByDay", "needs 7 values (Monday..Sunday) between 0 and 24"));
            }
        }

        for (var k = 0; k < input.Routings.Count; k++)
        {
            var op = input.Routings[k];
            if (!stations.Contains(op.Workstation))
            {
                problems.Add(new($"$.routings[{k}].workstation", $"unknown workstation '{op.Workstation}'"));
            }

            if (!(op.SetupHours >= 0))
            {
                problems.Add(new($"$.routings[{k}].setupHours", "must be ≥ 0"));
            }

            if (!(op.RunHoursPerUnit >= 0))
            {
                problems.Add(new($"$.routings[{k}].runHoursPerUnit", "must be ≥ 0"));
            }
        }

        for (var k = 0; k < input.Orders.Count; k++)
        {
            if (!(input.Orders[k].Qty >= 0))
            {
                problems.Add(new($"$.orders[{k}].qty", "negative quantity"));
            }
        }

        if (input.Buckets.Count == 0)
        {
            problems.Add(new("$.buckets", "at least one bucket is needed"));
        }

        return problems;
    }

    public static CapacityResult Run(CapacityInput input)
    {
        var problems = Validate(input);
        if (problems.Count > 0)
        {
            throw new InvalidMrpInputException(problems);
        }

        // Workstations by position, each routing's operations with their workstation's position, and one list of order
        // loads per (workstation, bucket) cell: an order's loads go to the end of a cell's list, so the current order's
        // load in a cell, when it has one, is the cell's last (issue #17: no dictionary lookup or record copy per day).
        var buckets = input.Buckets;
        var stations = input.Workstations.ToList();
        var stationIndex = new Dictionary<string, int>(stations.Count, StringComparer.Ordinal);
        for (var w = 0; w < stations.Count; w++)
        {
            stationIndex.TryAdd(stations[w].Code, w);
        }

        var weekly = stations.Select(w => w.Shifts.WeeklyHours).ToArray();
        var routing = input.Routings.GroupBy(r => r.Item)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.Sequence).Select(r => (Op: r, Station: stationIndex[r.Workstation])).ToArray());
        var width = buckets.Count + 1;
        var cells = new List<CellLoad>?[stations.Count * width];
        var placements = new List<OperationPlacement>();
        var unrouted = new List<string>();
        var horizonStart = buckets[0].Start;
        var horizonEnd = buckets[^1].End;
        var firstWithId = new Dictionary<string, int>(input.Orders.Count, StringComparer.Ordinal);

        for (var n = 0; n < input.Orders.Count; n++)
        {
            var order = input.Orders[n];
            if (!routing.TryGetValue(order.Item, out var ops))
            {
                unrouted.Add(order.Id);
                continue;
            }

            // Orders with the same id share their loads (the first one's item and status), as they always did.
            var key = firstWithId.TryAdd(order.Id, n) ? n : firstWithId[order.Id];
            var day = order.NeedDate;
            var dayLeft = -1.0; // capacity left on `day` for this order (−1: day not started)
            for (var k = 0; k < ops.Length; k++)
            {
                var (op, w) = ops[k];
                var ws = stations[w];
                var hours = op.Hours(order.Qty);
                var left = hours;
                var end = day;
                var endSet = false;
                var guard = 0;
                if (weekly[w] <= 0)
                {
                    // A workstation that never works: its load stays on the need day.
                    AddLoad(w, day, hours);
                    placements.Add(new OperationPlacement(order.Id, order.Item, op.Sequence, ws.Code, hours, day, day) { StartsBeforeHorizon = day < horizonStart });
                    continue;
                }

                while (true)
                {
                    if (dayLeft < 0)
                    {
                        dayLeft = ws.ShiftHours(day) * ws.Efficiency;
                    }

                    if (dayLeft > 0)
                    {
                        if (!endSet)
                        {
                            end = day;
                            endSet = true;
                        }

                        var take = Math.Min(left, dayLeft);
                        AddLoad(w, day, take);
                        left -= take;
                        dayLeft -= take;
                        if (left <= 1e-12)
                        {
                            break;
                        }
                    }

                    day = day.AddDays(-1);
                    dayLeft = -1;
                    if (++guard > 36_600)
                    {
                        break;
                    }
                }

                if (!endSet)
                {
                    end = day;
                }

                placements.Add(new OperationPlacement(order.Id, order.Item, op.Sequence, ws.Code, hours, day, end) { StartsBeforeHorizon = day < horizonStart });

                // The previous operation on the same workstation goes on with the hours left that day;
                // on another workstation it ends the day before this one starts.
                if (k + 1 < ops.Length && ops[k + 1].Op.Workstation != ws.Code)
                {
                    day = day.AddDays(-1);
                    dayLeft = -1;
                }
            }

            void AddLoad(int w, DateOnly d, double h)
            {
                if (h <= 0 || d >= horizonEnd)
                {
                    return; // beyond the horizon
                }

                var b = Math.Max(1, Buckets.NumberOf(buckets, d));
                ref var list = ref cells[w * width + b];
                list ??= [];
                var at = list.Count > 0 && list[^1].OrderNumber == key ? list.Count - 1 : key == n ? -1 : list.FindIndex(x => x.OrderNumber == key);
                if (at >= 0)
                {
                    list[at].Hours += h;
                }
                else
                {
                    list.Add(new CellLoad(key, order.Id, order.Item, order.Status, h));
                }
            }
        }

        var loads = new List<BucketLoad>(input.Workstations.Count * buckets.Count);
        for (var w = 0; w < stations.Count; w++)
        {
            var ws = stations[w];
            // A workstation listed twice keeps the first one's loads (as the cells were keyed by code).
            var first = stationIndex[ws.Code];
            foreach (var bucket in buckets)
            {
                var available = ws.AvailableHours(bucket.Start, bucket.End);
                IReadOnlyList<OrderLoad> orders = cells[first * width + bucket.Number] is { } o
                    ? [.. o.OrderByDescending(x => x.Hours).Select(x => new OrderLoad(x.Order, x.Item, x.Status, x.Hours))]
                    : [];
                loads.Add(new BucketLoad(ws.Code, bucket.Number, bucket.Start, bucket.End, available, orders.Sum(x => x.Hours), orders));
            }
        }

        var overloads = loads.Where(l => l.Overloaded).OrderByDescending(l => l.Excess).ThenBy(l => l.Workstation, StringComparer.Ordinal).ThenBy(l => l.Bucket).ToList();
        return new CapacityResult(loads, placements, overloads, unrouted);
    }

    /// <summary>One order's hours in a (workstation, bucket) cell while they are summed.</summary>
    private sealed class CellLoad(int orderNumber, string order, string item, OrderStatus status, double hours)
    {
        public int OrderNumber { get; } = orderNumber;
        public string Order { get; } = order;
        public string Item { get; } = item;
        public OrderStatus Status { get; } = status;
        public double Hours { get; set; } = hours;
    }

    /// <summary>
    /// The manufacturing orders MRP proposes, as capacity orders: each planned order of a make item
    /// is needed at the start of its receipt bucket (the day before, finished by the end of it).
    /// </summary>
    public static IReadOnlyList<CapacityOrder> FromPlannedOrders(MrpResult result, IReadOnlyList<Bucket> buckets) =>
        [.. result.PlannedOrders
            .Where(o => o.Source == MakeOrBuy.Make && o.ReceiptPeriod <= buckets.Count)
            .Select(o => new CapacityOrder($"PL-{o.Index + 1}", o.Item, o.Qty, buckets[o.ReceiptPeriod - 1].Start.AddDays(-1)))];
}
