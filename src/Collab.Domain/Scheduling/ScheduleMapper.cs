using Collab.Contracts.Orders;
using Collab.Contracts.Scheduling;
using Collab.Contracts.Sites;
using Collab.Planning.Scheduling;
using EngineOperation = Collab.Planning.Scheduling.ScheduledOperation;

namespace Collab.Domain.Scheduling;

/// <summary>Everything the schedule is built from, gathered by the grain (no I/O in the mapper).</summary>
public sealed record ScheduleInputs(
    DateTime Now,
    TimeZoneInfo TimeZone,
    IReadOnlyList<ManufacturingOrderView> ManufacturingOrders,
    IReadOnlyList<WorkstationData> Workstations,
    IReadOnlyList<StockData> Stock,
    IReadOnlyList<OrderSummary> OpenOrders,
    IReadOnlyList<SchedulePin> Pins)
{
    /// <summary>Transfer / queue time between the end of a sub-assembly MO and the start of the parent MO's operation
    /// that consumes it (elapsed minutes, calendar-free).</summary>
    public long TransferMinutes { get; init; } = ScheduleMapper.DefaultTransferMinutes;
}

/// <summary>Material supply of the MOs not yet started: the day purchased/stock components are there, and the open
/// MOs (sub-assemblies) whose output they consume — linked in time, not by their due date.</summary>
public sealed record MaterialSupply(IReadOnlyDictionary<string, DateTime> Release, IReadOnlyDictionary<string, IReadOnlyList<string>> SubAssemblies)
{
    /// <summary>Per MO held by its release date: the component and the receipt (purchase order, or an MO with nothing left
    /// to schedule) that set it — what the buyer would expedite.</summary>
    public IReadOnlyDictionary<string, MaterialHold> Holds { get; init; } = new Dictionary<string, MaterialHold>(StringComparer.Ordinal);
}

/// <summary>The receipt an MO waits for: <paramref name="Component"/> arrives with <paramref name="Receipt"/> on <paramref name="Date"/>.</summary>
public sealed record MaterialHold(string Component, string Receipt, DateOnly Date);

/// <summary>What the Gantt needs to know about one engine operation.</summary>
public sealed record OperationInfo(string Id, ManufacturingOrderView Order, MoOperation Operation, bool InProgress, double Hours);

/// <summary>The engine problem built from the MOs, and the way back from engine minutes to plant-local dates.</summary>
public sealed record ScheduleMapping(
    SchedulingProblem Problem,
    DateTime Origin,
    IReadOnlyDictionary<string, OperationInfo> Operations,
    IReadOnlyDictionary<string, WorkstationData> Workstations,
    IReadOnlyDictionary<string, IReadOnlyList<string>> PeggedCustomerOrders,
    string Signature)
{
    /// <summary>The plant-local time the mapping was built for (<see cref="ScheduleInputs.Now"/>; the problem's "now" is
    /// that time rounded to the minute).</summary>
    public DateTime BuiltAt { get; init; }

    /// <summary>The receipt each MO held by its material release waits for (<see cref="MaterialSupply.Holds"/>).</summary>
    public IReadOnlyDictionary<string, MaterialHold> MaterialHolds { get; init; } = new Dictionary<string, MaterialHold>(StringComparer.Ordinal);

    public long ToMinutes(DateTime t) => (long)Math.Round((t - Origin).TotalMinutes);

    public DateTime ToDate(long minutes) => Origin.AddMinutes(minutes);
}

/// <summary>
/// Pure translation of the shared plan (open MOs, workstation calendars, stock and open receipts) into the scheduling
/// engine's model, and of its placements back into dates. Times are minutes from <see cref="ScheduleMapping.Origin"/>
/// (the Monday four weeks before "now", so operations started recently still have non-negative times).
/// </summary>
public static class ScheduleMapper
{
    /// <summary>Calendars are built this many days past "now"; an operation beyond is reported as CalendarExhausted.</summary>
    public const int HorizonDays = 400;

    /// <summary>Shifts start at 06:00 (a day of more than 18 h starts earlier, 24 h is round the clock).</summary>
    public const int ShiftStartMinute = 6 * 60;

    /// <summary>Default transfer / queue time from a sub-assembly MO to its parent MO (1 h).</summary>
    public const long DefaultTransferMinutes = 60;

    public static DispatchRule ToEngine(SchedulingRule rule) => rule switch
    {
        SchedulingRule.CriticalRatio => DispatchRule.CriticalRatio,
        SchedulingRule.ShortestProcessingTime => DispatchRule.ShortestProcessingTime,
        SchedulingRule.CustomerPriority => DispatchRule.CustomerPriority,
        _ => DispatchRule.EarliestDueDate,
    };

