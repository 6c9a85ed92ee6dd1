using Collab.Contracts;
using Collab.Planning.MasterData;

namespace Collab.Domain.Plan;

/// <summary>
/// "Lancer en OF / OA": the quantity and due date a planner confirms for a planned order (defaulting to the plan's).
/// Pure validation; typed refusals for <c>CommandRejectedException</c>.
/// </summary>
public static class PlannedOrderRelease
{
    /// <summary>Largest quantity accepted for one order.</summary>
    public const double MaxQty = 1e9;

    /// <summary>Every problem of the chosen quantity and date (empty when they can be released).</summary>
    public static IReadOnlyList<RefusalReason> Validate(double qty, DateOnly due, DateOnly today, string? unit)
    {
        var errors = new List<RefusalReason>();
        if (!double.IsFinite(qty) || qty <= 0)
        {
            errors.Add(new(Refusal.QuantityNotPositive));
        }
        else if (qty > MaxQty)
        {
            errors.Add(new(Refusal.QuantityTooLarge));
        }
        else if (UnitKinds.IsDiscrete(unit) && qty != Math.Floor(qty))
        {
            errors.Add(string.IsNullOrWhiteSpace(unit) ? new(Refusal.QuantityNotWholePieces) : new(Refusal.QuantityNotWhole, unit));
        }

        if (due < today)
        {
            errors.Add(new(Refusal.NeedDatePast, due));
        }
        else if (due > today.AddYears(2))
        {
            errors.Add(new(Refusal.NeedDateTooFar));
        }

        return errors;
    }
}
