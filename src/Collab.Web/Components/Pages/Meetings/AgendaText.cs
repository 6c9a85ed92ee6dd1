using System.Globalization;
using Collab.Contracts.Common;
using Collab.Contracts.Meetings;
using Collab.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Collab.Web.Components.Pages.Meetings;

/// <summary>An agenda line worded for people: every cell is labelled (no bare number).</summary>
public sealed record AgendaLineText(string Label, string? Detail, string? Date, string? Value);

/// <summary>
/// Words the typed agenda (<see cref="AgendaItem"/>, <see cref="AgendaLine"/>, <see cref="MeetingKpi"/>, meeting
/// history) in the current UI culture (French by default, English) from <see cref="MeetingsResource"/>. Used by the
/// meeting page, the big screen, the kiosk and the minutes PDF / mail — the only place the agenda becomes text.
/// </summary>
public sealed class AgendaText(IStringLocalizer<MeetingsResource> l, IStringLocalizer<PlannerResource> planner, IStringLocalizer<SharedResource> shared,
    IStringLocalizer<ProjectsResource> projects, Collab.Web.Components.Pages.People.UserDirectory? people = null)
{
    private static CultureInfo Culture => CultureInfo.CurrentCulture;

    public string this[string key] => l[key];

    public string this[string key, params object[] args] => l[key, args];

    /// <summary>Title of an item: the facilitator's own title for a manual item, else its source worded.</summary>
    public string Title(AgendaItem item) => item.Source switch
    {
        AgendaSource.Manual => item.Title,
        AgendaSource.OverloadedWorkstations => l["Src.OverloadedWorkstations", Collab.Domain.Meetings.AgendaBuilder.OverloadHorizonWeeks],
        AgendaSource.ProjectPhase => l["Src.ProjectPhase", Phase(item.TitleArgument)],
        AgendaSource.SopFamilies => l["Src.SopFamilies", Collab.Domain.Meetings.AgendaBuilder.SopMonths],
        _ when string.IsNullOrEmpty(item.Title) => l[$"Src.{item.Source}"],
        _ => item.Title,
    };

    /// <summary>A project phase key ("Dmaic.1") worded; an agenda stored before phases were typed holds the French name.</summary>
    private string Phase(string? key) =>
        key is null ? "—" : projects[$"PJ.Phase.{key}"] is { ResourceNotFound: false } t ? t.Value : key;

    public string Category(SqcdpCategory c) => l[$"Cat.{c}"];

    /// <summary>"S49 · 30/11" (ISO week and its Monday).</summary>
    public string Week(DateOnly monday) =>
        l["Week", ISOWeek.GetWeekOfYear(monday.ToDateTime(TimeOnly.MinValue)), monday.ToString(Culture.TwoLetterISOLanguageName == "fr" ? "dd/MM" : "d MMM", Culture)];

    /// <summary>"S49" alone (chart bars).</summary>
    public string WeekShort(DateOnly monday) => l["WeekShort", ISOWeek.GetWeekOfYear(monday.ToDateTime(TimeOnly.MinValue))];

    public string Date(DateOnly d) => d.ToString(Culture.TwoLetterISOLanguageName == "fr" ? "dd/MM/yyyy" : "d MMM yyyy", Culture);

    public string ShortDate(DateOnly d) => d.ToString(Culture.TwoLetterISOLanguageName == "fr" ? "dd/MM" : "d MMM", Culture);

    public string Number(double v) => v.ToString(Math.Abs(v - Math.Round(v)) < 1e-9 ? "N0" : "N1", Culture);

    public string Qty(double? q) => q is { } v ? l["Qty", Number(v)] : "";

    public string Strategy(string? s) => s is null ? "—" : l[$"Strategy.{s}"] is { ResourceNotFound: false } t ? t : s;

    /// <summary>The columns of a line, labelled (dates say what they are, quantities say "Qté").</summary>
    public AgendaLineText Line(AgendaLine line)
    {
        string? D(string key) => line.Day is { } d ? l[key, ShortDate(d)].Value : null;
        var f0 = line.Figure(0);
        var party = line.PartyName ?? line.Party ?? "";
        var item = line.ItemName is null ? line.Item ?? "" : $"{line.Item} {line.ItemName}";
        return line.Kind switch
        {
            AgendaLineKind.ObjectReference => new(line.Name ?? line.Object?.Id ?? "", null, null, null),
            AgendaLineKind.Action => new(line.Name ?? "",
                Join(l["Owner", people?.Name(line.Party) ?? line.Party ?? "—"], line.Detail),
                D("Due"),
                f0 is > 0 && line.Alert ? l["DaysLate", Number(f0.Value)] : l[$"ActionStatus.{line.Status}"]),
            AgendaLineKind.Incident => new(line.Name ?? "", $"{line.Item} – {line.Detail}", D("Reported"), l[$"Severity.{line.Status}"]),
            AgendaLineKind.LateCustomerOrder => new($"{line.Name} – {party}", Join(l["ItemCode", item], l["DaysLate", Number(f0 ?? 0)]), D("Promised"), Qty(line.Quantity)),
            AgendaLineKind.AtRiskCustomerOrder => new($"{line.Name} – {party}", Join(l["ItemCode", item], l["AtRisk", Number(f0 ?? 0)]), D("Promised"), Qty(line.Quantity)),
            AgendaLineKind.OverloadedWorkstation => new($"{line.Name} – {line.Detail}",
                string.Join(" · ", (line.Figures ?? []).Select((v, i) => $"{(line.Day is { } w ? WeekShort(w.AddDays(7 * i)) : l["WeekShort", i + 1])} : {Number(v)} %")),
                null, l["Peak", Number((line.Figures ?? [0]).DefaultIfEmpty(0).Max())]),
            AgendaLineKind.LateDemand => new(l["LateDemand", item], line.Name is null ? null : l["Demand", line.Name].Value, D("Needed"), Qty(line.Quantity)),
            AgendaLineKind.PastDueRelease => new(l["PastDueRelease", item], l["PastDueReleaseDetail"], D("Needed"), Qty(line.Quantity)),
            AgendaLineKind.ExpeditePurchase => new(l["Expedite", line.Name ?? "", party], Join(l["ItemCode", item], f0 is > 0 ? l["Advance", Number(f0.Value)].Value : null), D("Needed"), Qty(line.Quantity)),
            AgendaLineKind.LateReceipt => new(l["LateReceipt", line.Name ?? "", party], Join(l["ItemCode", item], l["DaysLate", Number(f0 ?? 0)]), D("Expected"), Qty(line.Quantity)),
            AgendaLineKind.BlockedManufacturingOrder => new($"{line.Name} – {item}", l[$"Cause.{line.Cause}", line.Detail ?? ""], D("Start"), Qty(line.Quantity)),
            AgendaLineKind.Kpi => Kpi(line),
            AgendaLineKind.PlanChange => new(line.Change is { } change ? Collab.Web.Components.Pages.Plan.PlanText.Change(planner, shared, change) : line.Name ?? "", null, null, null),
            AgendaLineKind.PlanNotCalculatedBefore or AgendaLineKind.PlanNotRecalculated or AgendaLineKind.PlanUnchanged or AgendaLineKind.PlanRunNotKept
                or AgendaLineKind.NoGateCheck or AgendaLineKind.NoOverdueAction or AgendaLineKind.NoKpi => new(l[$"Line.{line.Kind}"], null, null, null),
            // Typed checks carry the kind's name (worded like the project page, "PL.Gate.*"); agendas stored before keep their text.
            AgendaLineKind.GateCheck => new(Enum.TryParse<Collab.Contracts.Projects.GateCheckKind>(line.Name, out var check) && Enum.IsDefined(check) && !char.IsDigit(line.Name![0])
                    ? planner[$"PL.Gate.{check}"] : line.Name ?? "", l[$"Gate.{line.Status}"], null, line.Status == "Met" ? "✓" : "✗"),
            AgendaLineKind.ProjectKpi => new(line.Name ?? "",
                l["ProjectKpiDetail", Number(line.Figure(0) ?? 0), line.Figure(1) is { } last ? Number(last) : "—", line.Detail ?? "", Number(line.Figure(2) ?? 0)],
                null, line.Figure(1) is { } v ? $"{Number(v)} {line.Detail}".Trim() : l["NotMeasured"]),
            AgendaLineKind.SopFamily => new(line.Name ?? "",
                l["SopFamilyDetail", Number(f0 ?? 0), Number(line.Figure(1) ?? 0), line.Figure(3) is { } inv ? Number(inv) : "—", Strategy(line.Detail)],
                null, line.Figure(2) is { } load ? l["Load", Number(load)] : l["LoadUnknown"]),
            AgendaLineKind.SopStrategy => new(Strategy(line.Name) + (line.Status == "Chosen" ? " " + l["Chosen"] : ""),
                l["SopStrategyDetail", Number(f0 ?? 0), Number(line.Figure(1) ?? 0), Number(line.Figure(2) ?? 0), Number(line.Figure(3) ?? 0)],
                null, l["MaxLoad", Number(line.Figure(4) ?? 0)]),
            AgendaLineKind.SopDecision => new(l["SopDecision", line.Name ?? ""], l[$"SopDecision.{line.Cause}", Strategy(line.Detail), Number(f0 ?? 0)], null, null),
            _ => new(line.Name ?? "", line.Detail, null, null),
        };
    }

    private AgendaLineText Kpi(AgendaLine line)
    {
        var kind = Enum.TryParse<MeetingKpiKind>(line.Status, out var k) ? k : MeetingKpiKind.Project;
        var unit = line.Detail is { Length: > 0 } u ? " " + u : "";
        return new(l[$"Kpi.{kind}"], line.Figure(1) is { } t ? l["Target", (kind == MeetingKpiKind.WorkstationLoad ? "≤ " : "") + Number(t) + unit].Value : null, null,
            line.Figure(0) is { } v ? Number(v) + unit : "—");
    }

    /// <summary>A KPI worded: name, value, target.</summary>
    public (string Name, string Value, string? Target) Kpi(MeetingKpi k)
    {
        var unit = k.Unit is { Length: > 0 } u ? " " + u : "";
        if (k.Kind == MeetingKpiKind.Project)
        {
            return ($"{k.Name}{(k.Unit is { Length: > 0 } pu ? $" ({pu})" : "")}", k.Figure is { } pv ? Number(pv) : "—", k.TargetFigure is { } pt ? Number(pt) : k.Target);
        }

        return (l[$"Kpi.{k.Kind}"], k.Figure is { } v ? Number(v) + unit : "—",
            k.TargetFigure is { } t ? (k.Kind == MeetingKpiKind.WorkstationLoad ? "≤ " : "") + Number(t) + unit : null);
    }

    /// <summary>"… et 12 de plus" under a capped list.</summary>
    public string More(int n) => l["More", n];

    /// <summary>The page holding the full list of a capped item (null: none).</summary>
    public static string? FullList(AgendaSource source) => source switch
    {
        AgendaSource.LateCustomerOrders => "customer-orders",
        AgendaSource.OverloadedWorkstations => "plan/load",
        AgendaSource.Shortages => "purchasing",
        AgendaSource.BlockedManufacturingOrders => "manufacturing-orders",
        AgendaSource.OverdueActions or AgendaSource.PreviousActions => "actions",
        AgendaSource.StopIncidents or AgendaSource.OpenIncidents => "workstations",
        AgendaSource.SopFamilies or AgendaSource.SopStrategies or AgendaSource.SopDecisions => "plan/sop",
        _ => null,
    };

    /// <summary>A history line of a meeting worded ("Réunion close", "Meeting closed"), with the reason of a reopening.</summary>
    public string History(HistoryEntry h)
    {
        var what = l[$"Event.{h.What}"] is { ResourceNotFound: false } t ? t.Value : h.What;
        var reason = h.Changes.FirstOrDefault(c => c.Field is "Reason" or "Motif")?.To;
        return reason is null ? what : $"{what} « {reason} »";
    }

    /// <summary>The lines of an item as the minutes keep them ("label — detail — date — value").</summary>
    public string[] MinutesLines(AgendaItem item) =>
        [.. item.Lines.Select(Line).Select(t => string.Join(" — ", new[] { t.Label, t.Detail, t.Date, t.Value }.Where(x => !string.IsNullOrWhiteSpace(x))))];

    /// <summary>Title of the minutes: a project review reads "Revue de projet — …".</summary>
    public string MinutesTitle(MeetingType type, string title)
    {
        var prefix = l["ReviewPrefix"].Value;
        return type == MeetingType.ProjectReview && !title.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            && !title.StartsWith("Revue de projet", StringComparison.OrdinalIgnoreCase) ? $"{prefix} — {title}" : title;
    }

    private static string? Join(params string?[] parts)
    {
        var kept = parts.Where(p => !string.IsNullOrWhiteSpace(p)).ToArray();
        return kept.Length == 0 ? null : string.Join(" · ", kept);
    }
}
