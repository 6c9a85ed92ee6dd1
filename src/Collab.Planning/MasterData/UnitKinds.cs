namespace Collab.Planning.MasterData;

/// <summary>Whether a unit of measure counts whole things (pieces) or measures a continuous amount.</summary>
public enum UnitKind
{
    /// <summary>Whole numbers only: pièce, unité, boîte… (planned orders rounded up).</summary>
    Discrete = 0,
    /// <summary>Any decimal: kg, m, l, h…</summary>
    Continuous = 1,
}

/// <summary>
/// The kind of a unit of measure (docs/planning.md, "Unités"). Units of mass, length, area, volume, time and energy
/// are continuous; every other unit (pc, u, pce, boîte, lot, paire…) counts whole things and is discrete, so an
/// unknown unit never produces 20.2 pieces.
/// </summary>
public static class UnitKinds
{
    private static readonly HashSet<string> ContinuousUnits = new(StringComparer.OrdinalIgnoreCase)
    {
        "kg", "g", "mg", "t", "tonne", "tonnes", "lb",
        "m", "cm", "mm", "km", "ml", "m.l.", "mètre", "mètres", "metre", "metres",
        "m2", "m²", "cm2", "cm²", "dm2", "m3", "m³", "dm3", "dm³", "cm3", "cm³",
        "l", "litre", "litres", "liter", "cl", "dl", "hl",
        "h", "heure", "heures", "min", "kwh",
    };

    /// <summary>Kind of <paramref name="unit"/> (blank or unknown units are discrete).</summary>
    public static UnitKind KindOf(string? unit) =>
        unit is not null && ContinuousUnits.Contains(unit.Trim()) ? UnitKind.Continuous : UnitKind.Discrete;

    public static bool IsDiscrete(string? unit) => KindOf(unit) == UnitKind.Discrete;

    /// <summary>A quantity as the unit allows it: rounded up to a whole number for a discrete unit (ignoring rounding noise).</summary>
    public static double Normalise(double qty, string? unit) =>
        IsDiscrete(unit) && double.IsFinite(qty) ? Math.Ceiling(qty - 1e-9 * Math.Max(1.0, Math.Abs(qty))) : qty;
}
