using System.Security.Claims;
using Collab.Contracts.Common;
using Collab.Domain.Exchange;
using Collab.Infrastructure.Exchange;
using Collab.Web.Resources;
using Collab.Web.Services;
using Microsoft.Extensions.Localization;

namespace Collab.Web.Components.Pages.Exchange;

/// <summary>
/// Builds the export tables of lists and plan outputs with the filters of the page that asks (query string),
/// headers in the user's language. <see cref="Kinds"/> lists what can be exported.
/// </summary>
public sealed class ExportService(IPlanService plan, IOrdersService orders, IActionsService actions, IStockService stock, ISchedulingService scheduling,
    ExchangeService exchange, Collab.Web.Services.IFollowUpService followUps, IProjectService projects, IStringLocalizer<ExchangeResource> text, IStringLocalizer<Collab.Web.Resources.PlannerResource> planner,
    IStringLocalizer<Collab.Web.Resources.ProjectsResource> projectTexts, IStringLocalizer<Collab.Web.Resources.SharedResource> shared)
{
    public static readonly IReadOnlyList<string> Kinds =
    [
        "planned-orders", "exceptions", "loads", "schedule", "late-customer-orders", "manufacturing-orders", "purchase-orders", "customer-orders",
        "actions", "stock", "master-data", "mrp-records", "follow-ups", "improvement-projects",
    ];

    private ExportColumn C(string key, ExportType type) => new(text[$"Col.{key}"], type);

    /// <summary>The tables of <paramref name="what"/> (null when unknown).</summary>
    public async Task<IReadOnlyList<ExportTable>?> BuildAsync(string what, IReadOnlyDictionary<string, string?> filters, ClaimsPrincipal user, bool english)
    {
        string? F(string key) => filters.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;
        var name = text[$"Export.{what}"].Value;
        switch (what)
        {
            case "planned-orders":
            {
                var rows = await plan.GetPlannedOrdersAsync(F("item"));
                return [new ExportTable(name, [C("Id", ExportType.Text), C("Item", ExportType.Text), C("Description", ExportType.Text), C("MakeBuy", ExportType.Text),
                    C("Qty", ExportType.Number), C("ReleaseDate", ExportType.Date), C("DueDate", ExportType.Date), C("PastDue", ExportType.Boolean), C("Supplier", ExportType.Text),
                    C("Pegging", ExportType.Text), C("ReleasedAs", ExportType.Text)],
                    rows.Select(r => (IReadOnlyList<object?>)[r.Id, r.Item, r.Description, CellParser.SourceText(r.Bought ? Collab.Contracts.Sites.ItemSource.Buy : Collab.Contracts.Sites.ItemSource.Make, english),
                        r.Qty, r.ReleaseDate, r.DueDate, r.PastDue, r.Supplier, string.Join(" ", r.PeggedDemands), r.ReleasedAs]).ToList())];
            }

            case "exceptions":
            {
                var rows = await plan.GetExceptionsAsync(new ExceptionFilter(F("type"), F("family"), F("buyer"), F("item")));
                return [new ExportTable(name, [C("Type", ExportType.Text), C("Item", ExportType.Text), C("Order", ExportType.Text), C("Message", ExportType.Text),
                    C("From", ExportType.Date), C("To", ExportType.Date), C("Qty", ExportType.Number), C("Family", ExportType.Text), C("Buyer", ExportType.Text)],
                    rows.Select(r => (IReadOnlyList<object?>)[r.Code, r.Item, r.Order, Collab.Web.Components.Pages.Plan.PlanText.Exception(planner, r), r.From, r.To, r.Qty, r.Family, r.Buyer]).ToList())];
            }

            case "loads":
            {
                var rows = await plan.GetCapacityAsync();
                var ws = F("workstation");
                return [new ExportTable(name, [C("Workstation", ExportType.Text), C("Description", ExportType.Text), C("WeekStart", ExportType.Date),
                    C("Available", ExportType.Number), C("Load", ExportType.Number), C("Utilisation", ExportType.Number), C("Overloaded", ExportType.Boolean)],
                    rows.Where(r => ws is null || r.Workstation == ws).SelectMany(r => r.Weeks.Select(w => (IReadOnlyList<object?>)[r.Workstation, r.Description, w.WeekStart,
                        Math.Round(w.Available, 2), Math.Round(w.Load, 2), double.IsFinite(w.Utilisation) ? Math.Round(w.Utilisation, 4) : null, w.Overloaded])).ToList())];
            }

            case "schedule":
            {
                var view = await scheduling.GetAsync();
                var ws = F("workstation");
                return [new ExportTable(name, [C("Order", ExportType.Text), C("Sequence", ExportType.Integer), C("Description", ExportType.Text), C("Item", ExportType.Text),
                    C("Qty", ExportType.Number), C("Workstation", ExportType.Text), C("Machine", ExportType.Integer), C("Start", ExportType.DateTime), C("End", ExportType.DateTime), C("Hours", ExportType.Number)],
                    view.Operations.Where(o => ws is null || o.Workstation == ws).OrderBy(o => o.Start)
                        .Select(o => (IReadOnlyList<object?>)[o.Order, o.Sequence, o.Description, o.Item, o.Qty, o.Workstation, o.Machine, o.Start, o.End, Math.Round(o.Hours, 3)]).ToList())];
            }

            case "late-customer-orders" or "manufacturing-orders" or "purchase-orders" or "customer-orders":
            {
                var kind = what switch
                {
                    "manufacturing-orders" => ObjectKind.ManufacturingOrder,
                    "purchase-orders" => ObjectKind.PurchaseOrder,
                    _ => ObjectKind.CustomerOrder,
                };
                var filter = new OrderListFilter(F("open") != "false", what == "late-customer-orders" || F("late") == "true", F("item"), F("party"), F("status"));
                var rows = await orders.ListAsync(kind, filter);
                return [new ExportTable(name, [C("Number", ExportType.Text), C("Item", ExportType.Text), C("Qty", ExportType.Number), C("Party", ExportType.Text),
                    C("Status", ExportType.Text), C("DueDate", ExportType.Date), C("StartDate", ExportType.Date), C("NeededDate", ExportType.Date), C("Late", ExportType.Boolean),
                    C("Firm", ExportType.Boolean), C("Probability", ExportType.Number), C("Exceptions", ExportType.Integer), C("OpenActions", ExportType.Integer)],
                    rows.Select(r => (IReadOnlyList<object?>)[r.Number, r.Item, r.Qty, r.Party, r.Status, r.DueDate, r.StartDate, r.NeededDate, r.Late, r.Firm, r.Probability,
                        r.ExceptionCount, r.OpenActions]).ToList())];
            }

            case "actions":
            {
                var scope = Enum.TryParse<ActionScope>(F("scope"), true, out var s) ? s : ActionScope.All;
                var rows = await actions.ListAsync(scope, user.Identity?.Name ?? string.Empty);
                return [new ExportTable(name, [C("Title", ExportType.Text), C("Owner", ExportType.Text), C("Due", ExportType.Date), C("Priority", ExportType.Text),
                    C("Status", ExportType.Text), C("Origin", ExportType.Text), C("CreatedBy", ExportType.Text)],
                    rows.Select(a => (IReadOnlyList<object?>)[a.Title, a.Owner, a.Due, a.Priority.ToString(), a.Status.ToString(), $"{a.Origin.Kind} {a.Origin.Id}", a.CreatedBy]).ToList())];
            }

            case "stock":
            {
                var rows = await stock.ListAsync(F("family"), F("abc"));
                return [new ExportTable(name, [C("Item", ExportType.Text), C("Description", ExportType.Text), C("Family", ExportType.Text), C("OnHand", ExportType.Number),
                    C("SafetyStock", ExportType.Number), C("CoverageDays", ExportType.Number), C("Abc", ExportType.Text), C("ReorderPoint", ExportType.Number)],
                    rows.Select(r => (IReadOnlyList<object?>)[r.Item, r.Description, r.Family, r.OnHand, r.SafetyStock, double.IsFinite(r.CoverageDays) ? Math.Round(r.CoverageDays, 1) : null, r.Abc, r.ReorderPoint]).ToList())];
            }

            case "mrp-records":
            {
                // One item (the MRP page's selection) or every item of a family, else every item: one row per item and period.
                var item = F("item");
                var family = F("family");
                var codes = item is not null ? [item]
                    : (await exchange.MasterDataAsync()).Items.Where(i => family is null || i.Family == family).Select(i => i.Code).ToList();
                var rows = new List<IReadOnlyList<object?>>();
                foreach (var code in codes)
                {
                    if (await plan.GetItemRecordAsync(code) is not { } r)
                    {
                        continue;
                    }

                    for (var b = 0; b < r.Buckets.Count; b++)
                    {
                        static object? At(IReadOnlyList<double> v, int i) => i < v.Count ? Math.Round(v[i], 3) : null;
                        rows.Add([r.Item, r.Description, r.Family, r.Buckets[b].Start, r.Buckets[b].End, At(r.GrossRequirements, b), At(r.ScheduledReceipts, b),
                            At(r.ProjectedAvailable, b), At(r.NetRequirements, b), At(r.PlannedOrderReceipts, b), At(r.PlannedOrderReleases, b)]);
                    }
                }

                return [new ExportTable(name, [C("Item", ExportType.Text), C("Description", ExportType.Text), C("Family", ExportType.Text), C("PeriodStart", ExportType.Date),
                    C("PeriodEnd", ExportType.Date), C("GrossRequirements", ExportType.Number), C("ScheduledReceipts", ExportType.Number), C("ProjectedAvailable", ExportType.Number),
                    C("NetRequirements", ExportType.Number), C("PlannedReceipts", ExportType.Number), C("PlannedReleases", ExportType.Number)], rows)];
            }

            case "follow-ups":
            {
                var rows = await followUps.GetWorklistAsync();
                return [new ExportTable(name, [C("Number", ExportType.Text), C("Supplier", ExportType.Text), C("SupplierName", ExportType.Text), C("Email", ExportType.Text),
                    C("Reasons", ExportType.Text), C("SuggestedKind", ExportType.Text), C("DaysLate", ExportType.Integer), C("DaysNeededEarlier", ExportType.Integer),
                    C("Value", ExportType.Number), C("ExpectedDate", ExportType.Date), C("NeededDate", ExportType.Date), C("LastContact", ExportType.DateTime), C("Endangered", ExportType.Text)],
                    rows.Select(r => (IReadOnlyList<object?>)[r.Number, r.Supplier, r.SupplierName, r.Email, string.Join(", ", r.Reasons), r.SuggestedKind.ToString(),
                        r.DaysLate, r.DaysNeededEarlier, Math.Round(r.Value, 2), r.ExpectedDate, r.NeededDate, r.LastContact?.UtcDateTime, string.Join(" ", r.EndangeredCustomerOrders)]).ToList())];
            }

            case "improvement-projects":
            {
                var lead = F("lead");
                var method = F("method");
                var phases = new Collab.Web.Components.Pages.ImprovementProjects.ProjectText(projectTexts, shared, planner);
                var rows = (await projects.ListAsync(new Collab.Contracts.Projects.PortfolioQuery()))
                    .Where(p => lead is null || string.Equals(p.Lead, lead, StringComparison.OrdinalIgnoreCase))
                    .Where(p => method is null || (p.Status != Collab.Contracts.Projects.ProjectStatus.Idea && string.Equals(p.Method.ToString(), method, StringComparison.OrdinalIgnoreCase)));
                return [new ExportTable(name, [C("Number", ExportType.Text), C("Title", ExportType.Text), C("Status", ExportType.Text), C("Method", ExportType.Text),
                    C("Phase", ExportType.Text), C("Lead", ExportType.Text), C("Sponsor", ExportType.Text), C("TargetDate", ExportType.Date), C("OpenActions", ExportType.Integer),
                    C("EstimatedEuros", ExportType.Number), C("EstimatedHours", ExportType.Number), C("EstimatedLeadTimeDays", ExportType.Number), C("EstimatedScrapPercent", ExportType.Number),
                    C("ConfirmedEuros", ExportType.Number), C("ConfirmedHours", ExportType.Number), C("ConfirmedLeadTimeDays", ExportType.Number), C("ConfirmedScrapPercent", ExportType.Number)],
                    rows.Select(p => (IReadOnlyList<object?>)[p.Reference, p.Title, p.Status.ToString(), p.Status == Collab.Contracts.Projects.ProjectStatus.Idea ? null : p.Method.ToString(),
                        phases.Phase(p.Method, p.Phase, p.Status), p.Lead, p.Sponsor, p.TargetDate, p.OpenActions,
                        p.EstimatedGains.EurosPerYear, p.EstimatedGains.Hours, p.EstimatedGains.LeadTimeDays, p.EstimatedGains.ScrapPercent,
                        p.ConfirmedGains.EurosPerYear, p.ConfirmedGains.Hours, p.ConfirmedGains.LeadTimeDays, p.ConfirmedGains.ScrapPercent]).ToList())];
            }

            case "master-data":
                return MasterDataTables.Export(await exchange.MasterDataAsync(), english);

            default:
                return null;
        }
    }

    /// <summary>The file of an export: .xlsx (all tables) or .csv (the first table).</summary>
    public static (byte[] Content, string ContentType, string Extension) Write(IReadOnlyList<ExportTable> tables, string format, bool english)
    {
        using var stream = new MemoryStream();
        if (format == "csv")
        {
            ExchangeFileWriter.WriteCsv(stream, tables[0], english);
            return (stream.ToArray(), ExchangeFileWriter.CsvContentType, "csv");
        }

        ExchangeFileWriter.WriteXlsx(stream, tables);
        return (stream.ToArray(), ExchangeFileWriter.XlsxContentType, "xlsx");
    }
}
