using System.Globalization;
using Collab.Contracts.Scheduling;
using Collab.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Collab.Web.Components.Pages.Scheduling;

/// <summary>
/// Why an order is late, in the reader's language (issue #13 item 3): the planning core explains lateness as typed data
/// (<c>Collab.Planning.Scheduling.LatenessExplanation</c> → <see cref="ScheduleLateReason"/>) and only this class words it
/// (SchedulingResource "SCH.Why.*", "SCH.Cause.*").
/// </summary>
public sealed class LateReasonText(IStringLocalizer<SchedulingResource> ls, IStringLocalizer<SharedResource> shared)
{
    /// <summary>"2 d" from 48 h on, else hours.</summary>
    public string LateBy(double hours) => hours >= 48
        ? ls["SCH.Days", (hours / 24).ToString("0.#", CultureInfo.CurrentCulture)]
        : Hours(Math.Round(hours, 1));

    public string Hours(double h) => shared["SC.Hours", h.ToString("#,##0.#", CultureInfo.CurrentCulture)];

    /// <summary>The full sentence: lateness, sub-assembly chain, bottleneck, waited-for operation, origin and its cause.</summary>
    public string Why(ScheduleLateReason? r)
    {
        if (r is null)
        {
            return "";
        }

        var parts = new List<string> { ls["SCH.Why.Late", LateBy(r.LatenessHours)] };
        if (r.SubAssemblyOrder is not null)
        {
            parts.Add(SubAssembly(r));
        }

        if (r.Bottleneck is { } b)
        {
            parts.Add(ls["SCH.Why.Bottleneck", b]);
        }

        if (r.WaitsForOperation is { } w && r.SubAssemblyOrder is null)
        {
            parts.Add(ls["SCH.Why.WaitsFor", w]);
        }

        if (r.OriginOperation is { } origin)
        {
            parts.Add(ls["SCH.Why.Origin", origin, Cause(r)]);
        }

        return string.Join(ls["SCH.Why.Separator"], parts) + ".";
    }

    /// <summary>One line for the late-orders table: the sub-assembly chain if any, else the origin's cause.</summary>
    public string Short(ScheduleLateReason? r) => r is null ? "" : r.SubAssemblyOrder is not null ? SubAssembly(r)
        : r.OriginOperation is not null ? ls["SCH.Why.Origin", r.OriginOperation, Cause(r)] : "";

    private string SubAssembly(ScheduleLateReason r) => r.SubAssemblyLatenessHours > 0
        ? (r.SubAssemblyBottleneck is { } ws
            ? ls["SCH.Why.SubAssemblyLateOn", r.SubAssemblyOrder!, LateBy(r.SubAssemblyLatenessHours), ws]
            : ls["SCH.Why.SubAssemblyLate", r.SubAssemblyOrder!, LateBy(r.SubAssemblyLatenessHours)])
        : ls["SCH.Why.SubAssembly", r.SubAssemblyOrder!];

    public string Cause(ScheduleLateReason r) => r.OriginCause switch
    {
        ScheduleDelayCause.Predecessor => ls["SCH.Cause.Predecessor"],
        ScheduleDelayCause.Workstation => r.OriginBlockingOperation is { } x ? ls["SCH.Cause.WorkstationBy", r.OriginWorkstation ?? "", x] : ls["SCH.Cause.Workstation", r.OriginWorkstation ?? ""],
        ScheduleDelayCause.Release => r.OriginComponent is { } c && r.OriginReceipt is { } receipt && r.OriginReceiptDate is { } on
            ? ls["SCH.Cause.ReleaseOf", c, receipt, on.ToString("d", CultureInfo.CurrentCulture)]
            : ls["SCH.Cause.Release"],
        ScheduleDelayCause.Now => ls["SCH.Cause.Now"],
        ScheduleDelayCause.Fixed => ls["SCH.Cause.Fixed"],
        ScheduleDelayCause.Calendar => ls["SCH.Cause.Calendar"],
        _ => ls["SCH.Cause.JustInTime"],
    };
}
