namespace Collab.Planning.Mrp;

/// <summary>
/// Exception message types (JSON: PAST_DUE_RELEASE, RESCHEDULE_IN, RESCHEDULE_OUT, CANCEL, LATE_DEMAND). The one typed
/// list of plan messages used by the plan, the orders, the agenda and the UI (which localises them); stored and
/// exchanged under their textbook codes, so states written when the type was a string still load.
/// </summary>
public enum MrpExceptionType
{
    /// <summary>A planned receipt whose release (receipt − lead time) falls before period 1.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("PAST_DUE_RELEASE")]
    PastDueRelease,
    /// <summary>A scheduled receipt is needed earlier than its due period (expedite).</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("RESCHEDULE_IN")]
    RescheduleIn,
    /// <summary>A scheduled receipt is not needed until a later period (postpone).</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("RESCHEDULE_OUT")]
    RescheduleOut,
    /// <summary>A scheduled receipt is not needed within the horizon.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("CANCEL")]
    Cancel,
    /// <summary>A customer demand served (at some level) by a past-due planned order: it will be late.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("LATE_DEMAND")]
    LateDemand,
}

/// <summary>
/// One exception message. Fields used by each type:
/// PAST_DUE_RELEASE: Item, ReceiptPeriod, Qty (bucket total), NeededReleasePeriod.
/// RESCHEDULE_IN / RESCHEDULE_OUT / CANCEL: Item, ReceiptIndex, Order (receipt id), FromPeriod, ToPeriod (null for CANCEL), Qty.
/// LATE_DEMAND: Item, DemandIndex, Order (demand id), FromPeriod (= demand period), Qty, DelayPeriods (estimated), Causes (items
/// whose past-due releases make it late, top to bottom).
/// </summary>
public sealed record MrpException(MrpExceptionType Type, string Item)
{
    public int? ReceiptPeriod { get; init; }
    public int? NeededReleasePeriod { get; init; }
    public double Qty { get; init; }
    public int? ReceiptIndex { get; init; }
    public int? DemandIndex { get; init; }
    public string? Order { get; init; }
    public int? FromPeriod { get; init; }
    public int? ToPeriod { get; init; }
    public int? DelayPeriods { get; init; }
    public IReadOnlyList<string> Causes { get; init; } = [];

    public static string TypeName(MrpExceptionType type) => type switch
    {
        MrpExceptionType.PastDueRelease => "PAST_DUE_RELEASE",
        MrpExceptionType.RescheduleIn => "RESCHEDULE_IN",
        MrpExceptionType.RescheduleOut => "RESCHEDULE_OUT",
        MrpExceptionType.Cancel => "CANCEL",
        _ => "LATE_DEMAND",
    };
}

internal static class MrpExceptions
{
    public static IReadOnlyList<MrpException> Compute(MrpResult result, MrpModel model)
    {
        var list = new List<MrpException>();
        var input = result.Input;
        var h = result.Periods;

        // PAST_DUE_RELEASE: one per bucket whose planned receipt had to be released before period 1.
        for (var i = 0; i < result.ItemCount; i++)
        {
            var lt = input.Items[i].LeadTime;
            var por = result.PlannedOrderReceipts(i);
            for (var t = 0; t < Math.Min(lt, h); t++)
            {
                if (por[t] > 0)
                {
                    list.Add(new MrpException(MrpExceptionType.PastDueRelease, input.Items[i].Code)
                    {
                        ReceiptPeriod = t + 1,
                        Qty = por[t],
                        NeededReleasePeriod = t + 1 - lt,
                    });
                }
            }
        }

        AddRescheduleMessages(list, result, model);
        AddLateDemands(list, result, model);
        return list;
    }

