using Collab.Planning.MasterData;

namespace Collab.Domain.Plan;

/// <summary>
/// "Lancer en OF / OA": the quantity and due date a planner confirms for a planned order (defaulting to the plan's).
/// Pure validation; French messages for <c>CommandRejectedException</c>.
/// </summary>
public static class PlannedOrderRelease
{
    /// <summary>Largest quantity accepted for one order.</summary>
    public const double MaxQty = 1e9;

    /// <summary>Every problem of the chosen quantity and date (empty when they can be released).</summary>
    public static IReadOnlyList<string> Validate(double qty, DateOnly due, DateOnly today, string? unit)
    {
        var errors = new List<string>();
        if (!double.IsFinite(qty) || qty <= 0)
        {
            errors.Add("La quantité doit être un nombre strictement positif.");
        }
        else if (qty > MaxQty)
        {
            errors.Add("La quantité est trop grande (un milliard au plus).");
        }
        else if (UnitKinds.IsDiscrete(unit) && qty != Math.Floor(qty))
        {
            errors.Add($"La quantité doit être un nombre entier : l'article se compte en {(string.IsNullOrWhiteSpace(unit) ? "pièces" : unit)}.");
        }

        if (due < today)
        {
            errors.Add($"La date de besoin ({due:dd/MM/yyyy}) est passée : choisissez aujourd'hui ou plus tard.");
        }
        else if (due > today.AddYears(2))
        {
            errors.Add("La date de besoin doit être dans les deux ans.");
        }

        return errors;
    }
}
