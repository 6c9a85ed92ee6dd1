using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Scheduling;

namespace Collab.Domain.Scheduling;

/// <summary>
/// The one definition of "late" applied to the finite schedule (docs/late.md, docs/scheduling.md), through the pure
/// functions of <see cref="Collab.Planning.Lateness.Late"/>: a customer order is late when its promised date is before its expected availability
/// (<see cref="Collab.Planning.Lateness.Late.ScheduledCustomerOrder"/>: the latest scheduled end of the MOs pegged to it, else the plan's
/// expected availability, never before today); an MO is late when its scheduled end is after its need date
/// (<see cref="Collab.Planning.Lateness.Late.ManufacturingOrderNeed"/>), which the mapper gives the engine as the MO's due date.
/// </summary>
public static class ScheduleLateness
{
    /// <summary>The open customer orders late in the finite schedule <paramref name="schedule"/> on its day.</summary>
    public static IReadOnlyList<ScheduleLateCustomerOrder> LateCustomerOrders(ScheduleView schedule, IEnumerable<OrderSummary> openOrders)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return LateCustomerOrders(schedule.Orders, openOrders, DateOnly.FromDateTime(schedule.Now));
    }

    /// <summary>The open customer orders late given the scheduled MOs <paramref name="orders"/>, on <paramref name="today"/>.</summary>
    public static IReadOnlyList<ScheduleLateCustomerOrder> LateCustomerOrders(IEnumerable<ScheduledOrderView> orders, IEnumerable<OrderSummary> openOrders, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(openOrders);
        var byCo = new Dictionary<string, List<ScheduledOrderView>>(StringComparer.Ordinal);
        foreach (var mo in orders)
        {
            foreach (var co in mo.CustomerOrders)
            {
                if (!byCo.TryGetValue(co, out var list)) byCo[co] = list = [];
                list.Add(mo);
            }
        }

        var result = new List<ScheduleLateCustomerOrder>();
        foreach (var co in openOrders.Where(o => o.Ref.Kind == ObjectKind.CustomerOrder && !o.Closed))
        {
            byCo.TryGetValue(co.Number, out var mos);
            DateTime? scheduled = mos is { Count: > 0 } ? mos.Max(m => m.Completion) : null;
            if (!Collab.Planning.Lateness.Late.ScheduledCustomerOrder(co.DueDate, scheduled, co.NeededDate, today)) continue;
            var endOfPromise = co.DueDate.ToDateTime(TimeOnly.MinValue).AddDays(1);
            var bottlenecks = (mos ?? []).Where(m => m.Completion > endOfPromise)
                .SelectMany(m => new[] { m.Why?.Bottleneck ?? m.Bottleneck, m.Why?.SubAssemblyBottleneck })
                .OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            var available = scheduled ?? Later(co.NeededDate ?? today, today).ToDateTime(TimeOnly.MinValue);
            result.Add(new ScheduleLateCustomerOrder(co.Number, co.DueDate, available, co.Firm, bottlenecks, co.IsLate(today)));
        }

        return result;
    }

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;
}
