using System.Globalization;

namespace Collab.Contracts.Projects;

/// <summary>Reads a KPI value typed by a user ("12,5", "12.5", "1 234,5 %", "3 h"): a number, optionally followed by the KPI's unit.</summary>
public static class KpiInput
{
    /// <summary>Returns null and the parsed value, or a French error message (non-numeric text, wrong unit).</summary>
    public static string? TryParse(string? text, string unit, out double value)
    {
        value = 0;
        var t = (text ?? "").Trim().Replace('\u00a0', ' ').Replace('\u202f', ' ');
        if (t.Length == 0)
        {
            return "Saisissez une valeur.";
        }

        var end = 0;
        while (end < t.Length && (char.IsDigit(t[end]) || t[end] is ',' or '.' or ' ' or '-' or '+'))
        {
            end++;
        }

        var number = t[..end].Replace(" ", "", StringComparison.Ordinal).Replace(',', '.');
        var suffix = t[end..].Trim();
        if (number.Length == 0 || !double.TryParse(number, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)
            || !double.IsFinite(value))
        {
            value = 0;
            return $"« {t} » n'est pas un nombre.";
        }

        if (suffix.Length > 0 && !string.Equals(suffix, unit.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            value = 0;
            return $"Unité « {suffix} » incorrecte : l'indicateur est en « {unit} ».";
        }

        return null;
    }
}
