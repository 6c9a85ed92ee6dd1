using Collab.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Collab.Web.Services;

/// <summary>
/// The one place that turns an MRP exception type code (PAST_DUE_RELEASE, RESCHEDULE_IN, …, as stored on orders
/// and plan runs) into words in the user's language. Unknown codes are shown as they are.
/// </summary>
public static class ExceptionTypes
{
    /// <summary>Every code the planning core produces, in the order lists show them.</summary>
    public static IReadOnlyList<string> Codes => All;

    private static readonly string[] All = ["LATE_DEMAND", "PAST_DUE_RELEASE", "RESCHEDULE_IN", "RESCHEDULE_OUT", "CANCEL"];

    /// <summary>Sort rank of a code (unknown codes last).</summary>
    public static int Rank(string code) => Array.IndexOf(All, code) is var i and >= 0 ? i : All.Length;

    /// <summary>Resource key of a code, or null when the code is unknown.</summary>
    public static string? KeyOf(string code) => code switch
    {
        "LATE_DEMAND" => "PG.Exception.LateDemand",
        "PAST_DUE_RELEASE" => "PG.Exception.PastDueRelease",
        "RESCHEDULE_IN" => "PG.Exception.RescheduleIn",
        "RESCHEDULE_OUT" => "PG.Exception.RescheduleOut",
        "CANCEL" => "PG.Exception.Cancel",
        _ => null,
    };

    public static string Text(IStringLocalizer<SharedResource> localizer, string code) => KeyOf(code) is { } key ? localizer[key].Value : code;
}
