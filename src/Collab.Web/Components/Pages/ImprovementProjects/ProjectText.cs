using System.Globalization;
using Collab.Contracts.Common;
using Collab.Contracts.Projects;
using Collab.Web.Components.Pages.Plan;
using Collab.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Collab.Web.Components.Pages.ImprovementProjects;

/// <summary>
/// Words a project's typed data in the reader's language (issue #13 item 3): history entries (<see cref="ProjectEvent"/>,
/// <see cref="ProjectField"/> with invariant values), phase names, parameter changes. Entries stored as French text
/// before histories were typed are shown as stored; action entries (typed <see cref="HistoryEvent"/>) go to
/// <see cref="PlanText"/>.
/// </summary>
public sealed class ProjectText(IStringLocalizer<ProjectsResource> p, IStringLocalizer<SharedResource> shared, IStringLocalizer<PlannerResource> planner,
    Func<string, string>? person = null)
{
    /// <summary>"Plan", "Define", "D4 Root causes", "Idea"…</summary>
    public string Phase(ProjectMethod method, int phase, ProjectStatus status) => status switch
    {
        ProjectStatus.Active => p[$"PJ.Phase.{ProjectPhases.Key(method, phase)}"],
        _ => p[$"PJ.Phase.{status}"],
    };

    /// <summary>One parameter change, e.g. "Setup time on ESS-01: -50 %" (the page's own wording, "IP.Param.*.Text").</summary>
    public string Parameter(ParameterChange c) =>
        shared[$"IP.Param.{c.Kind}.Text", c.Target, c.Value.ToString("0.##", CultureInfo.CurrentCulture)]
        + (c.Item is null ? "" : " · " + shared["IP.Sim.ItemOnly", c.Item]);

    /// <summary>What a history entry records.</summary>
    public string What(HistoryEntry h) => h.Event is not null ? PlanText.What(planner, h)
        : Event(h.What) is { } e ? p[$"PJ.History.{e}"] : h.What;

    /// <summary>One change as "field : from → to".</summary>
    public string Change(FieldChange c) => $"{Field(c)} : {Value(c, c.From)} → {Value(c, c.To)}";

    public string Field(FieldChange c)
    {
        if (c.Key is not null)
        {
            return PlanText.Field(planner, c);
        }

        if (FieldOf(c) is not { } f)
        {
            return c.Field;
        }

        var name = p[$"PJ.Field.{f}"].Value;
        var subject = c.Subject switch
        {
            null or "" => null,
            var s when f == ProjectField.A3Section && Enum.TryParse<A3Section>(s, out var section) && Enum.IsDefined(section) => shared[$"IP.A3.{section}"].Value,
            var s when f == ProjectField.Cause && Enum.TryParse<IshikawaCategory>(s, out var cat) && Enum.IsDefined(cat) => shared[$"IP.Cat.{cat}"].Value,
            var s => s,
        };
        return subject is null ? name : p["PJ.Field.About", name, subject];
    }

    public string Value(FieldChange c, string? value)
    {
        if (value is null)
        {
            return "—";
        }

        if (c.Key is not null)
        {
            return PlanText.Value(planner, c, value);
        }

        switch (FieldOf(c))
        {
            case ProjectField.Phase or ProjectField.Status when ProjectHistoryValues.TryPhase(value, out var method, out var phase, out var status):
                return Phase(method, phase, status);
            case ProjectField.Method when Enum.TryParse<ProjectMethod>(value, out var m) && Enum.IsDefined(m) && !char.IsDigit(value[0]):
                return ImprovementProjectsPage.Method(m);
            case ProjectField.Parameter when ProjectHistoryValues.TryParameter(value) is { } change:
                return Parameter(change);
            case ProjectField.Sponsor or ProjectField.Lead or ProjectField.ApprovedBy when person is not null:
                return person(value);
            case ProjectField.TargetDate or ProjectField.Measure when DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d):
                return d.ToString("d", CultureInfo.CurrentCulture);
            case ProjectField.Kpi or ProjectField.Measure or ProjectField.GainEurosPerYear or ProjectField.GainHours or ProjectField.GainLeadTimeDays
                or ProjectField.GainScrapPoints or ProjectField.LateOrders or ProjectField.OverloadedWorkstationWeeks
                when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n):
                return n.ToString("#,0.##", CultureInfo.CurrentCulture);
            default:
                return value;
        }
    }

    private static ProjectEvent? Event(string what) =>
        what.Length > 0 && char.IsAsciiLetterUpper(what[0]) && Enum.TryParse<ProjectEvent>(what, out var e) && Enum.IsDefined(e) ? e : null;

    /// <summary>The typed field of a change, or null for a change stored as French text (shown as stored).</summary>
    private static ProjectField? FieldOf(FieldChange c) =>
        c.Key is null && c.Field.Length > 0 && char.IsAsciiLetterUpper(c.Field[0]) && c.Field.All(char.IsAsciiLetterOrDigit)
        && Enum.TryParse<ProjectField>(c.Field, out var f) && Enum.IsDefined(f) ? f : null;
}
