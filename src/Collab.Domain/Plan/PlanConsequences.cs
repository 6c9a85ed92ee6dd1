using System.Text.Json;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Workstations;
using Collab.Planning.Mrp;

namespace Collab.Domain.Plan;

/// <summary>What a run says to one order or workstation grain; <see cref="Key"/> names the grain ("MO:OF-1", "WS:P-001").</summary>
public sealed record PlanConsequence(string Key, ObjectRef? Order, string? Workstation, OrderPlanFeedback? OrderFeedback, WorkstationLoadFeedback? Load)
{
    /// <summary>Fingerprint of what the grain is told, without the run id: equal when a new run would tell it the same thing (<see cref="PlanPrint"/>).</summary>
    public ulong Print { get; } = OrderFeedback is { } o ? PlanPrint.Of(o) : PlanPrint.Of(Load!);
}

/// <summary>
/// The consequences of a plan run for every open order and workstation (pure), and which of them differ from what
/// an earlier run told (issue #17: a run calls only those, so an unchanged order is not touched).
/// </summary>
public static class PlanConsequences
{
    /// <summary>
    /// What the run tells every order of its snapshot and every workstation. The customer orders pegged to each order's
    /// receipts come from <see cref="CustomerOrderPegging"/> (one pass, issue #17): the same lists as
    /// <see cref="PlanComputation.CustomerOrdersDependingOn"/> per receipt, merged per order.
    /// </summary>
    public static IReadOnlyList<PlanConsequence> Of(PlanComputation run, string runId)
    {
        var exceptionsByOrder = run.Exceptions.Where(e => e.Order is not null).ToLookup(e => e.Order!);
        var receipts = run.Input.ScheduledReceipts;
        var receiptIndex = Enumerable.Range(0, receipts.Count).Where(i => receipts[i].Id is not null)
            .ToLookup(i => PlanComputation.OrderOf(receipts[i].Id!));
        var placements = run.Capacity.Placements.ToLookup(p => p.Order);
        var pegging = new CustomerOrderPegging(run.Mrp);
        var list = new List<PlanConsequence>(run.Snapshot.Orders.Count + 128);
        foreach (var o in run.Snapshot.Orders)
        {
            var ex = exceptionsByOrder[o.Number].ToList();
            DateOnly? needed = null;
            foreach (var e in ex.Where(e => e.Type is MrpExceptionType.RescheduleIn or MrpExceptionType.RescheduleOut && e.To is not null))
            {
                needed = needed is null || e.To < needed ? e.To : needed;
            }

            var feedback = new OrderPlanFeedback(runId, needed, ex, pegging.DependingOn(receiptIndex[o.Number]),
                [.. placements[o.Number].Select(p => new ScheduledOperation(p.Sequence, p.Workstation, p.Start, p.End, Math.Round(p.Hours, 2)))]);
            if (o.Ref.Kind == ObjectKind.CustomerOrder)
            {
                feedback = feedback with { NeededDate = run.ExpectedAvailability(o) };
            }

            list.Add(new PlanConsequence($"{Prefix(o.Ref.Kind)}:{o.Number}", o.Ref, null, feedback, null));
        }

        // A workstation keeps its weekly load and capacity (its list row, the meeting agenda, the wall screen); which
        // orders make that load and its queue are read from the plan's run (issue #17: planned orders are numbered
        // anew by every run, so holding them here rewrote all 100 workstations of a large plant on each net change).
        foreach (var row in run.LoadRows(withOrders: false))
        {
            list.Add(new PlanConsequence($"WS:{row.Workstation}", null, row.Workstation, null, new WorkstationLoadFeedback(runId, row.Weeks, [])));
        }

        return list;
    }

    /// <summary>
    /// The consequences whose print differs from <paramref name="told"/> (or that were never told). Prints told in an
    /// earlier <see cref="PlanPrint.Version"/> (<paramref name="toldVersion"/>) are compared with that version's print.
    /// </summary>
    public static IReadOnlyList<PlanConsequence> Changed(IReadOnlyList<PlanConsequence> all, IReadOnlyDictionary<string, ulong> told, int toldVersion = PlanPrint.Version) =>
        [.. all.Where(c => !told.TryGetValue(c.Key, out var print) || print != PrintIn(c, toldVersion))];

    private static ulong? PrintIn(PlanConsequence c, int version)
    {
        if (version == PlanPrint.Version)
        {
            return c.Print;
        }

        try
        {
            return JsonPrint(c);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return null; // not serialisable (an infinite utilisation): told again
        }
    }

    private static string Prefix(ObjectKind kind) => kind switch
    {
        ObjectKind.ManufacturingOrder => "MO",
        ObjectKind.PurchaseOrder => "PO",
        _ => "CO",
    };

    private static readonly JsonSerializerOptions Json = new() { IncludeFields = false };

    /// <summary>
    /// The print of <see cref="PlanPrint"/> version 0 (before issue #17's direct hash): FNV-1a of the feedback's JSON
    /// without the run id. The plan grain compares it once with prints stored in that version, so an upgrade does not
    /// tell every order again.
    /// </summary>
    public static ulong JsonPrint(PlanConsequence c) =>
        c.OrderFeedback is { } o ? Fingerprint(o with { RunId = "" }) : Fingerprint(c.Load! with { RunId = "" });

    /// <summary>64-bit FNV-1a of the value's JSON (stable across processes, unlike <see cref="object.GetHashCode"/>).</summary>
    public static ulong Fingerprint<T>(T value)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, Json);
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }
}
