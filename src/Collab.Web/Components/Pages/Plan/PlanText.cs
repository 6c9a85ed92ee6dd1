using System.Globalization;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Plan;
using Collab.Planning.Mrp;
using Collab.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Collab.Web.Components.Pages.Plan;

/// <summary>
/// The one place where the plan's typed messages become words in the reader's language (PlannerResource): MRP
/// exceptions, plan differences, pegging kinds, lot rules, order and project history entries. Quantities are printed
/// as the data holds them (whole for pieces), dates as "30/11" (French) or "11/30" (English).
/// </summary>
public static class PlanText
{
    public static string Day(DateOnly? day) => day is { } d
        ? d.ToString(CultureInfo.CurrentCulture.TwoLetterISOLanguageName == "fr" ? "dd/MM" : "MM/dd", CultureInfo.InvariantCulture)
        : "—";

    public static string Qty(double? qty) => qty is { } q ? q.ToString("#,0.##", CultureInfo.CurrentCulture) : "—";

    /// <summary>One MRP exception as a sentence, e.g. "Reculer OA-2026-00012 (20 MP-011) du 30/11 au 07/12."</summary>
    public static string Exception(IStringLocalizer<PlannerResource> l, PlanExceptionView e) => e.Type switch
    {
        MrpExceptionType.PastDueRelease => l["PL.Ex.PastDueRelease", Qty(e.Qty), e.Item, Day(e.To), Day(e.From)],
        MrpExceptionType.RescheduleIn => l["PL.Ex.RescheduleIn", e.Order ?? "?", Qty(e.Qty), e.Item, Day(e.From), Day(e.To)],
        MrpExceptionType.RescheduleOut => l["PL.Ex.RescheduleOut", e.Order ?? "?", Qty(e.Qty), e.Item, Day(e.From), Day(e.To)],
        MrpExceptionType.Cancel => l["PL.Ex.Cancel", e.Order ?? "?", Qty(e.Qty), e.Item],
        _ => e.Causes is { Count: > 0 } causes
            ? l["PL.Ex.LateDemandCauses", e.Order ?? "?", Qty(e.Qty), e.Item, e.DelayWeeks ?? 0, Day(e.To), string.Join(", ", causes)]
            : l["PL.Ex.LateDemand", e.Order ?? "?", Qty(e.Qty), e.Item, e.DelayWeeks ?? 0, Day(e.To)],
    };

    /// <summary>One difference between two plan runs as a sentence.</summary>
    public static string Change(IStringLocalizer<PlannerResource> l, IStringLocalizer<SharedResource> shared, PlanChange c) => c.Kind switch
    {
        PlanChangeKind.NewLateDemand => l["PL.Diff.NewLateDemand", c.Subject, c.Item ?? "", c.DelayWeeks ?? 0],
        PlanChangeKind.ResolvedLateDemand => l["PL.Diff.ResolvedLateDemand", c.Subject, c.Item ?? ""],
        PlanChangeKind.ExceptionAppeared => l["PL.Diff.ExceptionAppeared", ExceptionKind(shared, c.Exception), c.Subject, c.Item ?? ""],
        PlanChangeKind.ExceptionCleared => l["PL.Diff.ExceptionCleared", ExceptionKind(shared, c.Exception), c.Subject, c.Item ?? ""],
        PlanChangeKind.NewOverload => l["PL.Diff.NewOverload", c.Subject, c.AfterDate is { } a ? Collab.Web.Components.Shared.IsoWeek.Label(a) : "—", Qty(c.ExcessHours)],
        PlanChangeKind.ResolvedOverload => l["PL.Diff.ResolvedOverload", c.Subject, c.BeforeDate is { } b ? Collab.Web.Components.Shared.IsoWeek.Label(b) : "—"],
        PlanChangeKind.PlannedOrderAdded => l["PL.Diff.PlannedOrderAdded", c.Subject, Qty(c.AfterQty), Day(c.AfterDate)],
        PlanChangeKind.PlannedOrderRemoved => l["PL.Diff.PlannedOrderRemoved", c.Subject, Qty(c.BeforeQty), Day(c.BeforeDate)],
        PlanChangeKind.PlannedOrderMoved => l["PL.Diff.PlannedOrderMoved", c.Subject, Qty(c.AfterQty), Day(c.BeforeDate), Day(c.AfterDate)],
        _ => l["PL.Diff.PlannedOrderResized", c.Subject, Day(c.AfterDate), Qty(c.BeforeQty), Qty(c.AfterQty)],
    };

    private static string ExceptionKind(IStringLocalizer<SharedResource> shared, MrpExceptionType? type) =>
        type is { } t ? Collab.Web.Services.ExceptionTypes.Text(shared, MrpException.TypeName(t)) : "";

    public static string Peg(IStringLocalizer<PlannerResource> l, PegKind kind) => l[$"PL.Peg.{kind}"];

    /// <summary>"lot pour lot", "quantité fixe", "période fixe".</summary>
    public static string Lot(IStringLocalizer<PlannerResource> l, string rule) => l[$"PL.Lot.{rule}"] is { ResourceNotFound: false } s ? s : rule;

    /// <summary>What a history entry records: typed entries in the reader's language, older entries as stored.</summary>
    public static string What(IStringLocalizer<PlannerResource> l, HistoryEntry h) => h.Event is { } e ? l[$"PL.History.{e}"] : h.What;

    /// <summary>The field a history change is about: typed fields in the reader's language, older ones as stored.</summary>
    public static string Field(IStringLocalizer<PlannerResource> l, FieldChange c)
    {
        if (c.Key is not { } key)
        {
            return c.Field;
        }

        var name = l[$"PL.Field.{key}"].Value;
        return c.Line is { } line ? l["PL.Field.OnLine", line, name] : c.Subject is { Length: > 0 } subject ? $"{name} « {subject} »" : name;
    }

    /// <summary>
    /// A history value, formatted by the kind its field declares (<see cref="HistoryFields.ValueKind(FieldChange)"/>): enum
    /// members in the reader's language, dates and numbers in its format, text (and older untyped values) as stored.
    /// </summary>
    public static string Value(IStringLocalizer<PlannerResource> l, FieldChange c, string? value) => value is null ? "—" : c.ValueKind() switch
    {
        HistoryValueKind.Date when DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            => d.ToString("d", CultureInfo.CurrentCulture),
        HistoryValueKind.Number when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) => Qty(n),
        HistoryValueKind.Enumerated when l[$"PL.Value.{value}"] is { ResourceNotFound: false } s => s,
        _ => value,
    };
}
