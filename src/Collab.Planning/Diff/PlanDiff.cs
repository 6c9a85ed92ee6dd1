using Collab.Planning.Capacity;
using Collab.Planning.Mrp;

namespace Collab.Planning.Diff;

/// <summary>What happened to a planned order between two plans.</summary>
public enum OrderChangeKind
{
    New,
    Removed,
    /// <summary>Same item, other receipt period (the nearest unmatched order of the item).</summary>
    Moved,
    /// <summary>Same item and receipt period, other quantity.</summary>
    Resized,
}

public sealed record PlannedOrderChange(OrderChangeKind Kind, string Item, int? OldReceiptPeriod, int? NewReceiptPeriod, double OldQty, double NewQty);

/// <summary>A late customer demand, identified by its id (or item, period and index when it has none).</summary>
public sealed record LateDemandKey(string Item, string Demand, int Period, int DelayPeriods);

/// <summary>
/// An exception message identified by type, item and its subject: the order or demand it is about (<see cref="Order"/>)
/// and the period it concerns (<see cref="Period"/>: receipt period of a past-due release, target period of a reschedule).
/// </summary>
public sealed record ExceptionKey(MrpExceptionType Type, string Item, string? Order, int? Period);

public sealed record OverloadKey(string Workstation, int Bucket, double Excess);

/// <summary>"What changed since the last meeting": two plans compared.</summary>
public sealed record PlanDifference(
    IReadOnlyList<LateDemandKey> NewLateDemands,
    IReadOnlyList<LateDemandKey> ResolvedLateDemands,
    IReadOnlyList<PlannedOrderChange> PlannedOrders,
    IReadOnlyList<ExceptionKey> ExceptionsAppeared,
    IReadOnlyList<ExceptionKey> ExceptionsCleared,
    IReadOnlyList<OverloadKey> NewOverloads,
    IReadOnlyList<OverloadKey> ResolvedOverloads)
{
    public bool IsEmpty => NewLateDemands.Count + ResolvedLateDemands.Count + PlannedOrders.Count + ExceptionsAppeared.Count
        + ExceptionsCleared.Count + NewOverloads.Count + ResolvedOverloads.Count == 0;
}

/// <summary>
/// Compares two plans. Planned orders are compared per item on bucket totals: a receipt period
/// present in both with another quantity is resized; the remaining old and new periods of an
/// item are paired in period order as moves; what is left is new or removed.
/// </summary>
public static class PlanDiff
{
    public static PlanDifference Compare(MrpResult before, MrpResult after, CapacityResult? capacityBefore = null, CapacityResult? capacityAfter = null)
    {
        var lateBefore = LateDemands(before);
        var lateAfter = LateDemands(after);
        var beforeKeys = lateBefore.Select(l => l with { DelayPeriods = 0 }).ToHashSet();
        var afterKeys = lateAfter.Select(l => l with { DelayPeriods = 0 }).ToHashSet();

        var exBefore = Exceptions(before);
        var exAfter = Exceptions(after);

        var overBefore = capacityBefore?.Overloads.Select(o => (o.Workstation, o.Bucket)).ToHashSet() ?? [];
        var overAfter = capacityAfter?.Overloads.Select(o => (o.Workstation, o.Bucket)).ToHashSet() ?? [];

        return new PlanDifference(
            [.. lateAfter.Where(l => !beforeKeys.Contains(l with { DelayPeriods = 0 }))],
            [.. lateBefore.Where(l => !afterKeys.Contains(l with { DelayPeriods = 0 }))],
            OrderChanges(before, after),
            [.. exAfter.Where(e => !exBefore.Contains(e))],
            [.. exBefore.Where(e => !exAfter.Contains(e))],
            [.. (capacityAfter?.Overloads ?? []).Where(o => !overBefore.Contains((o.Workstation, o.Bucket))).Select(o => new OverloadKey(o.Workstation, o.Bucket, o.Excess))],
            [.. (capacityBefore?.Overloads ?? []).Where(o => !overAfter.Contains((o.Workstation, o.Bucket))).Select(o => new OverloadKey(o.Workstation, o.Bucket, o.Excess))]);
    }

    private static List<LateDemandKey> LateDemands(MrpResult r) =>
        [.. r.Exceptions.Where(e => e.Type == MrpExceptionType.LateDemand)
            .Select(e => new LateDemandKey(e.Item, e.Order ?? $"#{e.DemandIndex}", e.FromPeriod ?? 0, e.DelayPeriods ?? 0))];

    private static HashSet<ExceptionKey> Exceptions(MrpResult r) =>
        [.. r.Exceptions.Select(e => e.Type switch
        {
            MrpExceptionType.PastDueRelease => new ExceptionKey(e.Type, e.Item, null, e.ReceiptPeriod),
            MrpExceptionType.LateDemand => new ExceptionKey(e.Type, e.Item, e.Order ?? $"#{e.DemandIndex}", null),
            _ => new ExceptionKey(e.Type, e.Item, e.Order ?? $"#{e.ReceiptIndex}", e.ToPeriod),
        })];

    private static List<PlannedOrderChange> OrderChanges(MrpResult before, MrpResult after)
    {
        var changes = new List<PlannedOrderChange>();
        var codes = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < before.ItemCount; i++)
        {
            codes.Add(before.Code(i));
        }

        for (var i = 0; i < after.ItemCount; i++)
        {
            codes.Add(after.Code(i));
        }

        foreach (var code in codes)
        {
            var old = Buckets(before, code);
            var now = Buckets(after, code);
            var oldOnly = new List<(int Period, double Qty)>();
            var newOnly = new List<(int Period, double Qty)>();
            foreach (var (period, qty) in old)
            {
                if (now.TryGetValue(period, out var q))
                {
                    if (Math.Abs(q - qty) > 1e-9 * Math.Max(1, Math.Abs(qty)))
                    {
                        changes.Add(new PlannedOrderChange(OrderChangeKind.Resized, code, period, period, qty, q));
                    }
                }
                else
                {
                    oldOnly.Add((period, qty));
                }
            }

            foreach (var (period, qty) in now)
            {
                if (!old.ContainsKey(period))
                {
                    newOnly.Add((period, qty));
                }
            }

            var pairs = Math.Min(oldOnly.Count, newOnly.Count);
            for (var k = 0; k < pairs; k++)
            {
                changes.Add(new PlannedOrderChange(OrderChangeKind.Moved, code, oldOnly[k].Period, newOnly[k].Period, oldOnly[k].Qty, newOnly[k].Qty));
            }

            foreach (var (period, qty) in oldOnly.Skip(pairs))
            {
                changes.Add(new PlannedOrderChange(OrderChangeKind.Removed, code, period, null, qty, 0));
            }

            foreach (var (period, qty) in newOnly.Skip(pairs))
            {
                changes.Add(new PlannedOrderChange(OrderChangeKind.New, code, null, period, 0, qty));
            }
        }

        return changes;
    }

    private static SortedDictionary<int, double> Buckets(MrpResult r, string code)
    {
        var map = new SortedDictionary<int, double>();
        var i = r.IndexOf(code);
        if (i < 0)
        {
            return map;
        }

        var row = r.PlannedOrderReceipts(i);
        for (var t = 0; t < row.Length; t++)
        {
            if (row[t] > 0)
            {
                map[t + 1] = row[t];
            }
        }

        return map;
    }
}