    public static ScheduleMapping Build(ScheduleInputs input)
    {
        var now = input.Now;
        var today = now.Date;
        var origin = today.AddDays(-28 - ((7 + (int)today.DayOfWeek - (int)DayOfWeek.Monday) % 7));
        long Min(DateTime t) => (long)Math.Round((t - origin).TotalMinutes);
        var nowMin = Min(now);

        var mos = input.ManufacturingOrders
            .Where(m => m.Status is ManufacturingOrderStatus.Planned or ManufacturingOrderStatus.Released or ManufacturingOrderStatus.InProgress)
            .OrderBy(m => m.Number, StringComparer.Ordinal).ToList();

        // Workstations: those configured, plus any referenced by a routing but unknown (one machine, one shift).
        var wsData = new Dictionary<string, WorkstationData>(StringComparer.Ordinal);
        foreach (var w in input.Workstations) wsData[w.Code] = w;
        foreach (var op in mos.SelectMany(m => m.Operations).Where(o => !wsData.ContainsKey(o.Workstation)))
        {
            wsData[op.Workstation] = new WorkstationData(op.Workstation, op.Workstation, WorkstationData.Shifts(1), 1, 1, []);
        }

        var usedWs = mos.SelectMany(m => m.Operations).Where(o => !o.Done).Select(o => o.Workstation).ToHashSet(StringComparer.Ordinal);
        var workstations = wsData.Values.Where(w => usedWs.Contains(w.Code)).OrderBy(w => w.Code, StringComparer.Ordinal)
            .Select(w => new Workstation(w.Code, Math.Max(1, w.Machines), Calendar(w, origin, today.AddDays(HorizonDays)))).ToList();

        var supply = Supply(input, mos);
        var release = supply.Release;
        var lastOp = mos.Select(m => (m.Number, Last: m.Operations.Where(o => !o.Done).OrderBy(o => o.Sequence).LastOrDefault()))
            .Where(x => x.Last is not null).ToDictionary(x => x.Number, x => $"{x.Number}/{x.Last!.Sequence}", StringComparer.Ordinal);
        var coDue = input.OpenOrders.Where(o => o.Ref.Kind == Contracts.Common.ObjectKind.CustomerOrder)
            .ToDictionary(o => o.Number, o => o, StringComparer.Ordinal);
        var pins = input.Pins.ToDictionary(p => p.OperationId, StringComparer.Ordinal);
        var moNeeded = input.OpenOrders.Where(o => o.Ref.Kind == Contracts.Common.ObjectKind.ManufacturingOrder && o.NeededDate is not null)
            .GroupBy(o => o.Number, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().NeededDate, StringComparer.Ordinal);

        var orders = new List<ScheduledOrder>();
        var operations = new List<EngineOperation>();
        var infos = new Dictionary<string, OperationInfo>(StringComparer.Ordinal);
        var pegged = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var signature = new System.Text.StringBuilder();
        foreach (var mo in mos)
        {
            var remaining = mo.Operations.Where(o => !o.Done).OrderBy(o => o.Sequence).ToList();
            if (remaining.Count == 0) continue;
            var customers = mo.PeggedCustomerOrders.Where(coDue.ContainsKey).ToList();
            // The MO's need date (docs/late.md): its customer orders' promise, else the date the plan needs it, else its due date.
            var due = Collab.Planning.Lateness.Late.ManufacturingOrderNeed(mo.Due, moNeeded.GetValueOrDefault(mo.Number), customers.Select(c => coDue[c].DueDate));

            var firmCustomer = customers.Any(c => coDue[c].Firm);
            pegged[mo.Number] = customers;
            var startedOrder = mo.Operations.Any(o => o.Done || Started(o));
            long? orderRelease = !startedOrder && release.TryGetValue(mo.Number, out var r) && r > today ? Min(r) : null;
            orders.Add(new ScheduledOrder(mo.Number, Min(due.ToDateTime(TimeOnly.MinValue).AddDays(1)), firmCustomer ? 2 : 1, customers.Count, orderRelease));

            EngineOperation? previous = null;
            foreach (var op in remaining)
            {
                var id = $"{mo.Number}/{op.Sequence}";
                var ws = wsData[op.Workstation];
                var efficiency = ws.Efficiency > 0 ? ws.Efficiency : 1;
                var inProgress = Started(op);
                var hours = inProgress ? Math.Max(op.PlannedHours - op.ActualHours, op.PlannedHours * 0.1) : op.PlannedHours;
                var duration = Math.Max(1, (long)Math.Ceiling(hours * 60 / efficiency));
                OperationFix? fix = null;
                if (inProgress)
                {
                    var first = mo.Progress.Where(p => p.Declaration.Sequence == op.Sequence).Select(p => p.At).DefaultIfEmpty(DateTimeOffset.MinValue).Min();
                    var started = first == DateTimeOffset.MinValue ? now : TimeZoneInfo.ConvertTime(first, input.TimeZone).DateTime;
                    fix = new OperationFix(FixKind.InProgress, Math.Clamp(Min(started), 0, nowMin));
                }
                else if (pins.TryGetValue(id, out var pin))
                {
                    fix = new OperationFix(FixKind.Pinned, Min(pin.Start), Math.Clamp(pin.Machine, 0, Math.Max(1, ws.Machines) - 1));
                }

                // An operation already started has its material: no routing link into it. The first operation of an MO
                // not started waits for the sub-assembly MOs that supply its components (their last operation + transfer).
                List<Precedence> predecessors = [];
                if (previous is not null && !inProgress) predecessors.Add(new Precedence(previous.Id));
                if (previous is null && !inProgress && !startedOrder && supply.SubAssemblies.TryGetValue(mo.Number, out var children))
                {
                    foreach (var child in children)
                    {
                        if (lastOp.TryGetValue(child, out var childOp)) predecessors.Add(new Precedence(childOp, MinDelay: input.TransferMinutes));
                    }
                }

                var operation = new EngineOperation(id, mo.Number, op.Workstation, duration)
                {
                    Predecessors = predecessors,
                    Fix = fix,
                };
                operations.Add(operation);
                infos[id] = new OperationInfo(id, mo, op, inProgress, hours);
                signature.Append(id).Append(':').Append(inProgress ? "P" : duration.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(';');
                previous = operation;
            }
        }

        var problem = new SchedulingProblem(nowMin, workstations, orders, operations);
        return new ScheduleMapping(problem, origin, infos, wsData, pegged, signature.ToString()) { BuiltAt = input.Now, MaterialHolds = supply.Holds };
    }

    /// <summary>
    /// Calendar of a workstation: each day's hours (Monday first) as one block starting at 06:00, closures removed.
    /// Efficiency is applied to durations, not to the calendar.
    /// </summary>
    public static WorkCalendar Calendar(WorkstationData w, DateTime origin, DateTime until)
    {
        var closed = w.Closures.ToHashSet();
        var intervals = new List<TimeInterval>();
        for (var day = origin.Date; day < until; day = day.AddDays(1))
        {
            if (closed.Contains(DateOnly.FromDateTime(day))) continue;
            var index = ((int)day.DayOfWeek + 6) % 7;
            var hours = index < w.HoursByDay.Count ? w.HoursByDay[index] : 0;
            if (hours <= 0) continue;
            var length = (long)Math.Round(Math.Min(24, hours) * 60);
            var start = length >= 1440 ? 0 : Math.Min(ShiftStartMinute, 1440 - length);
            var dayStart = (long)Math.Round((day - origin).TotalMinutes);
            intervals.Add(new TimeInterval(dayStart + start, dayStart + start + length));
        }

        return new WorkCalendar(intervals);
    }

    /// <summary>
    /// Material availability of each MO not yet started: its components are taken, in due-date order of the MOs,
    /// from free stock then from open receipts (purchase orders and other MOs of the component) in date order; the
    /// MO may start on the day its last component is covered. A component that nothing covers does not hold the MO
    /// (MRP reports that shortage as an exception).
    /// </summary>
    public static IReadOnlyDictionary<string, DateTime> MaterialRelease(ScheduleInputs input, IReadOnlyList<ManufacturingOrderView> mos)
        => Supply(input, mos).Release;

    /// <summary>
    /// Pegging of the components of the MOs not yet started, in due-date order of the MOs: free stock first, then open
    /// receipts in date order. A purchase order (or an MO with nothing left to schedule) gives a release date; an open MO
    /// still to be scheduled becomes a <b>sub-assembly link</b>: the consuming MO waits for its scheduled end (not its due
    /// date). The release date only counts what is not linked.
    /// </summary>
    public static MaterialSupply Supply(ScheduleInputs input, IReadOnlyList<ManufacturingOrderView> mos)
    {
        var today = input.Now.Date;
        var scheduled = mos.Where(m => m.Operations.Any(o => !o.Done)).Select(m => m.Number).ToHashSet(StringComparer.Ordinal);
        var pools = new Dictionary<string, List<(DateTime Date, double Qty, string? Mo, string? Receipt)>>(StringComparer.Ordinal);
        // Stock and receipt lines grouped by item once (a plant of thousands of MOs and orders: not one scan per item).
        var stockByItem = input.Stock.ToLookup(s => s.Item, StringComparer.Ordinal);
        var receiptsByItem = input.OpenOrders.Where(o => o.Ref.Kind is Contracts.Common.ObjectKind.PurchaseOrder or Contracts.Common.ObjectKind.ManufacturingOrder)
            .SelectMany(o => o.Lines.Select(l => (Order: o, Line: l))).ToLookup(x => x.Line.Item, StringComparer.Ordinal);
        List<(DateTime Date, double Qty, string? Mo, string? Receipt)> Pool(string item)
        {
            if (pools.TryGetValue(item, out var pool)) return pool;
            pool = [];
            var free = stockByItem[item].Sum(s => s.OnHand - s.Allocated);
            if (free > 0) pool.Add((today, free, null, null));
            foreach (var (o, line) in receiptsByItem[item])
            {
                if (line.OpenQty <= 0) continue;
                var mo = o.Ref.Kind == Contracts.Common.ObjectKind.ManufacturingOrder && scheduled.Contains(o.Number) ? o.Number : null;
                var date = line.Date.ToDateTime(TimeOnly.MinValue);
                pool.Add((date < today ? today : date, line.OpenQty, mo, o.Number));
            }

            pool.Sort((a, b) => a.Date.CompareTo(b.Date));
            pools[item] = pool;
            return pool;
        }

        var result = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        var links = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var holds = new Dictionary<string, MaterialHold>(StringComparer.Ordinal);
        foreach (var mo in mos.Where(m => !m.Operations.Any(o => o.Done || Started(o))).OrderBy(m => m.Due).ThenBy(m => m.Number, StringComparer.Ordinal))
        {
            var ready = today;
            var children = new List<string>();
            MaterialHold? hold = null;
            foreach (var m in mo.Materials.Where(m => m.QtyRequired > 0))
            {
                var pool = Pool(m.Component);
                var need = m.QtyRequired;
                var latest = today;
                var linked = new List<string>();
                string? latestReceipt = null;
                for (var k = 0; k < pool.Count && need > 1e-9; k++)
                {
                    var take = Math.Min(need, pool[k].Qty);
                    if (take <= 0) continue;
                    need -= take;
                    pool[k] = (pool[k].Date, pool[k].Qty - take, pool[k].Mo, pool[k].Receipt);
                    if (pool[k].Mo is { } child)
                    {
                        if (child != mo.Number) linked.Add(child);
                    }
                    else if (pool[k].Date > latest)
                    {
                        latest = pool[k].Date;
                        latestReceipt = pool[k].Receipt;
                    }
                }

                // A component nothing fully covers does not hold the MO (MRP reports that shortage).
                if (need > 1e-9) continue;
                if (latest > ready)
                {
                    ready = latest;
                    hold = latestReceipt is null ? null : new MaterialHold(m.Component, latestReceipt, DateOnly.FromDateTime(latest));
                }
                foreach (var c in linked)
                {
                    if (!children.Contains(c)) children.Add(c);
                }
            }

            result[mo.Number] = ready;
            if (children.Count > 0) links[mo.Number] = children;
            if (hold is not null) holds[mo.Number] = hold;
        }

        return new MaterialSupply(result, links) { Holds = holds };
    }

    /// <summary>Why an order is late, as typed data (the UI words it in French or English).</summary>
    /// <param name="holds">The receipts MOs wait for (<see cref="ScheduleMapping.MaterialHolds"/>): an origin held by its
    /// material release names the component and the receipt.</param>
    public static ScheduleLateReason Reason(LatenessExplanation e, IReadOnlyDictionary<string, MaterialHold>? holds = null)
    {
        var origin = e.CriticalChain.Count > 0 ? e.CriticalChain[^1] : null;
        var cause = origin is null ? ScheduleDelayCause.Now : (ScheduleDelayCause)(int)origin.Cause;
        var hold = cause == ScheduleDelayCause.Release && holds is not null && holds.TryGetValue(origin!.OrderId, out var h) ? h : null;
        return new ScheduleLateReason(Math.Round(e.Lateness / 60.0, 2), e.BottleneckWorkstationId, e.DelayingPredecessorId,
            e.SubAssembly?.OrderId, Math.Round((e.SubAssembly?.Lateness ?? 0) / 60.0, 2), e.SubAssembly?.BottleneckWorkstationId,
            origin?.OperationId, cause, origin?.WorkstationId, origin?.BlockingOperationId, hold?.Component, hold?.Receipt, hold?.Date);
    }

    private static bool Started(MoOperation o) => !o.Done && (o.GoodQty > 0 || o.ScrapQty > 0 || o.ActualHours > 0);
}
