using System.Text.Json;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Workstations;
using Collab.Planning.Mrp;

namespace Collab.Domain.Plan;

/// <summary>What a run says to one order or workstation grain; <see cref="Key"/> names the grain ("MO:OF-1", "WS:P-001").</summary>
public sealed record PlanConsequence(string Key, ObjectRef? Order, string? Workstation, OrderPlanFeedback? OrderFeedback, WorkstationLoadFeedback? Load)
{
    /// <summary>Fingerprint of what the grain is told, without the run id: equal when a new run would tell it the same thing.</summary>
    public ulong Print { get; } = OrderFeedback is { } o ? PlanConsequences.Fingerprint(o with { RunId = "" }) : PlanConsequences.Fingerprint(Load! with { RunId = "" });
}

/// <summary>
/// The consequences of a plan run for every open order and workstation (pure), and which of them differ from what
/// an earlier run told (issue #17: a run calls only those, so an unchanged order is not touched).
/// </summary>
public static class PlanConsequences
{
    public static IReadOnlyList<PlanConsequence> Of(PlanComputation run, string runId)
    {
        var exceptionsByOrder = run.Exceptions.Where(e => e.Order is not null).ToLookup(e => e.Order!);
        var receipts = run.Input.ScheduledReceipts;
        var receiptIndex = Enumerable.Range(0, receipts.Count).Where(i => receipts[i].Id is not null)
            .ToLookup(i => PlanComputation.OrderOf(receipts[i].Id!));
        var placements = run.Capacity.Placements.ToLookup(p => p.Order);
        var list = new List<PlanConsequence>(run.Snapshot.Orders.Count + 128);
        foreach (var o in run.Snapshot.Orders)
        {
            var ex = exceptionsByOrder[o.Number].ToList();
            DateOnly? needed = null;
            var pegged = new List<string>();
            foreach (var i in receiptIndex[o.Number])
            {
                pegged.AddRange(run.CustomerOrdersDependingOn(i));
            }

            foreach (var e in ex.Where(e => e.Type is MrpExceptionType.RescheduleIn or MrpExceptionType.RescheduleOut && e.To is not null))
            {
                needed = needed is null || e.To < needed ? e.To : needed;
            }

            var feedback = new OrderPlanFeedback(runId, needed, ex, [.. pegged.Distinct().Order(StringComparer.Ordinal)],
                [.. placements[o.Number].Select(p => new ScheduledOperation(p.Sequence, p.Workstation, p.Start, p.End, Math.Round(p.Hours, 2)))]);
            if (o.Ref.Kind == ObjectKind.CustomerOrder)
            {
                feedback = feedback with { NeededDate = run.ExpectedAvailability(o) };
            }

            list.Add(new PlanConsequence($"{Prefix(o.Ref.Kind)}:{o.Number}", o.Ref, null, feedback, null));
        }

        foreach (var row in run.LoadRows())
        {
            list.Add(new PlanConsequence($"WS:{row.Workstation}", null, row.Workstation, null, new WorkstationLoadFeedback(runId, row.Weeks, run.Queue(row.Workstation))));
        }

        return list;
    }

    /// <summary>The consequences whose print differs from <paramref name="told"/> (or that were never told).</summary>
    public static IReadOnlyList<PlanConsequence> Changed(IReadOnlyList<PlanConsequence> all, IReadOnlyDictionary<string, ulong> told) =>
        [.. all.Where(c => !told.TryGetValue(c.Key, out var print) || print != c.Print)];

    private static string Prefix(ObjectKind kind) => kind switch
    {
        ObjectKind.ManufacturingOrder => "MO",
        ObjectKind.PurchaseOrder => "PO",
        _ => "CO",
    };

    private static readonly JsonSerializerOptions Json = new() { IncludeFields = false };

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
