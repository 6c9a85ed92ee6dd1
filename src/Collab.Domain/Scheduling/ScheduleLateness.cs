using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Scheduling;

namespace Collab.Domain.Scheduling;

/// <summary>A customer order the finite schedule makes late: its promised date, the expected availability (latest
/// scheduled end of the MOs pegged to it) and the bottleneck workstation that explains it (the late MO's bottleneck, or
/// that of the sub-assembly it waits for).</summary>
public sealed record LateCustomerOrder(string Order, DateOnly Promised, DateTime ExpectedAvailability, bool Firm, IReadOnlyList<string> Bottlenecks);

/// <summary>
/// The one definition of "late" for the schedule (docs/scheduling.md): an MO is late when its scheduled end is after
/// its due date (end of the due day, or of the earliest pegged customer order's date); a customer order is late when its
/// promised date is before its expected availability, i.e. the latest scheduled end of the MOs pegged to it.
/// </summary>
public static class ScheduleLateness
{
    public static IReadOnlyList<LateCustomerOrder> LateCustomerOrders(ScheduleView schedule, IEnumerable<OrderSummary> openOrders)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var byCo = new Dictionary<string, List<ScheduledOrderView>>(StringComparer.Ordinal);
        foreach (var mo in schedule.Orders)
        {
            foreach (var co in mo.CustomerOrders)
            {
                if (!byCo.TryGetValue(co, out var list)) byCo[co] = list = [];
                list.Add(mo);
            }
        }

        var result = new List<LateCustomerOrder>();
        foreach (var co in openOrders.Where(o => o.Ref.Kind == ObjectKind.CustomerOrder && !o.Closed))
        {
            if (!byCo.TryGetValue(co.Number, out var mos)) continue;
            var available = mos.Max(m => m.Completion);
            if (available <= co.DueDate.ToDateTime(TimeOnly.MinValue).AddDays(1)) continue;
            var bottlenecks = mos.Where(m => m.Completion > co.DueDate.ToDateTime(TimeOnly.MinValue).AddDays(1))
                .SelectMany(m => new[] { m.Why?.Bottleneck ?? m.Bottleneck, m.Why?.SubAssemblyBottleneck })
                .OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            result.Add(new LateCustomerOrder(co.Number, co.DueDate, available, co.Firm, bottlenecks));
        }

        return result;
    }
}
