using Collab.Planning.Capacity;
using Collab.Planning.MasterData;
using Collab.Planning.Mrp;

namespace Collab.Planning.Tests.Capacity;

/// <summary>
/// Issue #17: <see cref="CapacityEngine.Run"/> sums its cells in lists (no dictionary per cell, no record copied per
/// day). The engine before it is kept verbatim below (<see cref="Before"/>); both must give the same loads (every
/// order's hours, bit for bit, in the same order), placements, overloads and unrouted orders on many random plants
/// with closures, a workstation that never works, orders outside the horizon, orders sharing an id and unrouted items.
/// </summary>
public class CapacityEngineSameResultsTests
{
    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 8)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Same_results_as_the_engine_before(int seed)
    {
        var input = RandomPlant(new Random(seed));

        var now = CapacityEngine.Run(input);
        var before = Before.Run(input);

        Assert.Equal(Text(before.Loads), Text(now.Loads));
        Assert.Equal(before.Placements, now.Placements);
        Assert.Equal(Text(before.Overloads), Text(now.Overloads));
        Assert.Equal(before.UnroutedOrders, now.UnroutedOrders);
        Assert.Contains(now.Loads, l => l.Orders.Count > 1);
    }

    /// <summary>Every field of every load, doubles in round-trip form (bit for bit).</summary>
    private static List<string> Text(IReadOnlyList<BucketLoad> loads) =>
        [.. loads.Select(l => $"{l.Workstation} {l.Bucket} {l.Start} {l.End} {l.Available:R} {l.Load:R} | " +
            string.Join("; ", l.Orders.Select(o => $"{o.Order} {o.Item} {o.Status} {o.Hours:R}")))];

    private static CapacityInput RandomPlant(Random random)
    {
        var start = new DateOnly(2027, 1, 4);
        var buckets = Buckets.Build(start, BucketSize.Week, 12);
        var stations = Enumerable.Range(0, 6).Select(w => new Workstation
        {
            Code = $"WS{w}",
            Shifts = w == 5 ? new ShiftPattern { HoursByDay = [0, 0, 0, 0, 0, 0, 0] } : ShiftPattern.Shifts(1 + w % 3, 7.5, 5 + w % 2),
            Closures = [.. Enumerable.Range(0, 4).Select(_ => start.AddDays(random.Next(-20, 90)))],
            Machines = 1 + w % 2,
            Efficiency = 0.7 + 0.05 * w,
        }).ToList();
        var items = Enumerable.Range(0, 30).Select(i => $"IT{i}").ToList();
        var routings = items.Take(27).SelectMany(item => Enumerable.Range(0, 1 + random.Next(4)).Select(k =>
            new RoutingOperation(item, 10 * (k + 1), stations[random.Next(stations.Count)].Code, random.NextDouble() * 3, random.NextDouble() * 0.7))).ToList();
        var orders = Enumerable.Range(0, 600).Select(n => new CapacityOrder(
            random.Next(20) == 0 ? $"MO-{random.Next(5)}" : $"PL-{n}", items[random.Next(items.Count)], Math.Round(random.NextDouble() * 80, 3),
            start.AddDays(random.Next(-30, 100)), random.Next(3) == 0 ? OrderStatus.Released : OrderStatus.Planned)).ToList();
        return new CapacityInput { Workstations = stations, Routings = routings, Orders = orders, Buckets = buckets };
    }

    /// <summary><see cref="CapacityEngine.Run"/> before issue #17's change, verbatim.</summary>
    private static class Before
    {
        public static CapacityResult Run(CapacityInput input)
        {
            var problems = CapacityEngine.Validate(input);
            if (problems.Count > 0)
            {
                throw new InvalidMrpInputException(problems);
            }

            var buckets = input.Buckets;
            var stations = input.Workstations.ToDictionary(w => w.Code);
            var routing = input.Routings.GroupBy(r => r.Item).ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.Sequence).ToList());
            var cell = new Dictionary<(string Ws, int Bucket), Dictionary<string, (OrderLoad Load, int First)>>();
            var placements = new List<OperationPlacement>();
            var unrouted = new List<string>();
            var horizonStart = buckets[0].Start;
            var sequence = 0;

            foreach (var order in input.Orders)
            {
                if (!routing.TryGetValue(order.Item, out var ops))
                {
                    unrouted.Add(order.Id);
                    continue;
                }

                var day = order.NeedDate;
                var dayLeft = -1.0; // capacity left on `day` for this order (−1: day not started)
                for (var k = 0; k < ops.Count; k++)
                {
                    var op = ops[k];
                    var ws = stations[op.Workstation];
                    var hours = op.Hours(order.Qty);
                    var left = hours;
                    var end = day;
                    var endSet = false;
                    var guard = 0;
                    if (ws.Shifts.WeeklyHours <= 0)
                    {
                        // A workstation that never works: its load stays on the need day.
                        AddLoad(ws.Code, day, hours);
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
                            AddLoad(ws.Code, day, take);
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
                    if (k + 1 < ops.Count && ops[k + 1].Workstation != ws.Code)
                    {
                        day = day.AddDays(-1);
                        dayLeft = -1;
                    }
                }

                void AddLoad(string ws, DateOnly d, double h)
                {
                    var b = Buckets.NumberOf(buckets, d);
                    if (b > buckets.Count || h <= 0)
                    {
                        return; // beyond the horizon
                    }

                    b = Math.Max(1, b);
                    if (!cell.TryGetValue((ws, b), out var orders))
                    {
                        cell[(ws, b)] = orders = [];
                    }

                    orders[order.Id] = orders.TryGetValue(order.Id, out var cur)
                        ? (cur.Load with { Hours = cur.Load.Hours + h }, cur.First)
                        : (new OrderLoad(order.Id, order.Item, order.Status, h), sequence++);
                }
            }

            var loads = new List<BucketLoad>(input.Workstations.Count * buckets.Count);
            foreach (var ws in input.Workstations)
            {
                foreach (var bucket in buckets)
                {
                    var available = ws.AvailableHours(bucket.Start, bucket.End);
                    IReadOnlyList<OrderLoad> orders = cell.TryGetValue((ws.Code, bucket.Number), out var o)
                        ? [.. o.Values.OrderByDescending(x => x.Load.Hours).ThenBy(x => x.First).Select(x => x.Load)]
                        : [];
                    loads.Add(new BucketLoad(ws.Code, bucket.Number, bucket.Start, bucket.End, available, orders.Sum(x => x.Hours), orders));
                }
            }

            var overloads = loads.Where(l => l.Overloaded).OrderByDescending(l => l.Excess).ThenBy(l => l.Workstation, StringComparer.Ordinal).ThenBy(l => l.Bucket).ToList();
            return new CapacityResult(loads, placements, overloads, unrouted);
        }
    }
}