    /// <summary>
    /// Scheduled receipts in due order consume the cumulative gross requirements on top of the
    /// on-hand stock: a receipt is needed in the first period where, without it, projected stock
    /// would fall below safety stock. Needed earlier → RESCHEDULE_IN, later → RESCHEDULE_OUT,
    /// never within the horizon → CANCEL.
    /// </summary>
    private static void AddRescheduleMessages(List<MrpException> list, MrpResult result, MrpModel model)
    {
        var input = result.Input;
        var h = result.Periods;
        var byItem = new List<(int Bucket, int Index)>[result.ItemCount];
        for (var k = 0; k < input.ScheduledReceipts.Count; k++)
        {
            var r = input.ScheduledReceipts[k];
            var b = model.Bucket(r.Period);
            if (b >= 0 && r.Qty > 0)
            {
                (byItem[model.Index[r.Item]] ??= []).Add((b, k));
            }
        }

        var cumulative = new double[h];
        for (var i = 0; i < result.ItemCount; i++)
        {
            var receipts = byItem[i];
            if (receipts is null)
            {
                continue;
            }

            receipts.Sort();
            var gross = result.GrossRequirements(i);
            var sum = 0.0;
            for (var t = 0; t < h; t++)
            {
                sum += gross[t];
                cumulative[t] = sum;
            }

            var item = input.Items[i];
            var supply = item.OnHand;
            var t0 = 0;
            foreach (var (bucket, k) in receipts)
            {
                var r = input.ScheduledReceipts[k];
                while (t0 < h && supply - cumulative[t0] >= item.SafetyStock - MrpState.Tolerance * (1 + Math.Abs(supply) + cumulative[t0]))
                {
                    t0++;
                }

                var type = t0 >= h ? MrpExceptionType.Cancel
                    : t0 < bucket ? MrpExceptionType.RescheduleIn
                    : t0 > bucket ? MrpExceptionType.RescheduleOut
                    : (MrpExceptionType?)null;
                if (type is { } ty)
                {
                    list.Add(new MrpException(ty, item.Code)
                    {
                        ReceiptIndex = k,
                        Order = r.Id,
                        FromPeriod = Math.Max(1, r.Period),
                        ToPeriod = ty == MrpExceptionType.Cancel ? null : t0 + 1,
                        Qty = r.Qty,
                    });
                }

                supply += r.Qty;
            }
        }
    }

    /// <summary>
    /// Estimated lateness of planned orders, components first (decreasing low-level code). An
    /// order can start at the latest of its planned release and the arrival of the supplies
    /// pegged to its component needs (arrival = receipt + lateness); its lateness is that start
    /// minus the release its lead time asked for. A customer demand is late by the latest arrival
    /// of the supplies pegged to it minus its period; the causes are the past-due orders on the
    /// critical chain.
    /// </summary>
    private static void AddLateDemands(List<MrpException> list, MrpResult result, MrpModel model)
    {
        var orders = result.PlannedOrders;
        if (orders.Count == 0)
        {
            return;
        }

        var late = new int[orders.Count];
        var cause = new int[orders.Count]; // planned order index of the supply that delays it, or −1
        for (var o = 0; o < orders.Count; o++)
        {
            late[o] = orders[o].ReleasePeriod - orders[o].NeededReleasePeriod;
            cause[o] = -1;
        }

        var pegging = result.Pegging;
        var linksByItem = new List<PegLink>[result.ItemCount];
        foreach (var link in pegging.Links)
        {
            (linksByItem[result.IndexOf(link.Item)] ??= []).Add(link);
        }

        var demandLate = new Dictionary<int, (int Late, int Order)>();
        for (var pos = model.Order.Length - 1; pos >= 0; pos--)
        {
            var i = model.Order[pos];
            if (linksByItem[i] is null)
            {
                continue;
            }

            foreach (var link in linksByItem[i])
            {
                if (link.Supply != SupplyKind.PlannedOrder || late[link.SupplyIndex] == 0)
                {
                    continue;
                }

                var arrival = orders[link.SupplyIndex].ReceiptPeriod + late[link.SupplyIndex];
                if (link.Requirement == RequirementKind.ParentOrder)
                {
                    var p = link.RequirementIndex;
                    var l = arrival - orders[p].NeededReleasePeriod;
                    if (l > late[p])
                    {
                        late[p] = l;
                        cause[p] = link.SupplyIndex;
                    }
                }
                else
                {
                    var l = arrival - link.Period;
                    if (l > 0 && (!demandLate.TryGetValue(link.RequirementIndex, out var cur) || l > cur.Late))
                    {
                        demandLate[link.RequirementIndex] = (l, link.SupplyIndex);
                    }
                }
            }
        }

        var input = result.Input;
        foreach (var (k, (l, order)) in demandLate.OrderBy(kv => kv.Key))
        {
            var causes = new List<string>();
            for (var o = order; o >= 0; o = cause[o])
            {
                if (orders[o].PastDue && !causes.Contains(orders[o].Item))
                {
                    causes.Add(orders[o].Item);
                }
            }

            var d = input.Demands[k];
            list.Add(new MrpException(MrpExceptionType.LateDemand, d.Item)
            {
                DemandIndex = k,
                Order = d.Id,
                FromPeriod = Math.Max(1, d.Period),
                Qty = input.EffectiveQuantity(d),
                DelayPeriods = l,
                Causes = causes,
            });
        }
    }
}
