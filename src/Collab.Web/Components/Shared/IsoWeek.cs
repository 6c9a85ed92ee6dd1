using System.Globalization;

namespace Collab.Web.Components.Shared;

/// <summary>
/// The ONE week label of the UI: ISO 8601 week number with the date of its Monday, "S49 (30/11)" in French,
/// "W49 (11/30)" in English. The CBN, the load page, the big screen and the kiosk use it.
/// </summary>
public static class IsoWeek
{
    /// <summary>ISO week number of the week holding <paramref name="day"/>.</summary>
    public static int Number(DateOnly day) => ISOWeek.GetWeekOfYear(day.ToDateTime(TimeOnly.MinValue));

    /// <summary>Monday of the ISO week holding <paramref name="day"/>.</summary>
    public static DateOnly Monday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>"S49" / "W49".</summary>
    public static string Short(DateOnly day, CultureInfo? culture = null) =>
        (IsFrench(culture) ? "S" : "W") + Number(day).ToString(CultureInfo.InvariantCulture);

    /// <summary>"S49 (30/11)" / "W49 (11/30)": week number and the date of its Monday.</summary>
    public static string Label(DateOnly day, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentCulture;
        var monday = Monday(day);
        return $"{Short(day, culture)} ({monday.ToString(IsFrench(culture) ? "dd/MM" : "MM/dd", CultureInfo.InvariantCulture)})";
    }

    private static bool IsFrench(CultureInfo? culture) => (culture ?? CultureInfo.CurrentCulture).TwoLetterISOLanguageName == "fr";
}
