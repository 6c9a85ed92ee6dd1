using Collab.Contracts.Orders;
using Collab.Contracts.Scheduling;
using Collab.Contracts.Sites;
using Collab.Planning.Scheduling;
using EngineOperation = Collab.Planning.Scheduling.ScheduledOperation;

namespace Collab.Grains.Scheduling;

/// <summary>A planner's pin: the operation stays at this start on this machine.</summary>
[GenerateSerializer, Immutable, Alias("Collab.SchedulePin")]
public sealed record SchedulePin(
    [property: Id(0)] string OperationId,
    [property: Id(1)] DateTime Start,
    [property: Id(2)] int Machine);

/// <summary>Everything the schedule is built from, gathered by the grain (no I/O in the mapper).</summary>
public sealed record ScheduleInputs(
    DateTime Now,
    TimeZoneInfo TimeZone,
    IReadOnlyList<ManufacturingOrderView> ManufacturingOrders,
    IReadOnlyList<WorkstationData> Workstations,
    IReadOnlyList<StockData> Stock,
    IReadOnlyList<OrderSummary> OpenOrders,
    IReadOnlyList<SchedulePin> Pins);

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

        var release = MaterialRelease(input, mos);
        var coDue = input.OpenOrders.Where(o => o.Ref.Kind == Contracts.Common.ObjectKind.CustomerOrder)
            .ToDictionary(o => o.Number, o => o, StringComparer.Ordinal);
        var pins = input.Pins.ToDictionary(p => p.OperationId, StringComparer.Ordinal);

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
            var due = mo.Due;
            foreach (var co in customers)
            {
                if (coDue[co].DueDate < due) due = coDue[co].DueDate;
            }

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

                // An operation already started has its material: no routing link into it.
                var operation = new EngineOperation(id, mo.Number, op.Workstation, duration)
                {
                    Predecessors = previous is null || inProgress ? [] : [new Precedence(previous.Id)],
                    Fix = fix,
                };
                operations.Add(operation);
                infos[id] = new OperationInfo(id, mo, op, inProgress, hours);
                signature.Append(id).Append(':').Append(inProgress ? "P" : duration.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(';');
                previous = operation;
            }
        }

        var problem = new SchedulingProblem(nowMin, workstations, orders, operations);
        return new ScheduleMapping(problem, origin, infos, wsData, pegged, signature.ToString());
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
    {
        var today = input.Now.Date;
        var pools = new Dictionary<string, List<(DateTime Date, double Qty)>>(StringComparer.Ordinal);
        List<(DateTime Date, double Qty)> Pool(string item)
        {
            if (pools.TryGetValue(item, out var pool)) return pool;
            pool = [];
            var free = input.Stock.Where(s => s.Item == item).Sum(s => s.OnHand - s.Allocated);
            if (free > 0) pool.Add((today, free));
            foreach (var o in input.OpenOrders.Where(o => o.Ref.Kind is Contracts.Common.ObjectKind.PurchaseOrder or Contracts.Common.ObjectKind.ManufacturingOrder))
            {
                foreach (var line in o.Lines.Where(l => l.Item == item && l.OpenQty > 0))
                {
                    var date = line.Date.ToDateTime(TimeOnly.MinValue);
                    pool.Add((date < today ? today : date, line.OpenQty));
                }
            }

            pool.Sort((a, b) => a.Date.CompareTo(b.Date));
            pools[item] = pool;
            return pool;
        }

        var result = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        foreach (var mo in mos.Where(m => !m.Operations.Any(o => o.Done || Started(o))).OrderBy(m => m.Due).ThenBy(m => m.Number, StringComparer.Ordinal))
        {
            var ready = today;
            foreach (var m in mo.Materials.Where(m => m.QtyRequired > 0))
            {
                var pool = Pool(m.Component);
                var need = m.QtyRequired;
                DateTime? covered = null;
                for (var k = 0; k < pool.Count && need > 1e-9; k++)
                {
                    var take = Math.Min(need, pool[k].Qty);
                    if (take <= 0) continue;
                    need -= take;
                    pool[k] = (pool[k].Date, pool[k].Qty - take);
                    if (need <= 1e-9) covered = pool[k].Date;
                }

                if (covered is { } c && c > ready) ready = c;
            }

            result[mo.Number] = ready;
        }

        return result;
    }

    /// <summary>Why an order is late, in plain words (French by default): bottleneck, what it waits for, where the delay starts.</summary>
    public static string Explain(LatenessExplanation e, bool french = true)
    {
        var ic = System.Globalization.CultureInfo.GetCultureInfo(french ? "fr-FR" : "en-GB");
        var hours = e.Lateness / 60.0;
        var late = hours >= 48
            ? (french ? string.Format(ic, "{0:0.#} j", hours / 24) : string.Format(ic, "{0:0.#} d", hours / 24))
            : string.Format(ic, "{0:0.#} h", hours);
        var parts = new List<string> { french ? $"Fin prévue {late} après l'échéance" : $"Ends {late} after its due date" };
        if (e.BottleneckWorkstationId is { } b)
            parts.Add(french ? $"goulot : poste {b}" : $"bottleneck: workstation {b}");
        if (e.DelayingPredecessorId is { } p)
            parts.Add(french ? $"attend l'opération {p}" : $"waits for operation {p}");
        if (e.CriticalChain.Count > 0)
        {
            var origin = e.CriticalChain[^1];
            var cause = origin.Cause switch
            {
                DelayCause.Predecessor => french ? "attente de l'opération précédente" : "waits for its predecessor",
                DelayCause.Workstation => french ? $"poste {origin.WorkstationId} occupé" + (origin.BlockingOperationId is { } x ? $" par {x}" : "") : $"workstation {origin.WorkstationId} busy" + (origin.BlockingOperationId is { } y ? $" with {y}" : ""),
                DelayCause.Release => french ? "matière disponible tard" : "material available late",
                DelayCause.Now => french ? "ne peut pas commencer plus tôt qu'aujourd'hui" : "cannot start earlier than now",
                DelayCause.Fixed => french ? "opération épinglée ou en cours" : "pinned or in-progress operation",
                DelayCause.Calendar => french ? "fermeture du poste" : "workstation closed",
                _ => french ? "placée au plus tard" : "placed just in time",
            };
            parts.Add(french ? $"origine : {origin.OperationId} ({cause})" : $"origin: {origin.OperationId} ({cause})");
        }

        return string.Join(french ? " ; " : "; ", parts) + ".";
    }

    private static bool Started(MoOperation o) => !o.Done && (o.GoodQty > 0 || o.ScrapQty > 0 || o.ActualHours > 0);
}
