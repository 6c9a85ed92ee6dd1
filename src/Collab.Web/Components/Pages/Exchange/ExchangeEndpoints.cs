using System.Globalization;
using System.Security.Claims;
using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Sites;
using Collab.Domain.Exchange;
using Collab.Web.Components.Shared;
using Collab.Web.Identity;
using Collab.Web.Services;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

namespace Collab.Web.Components.Pages.Exchange;

/// <summary>Body of a stock write.</summary>
public sealed record StockWrite(double OnHand, double Allocated = 0);

/// <summary>Body of a BOM write: the components of one parent.</summary>
public sealed record BomComponentWrite(string Component, double QtyPer, double ScrapRate = 0);

/// <summary>Result of an import posted to the API (preview or applied).</summary>
public sealed record ImportResultDto(bool Applied, bool DryRun, string? ImportId, long SiteVersion, IReadOnlyList<KindDiffDto> Changes, IReadOnlyList<ImportProblemDto> Warnings);

public sealed record KindDiffDto(string Kind, int Created, int Changed, int Removed, IReadOnlyList<RecordDiff> FirstChanges);

public sealed record ImportProblemDto(string Source, int Line, string? Column, string Code, string Message, bool Warning);

public sealed record PlanRunAccepted(string Status, string StatusUrl);

/// <summary>
/// The REST API <c>/api/v1</c> (OpenAPI document at <c>/openapi/v1.json</c>, reference page at <c>/api/reference</c>) and the
/// file downloads of the exchange pages. Callers: people (cookie + antiforgery token on writes) or machines
/// (<c>Authorization: Bearer</c> API key, no antiforgery). Writes carry <c>If-Match</c> = the version (ETag); a stale
/// version gets 412 with who changed it; errors are RFC 7807 problem details listing every field error.
/// </summary>
public static class ExchangeEndpoints
{
    public static IEndpointRouteBuilder MapExchange(this IEndpointRouteBuilder endpoints)
    {
        MapDownloads(endpoints.MapGroup("/exchange"));

        var api = endpoints.MapGroup("/api/v1").DisableAntiforgery().AddEndpointFilter(CookieAntiforgery).WithTags("v1");

        api.MapGet("/items", async (ExchangeService x, HttpContext h) => Tagged(h, await x.SiteInfoAsync(), (await x.MasterDataAsync()).Items)).WithName("ListItems");
        api.MapGet("/items/{code}", async (string code, ExchangeService x, HttpContext h) =>
            (await x.MasterDataAsync()).Items.FirstOrDefault(i => i.Code == code) is { } item ? Tagged(h, await x.SiteInfoAsync(), item) : NotFound(code)).WithName("GetItem");
        api.MapGet("/bom", async (ExchangeService x, HttpContext h, string? parent) =>
            Tagged(h, await x.SiteInfoAsync(), (await x.MasterDataAsync()).Bom.Where(b => parent is null || b.Parent == parent).ToList())).WithName("ListBom");
        api.MapGet("/routings", async (ExchangeService x, HttpContext h, string? item) =>
            Tagged(h, await x.SiteInfoAsync(), (await x.MasterDataAsync()).Routings.Where(r => item is null || r.Item == item).ToList())).WithName("ListRoutings");
        api.MapGet("/workstations", async (ExchangeService x, HttpContext h) => Tagged(h, await x.SiteInfoAsync(), (await x.MasterDataAsync()).Workstations)).WithName("ListWorkstations");
        api.MapGet("/stock", async (ExchangeService x, HttpContext h) => Tagged(h, await x.SiteInfoAsync(), (await x.MasterDataAsync()).Stock)).WithName("ListStock");
        api.MapGet("/orders/{kind}", async (string kind, IOrdersService orders, bool? late, string? item) =>
            OrderKind(kind) is { } k ? Results.Ok(await orders.ListAsync(k, new OrderListFilter(true, late ?? false, item))) : NotFound(kind)).WithName("ListOrders");
        api.MapGet("/plan/planned-orders", async (IPlanService plan, string? item) => Results.Ok(await plan.GetPlannedOrdersAsync(item))).WithName("ListPlannedOrders");
        api.MapGet("/plan/exceptions", async (IPlanService plan, string? item, string? type) => Results.Ok(await plan.GetExceptionsAsync(new ExceptionFilter(type, null, null, item)))).WithName("ListExceptions");
        api.MapGet("/plan/loads", async (IPlanService plan) => Results.Ok(await plan.GetCapacityAsync())).WithName("ListLoads");
        api.MapGet("/plan/schedule", async (ISchedulingService scheduling) => Results.Ok((await scheduling.GetAsync()).Operations)).WithName("ListScheduleOperations");
        api.MapGet("/plan/status", async (IPlanService plan) => Results.Ok(new { progress = await plan.GetProgressAsync(), last = await plan.GetSummaryAsync() })).WithName("GetPlanStatus");
        api.MapGet("/actions", async (IActionsService actions, ClaimsPrincipal user) => Results.Ok(await actions.ListAsync(ActionScope.All, user.Identity?.Name ?? string.Empty))).WithName("ListActions");
        api.MapGet("/imports", async (ExchangeService x) => Results.Ok(await x.JournalAsync())).WithName("ListImports").RequireAuthorization(Policies.CanPlan);
        api.MapGet("/exports/{what}", Export).WithName("Export");

        var write = api.MapGroup(string.Empty).RequireAuthorization(Policies.CanPlan);
        write.MapPut("/items/{code}", (string code, ItemData item, HttpContext h, ExchangeService x, ImportProblemText t) =>
        {
            var data = new ImportedData();
            data.Sources[ExchangeSheet.Items] = "api";
            data.Items.Add((item with { Code = code }, new RowOrigin("api", 0)));
            return Change(h, x, t, data, ImportMode.Merge);
        }).WithName("PutItem");
        write.MapPut("/bom/{parent}", (string parent, List<BomComponentWrite> components, HttpContext h, ExchangeService x, ImportProblemText t) =>
            ChangeList(h, x, t, current => current with { Bom = [.. current.Bom.Where(b => b.Parent != parent), .. components.Select(c => new BomLineData(parent, c.Component, c.QtyPer, c.ScrapRate))] }))
            .WithName("PutBom");
        write.MapPut("/routings/{item}", (string item, List<RoutingOperationData> operations, HttpContext h, ExchangeService x, ImportProblemText t) =>
            ChangeList(h, x, t, current => current with { Routings = [.. current.Routings.Where(r => r.Item != item), .. operations.Select(o => o with { Item = item })] }))
            .WithName("PutRouting");
        write.MapPut("/workstations/{code}", (string code, WorkstationData workstation, HttpContext h, ExchangeService x, ImportProblemText t) =>
        {
            var data = new ImportedData();
            data.Sources[ExchangeSheet.Workstations] = "api";
            data.Workstations.Add((workstation with { Code = code }, new RowOrigin("api", 0)));
            return Change(h, x, t, data, ImportMode.Merge);
        }).WithName("PutWorkstation");
        write.MapPut("/stock/{item}", (string item, StockWrite stock, HttpContext h, ExchangeService x, ImportProblemText t) =>
        {
            var data = new ImportedData();
            data.Sources[ExchangeSheet.Stock] = "api";
            data.Stock.Add((new StockData(item, stock.OnHand, stock.Allocated), new RowOrigin("api", 0)));
            return Change(h, x, t, data, ImportMode.Merge);
        }).WithName("PutStock");
        write.MapPost("/orders/manufacturing", async (ManufacturingOrderDraft draft, IOrdersService orders, ClaimsPrincipal user, RefusalText refusals) =>
        {
            try
            {
                var view = await orders.CreateManufacturingOrderAsync(draft, user.Identity?.Name ?? "?");
                return Results.Created($"/api/v1/orders/manufacturing/{view.Number}", view);
            }
            catch (CommandRejectedException ex)
            {
                return Refused("order", refusals, ex);
            }
        }).WithName("CreateManufacturingOrder");
        write.MapPost("/plan/runs", (IPlanService plan, ClaimsPrincipal user, ILogger<ExchangeService> logger) =>
        {
            var name = user.Identity?.Name ?? "?";
            _ = Task.Run(async () =>
            {
                try
                {
                    await plan.RecalculateAsync(name);
                }
                catch (Exception ex) when (ex is CommandRejectedException or OrleansException or TimeoutException)
                {
                    logger.LogWarning(ex, "Plan run requested through the API by {User} failed", name);
                }
            });
            return Results.Accepted("/api/v1/plan/status", new PlanRunAccepted("started", "/api/v1/plan/status"));
        }).WithName("StartPlanRun");
        write.MapPost("/imports", Import).WithName("PostImport").DisableAntiforgery();
        return endpoints;
    }

    private static void MapDownloads(RouteGroupBuilder files)
    {
        files.MapGet("/template.xlsx", (string? lang) =>
            Results.File(ExchangeService.TemplateXlsx(English(lang)), Collab.Infrastructure.Exchange.ExchangeFileWriter.XlsxContentType, English(lang) ? "collab-template.xlsx" : "collab-modele.xlsx"));
        files.MapGet("/template/{sheet}.csv", (string sheet, string? lang) =>
            ExchangeSchema.FindByName(sheet) is { } d
                ? Results.File(ExchangeService.TemplateCsv(d.Sheet, English(lang)), Collab.Infrastructure.Exchange.ExchangeFileWriter.CsvContentType, $"{d.Name(English(lang)).ToLowerInvariant()}.csv")
                : Results.NotFound());
        files.MapGet("/export/{what}", Export);
        files.MapGet("/imports/{id}/file", async (string id, ExchangeService x) =>
            await x.JournalFileAsync(id) is { } f ? Results.File(f.Content, "application/octet-stream", f.Name) : Results.NotFound()).RequireAuthorization(Policies.CanPlan);
        files.MapGet("/previews/{id}/errors.csv", (string id, ExchangeService x, ImportProblemText t, ClaimsPrincipal user) =>
            x.RejectedPreview(id, user.Identity?.Name ?? "?") is { } p
                ? Results.File(t.Csv(p.Analysis.Problems, English(null)), Collab.Infrastructure.Exchange.ExchangeFileWriter.CsvContentType, "import-errors.csv")
                : Results.NotFound()).RequireAuthorization(Policies.CanPlan);
    }

    private static bool English(string? lang) => (lang ?? CultureInfo.CurrentUICulture.TwoLetterISOLanguageName) == "en";

    private static async Task<IResult> Export(string what, string? format, HttpContext h, ExportService export, ClaimsPrincipal user)
    {
        var lang = h.Request.Query["lang"].FirstOrDefault();
        var english = English(lang);
        if (lang is not null)
        {
            // Headers are worded through the resources: in the language asked (an API client has no culture cookie).
            System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo(english ? "en" : "fr");
        }

        var filters = h.Request.Query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var tables = await export.BuildAsync(what, filters, user, english);
        if (tables is null)
        {
            return NotFound(what);
        }

        var (content, type, extension) = ExportService.Write(tables, format == "csv" ? "csv" : "xlsx", english);
        return Results.File(content, type, $"{what}-{DateTime.UtcNow:yyyyMMdd-HHmm}.{extension}");
    }

    private static async Task<IResult> Import(HttpRequest request, ExchangeService x, ImportProblemText t, ClaimsPrincipal user, bool? dryRun, string? mode, string? site,
        Microsoft.Extensions.Options.IOptions<SiteOptions> sites)
    {
        if (site is not null && !string.Equals(site, sites.Value.Code, StringComparison.OrdinalIgnoreCase))
        {
            return Results.Problem(title: $"This server holds site {sites.Value.Code}, not {site}.", statusCode: StatusCodes.Status404NotFound);
        }

        if (!request.HasFormContentType)
        {
            return Results.Problem(title: "multipart/form-data expected (field 'file')", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        var form = await request.ReadFormAsync();
        var files = new List<UploadedFile>();
        foreach (var file in form.Files)
        {
            using var ms = new MemoryStream();
            await file.CopyToAsync(ms);
            files.Add(new UploadedFile(file.FileName, ms.ToArray()));
        }

        if (files.Count == 0)
        {
            return Problem422("file", ["No file."]);
        }

        var importMode = string.Equals(mode, "replace", StringComparison.OrdinalIgnoreCase) ? ImportMode.Replace : ImportMode.Merge;
        var preview = await x.PreviewAsync(user, files, importMode);
        var warnings = preview.Analysis.Problems.Where(p => p.Warning).Select(p => Dto(p, t)).ToList();
        if (preview.Rejected)
        {
            return ImportRejected(preview.Analysis.Problems, t);
        }

        var changes = preview.Analysis.Diff.Where(d => d.Any).Select(d => new KindDiffDto(d.Sheet.ToString(), d.Created, d.Changed, d.Removed, d.FirstChanges)).ToList();
        if (dryRun == true)
        {
            return Results.Ok(new ImportResultDto(false, true, null, preview.SiteVersion, changes, warnings));
        }

        try
        {
            var applied = await x.ApplyAsync(user, preview.Id);
            return Results.Ok(new ImportResultDto(true, false, applied.ImportId, applied.Site.Version, changes, warnings));
        }
        catch (VersionConflictException ex)
        {
            return Stale(ex);
        }
    }

    internal static IResult ImportRejected(IReadOnlyList<ImportProblem> problems, ImportProblemText t)
    {
        var errors = problems.Where(p => !p.Warning).GroupBy(p => Where(p)).ToDictionary(g => g.Key, g => g.Select(p => t.Reason(p)).ToArray());
        var extensions = new Dictionary<string, object?> { ["problems"] = problems.Select(p => Dto(p, t)).ToList() };
        return Results.ValidationProblem(errors, title: "The file was rejected: nothing was changed.", statusCode: StatusCodes.Status422UnprocessableEntity, extensions: extensions);
    }

    private static string Where(ImportProblem p) =>
        p.Column is null ? $"{p.Source}!{p.Line}" : $"{p.Source}!{p.Line}:{p.Column}";

    private static ImportProblemDto Dto(ImportProblem p, ImportProblemText t) =>
        new(t.Source(p), p.Line, p.Column is null ? null : t.Column(p), p.Rule ?? p.Code.ToString(), t.Reason(p), p.Warning);

    private static async Task<IResult> Change(HttpContext h, ExchangeService x, ImportProblemText t, ImportedData data, ImportMode mode)
    {
        if (!TryVersion(h, out var version, out var missing))
        {
            return missing!;
        }

        try
        {
            var (site, rejected) = await x.ChangeAsync(h.User, version, data, mode);
            if (rejected is not null)
            {
                return ImportRejected(rejected.Problems, t);
            }

            h.Response.Headers.ETag = ETag(site!.Version);
            return Results.Ok(site);
        }
        catch (VersionConflictException ex)
        {
            return Stale(ex);
        }
    }

    private static async Task<IResult> ChangeList(HttpContext h, ExchangeService x, ImportProblemText t, Func<MasterDataSet, MasterDataSet> change)
    {
        var current = await x.MasterDataAsync();
        var next = change(current);
        var data = new ImportedData();
        data.Sources[ExchangeSheet.BomLines] = "api";
        data.Sources[ExchangeSheet.Routings] = "api";
        data.Bom.AddRange(next.Bom.Select(b => (b, new RowOrigin("api", 0))));
        data.Routings.AddRange(next.Routings.Select(r => (r, new RowOrigin("api", 0))));
        return await Change(h, x, t, data, ImportMode.Replace);
    }

    private static bool TryVersion(HttpContext h, out long version, out IResult? error)
    {
        version = 0;
        error = null;
        var header = h.Request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0)
        {
            error = Results.Problem(title: "If-Match header required (the ETag of the object as read).", statusCode: StatusCodes.Status428PreconditionRequired);
            return false;
        }

        if (!long.TryParse(header.Replace("W/", string.Empty, StringComparison.Ordinal).Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out version))
        {
            error = Results.Problem(title: "If-Match must be the ETag returned by a GET, e.g. \"12\".", statusCode: StatusCodes.Status400BadRequest);
            return false;
        }

        return true;
    }

    private static IResult Stale(VersionConflictException ex) =>
        Results.Problem(title: "Stale version: the data was changed since you read it.", detail: ex.Message, statusCode: StatusCodes.Status412PreconditionFailed,
            extensions: new Dictionary<string, object?> { ["modifiedBy"] = ex.ModifiedBy, ["modifiedAt"] = ex.ModifiedAt, ["currentVersion"] = ex.CurrentVersion });

    /// <summary>A refused command: its reasons worded in the request's culture, their codes (<see cref="Refusal"/>) beside them.</summary>
    private static IResult Refused(string field, RefusalText refusals, CommandRejectedException ex) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [.. refusals.Words(ex)] }, statusCode: StatusCodes.Status422UnprocessableEntity,
            extensions: new Dictionary<string, object?> { ["codes"] = ex.Kinds.Select(k => k.ToString()).ToArray() });

    private static IResult Problem422(string field, IReadOnlyList<string> errors) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [.. errors] }, statusCode: StatusCodes.Status422UnprocessableEntity);

    private static IResult NotFound(string what) => Results.Problem(title: $"Not found: {what}", statusCode: StatusCodes.Status404NotFound);

    private static string ETag(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    private static IResult Tagged<T>(HttpContext h, SiteInfo site, T body)
    {
        h.Response.Headers.ETag = ETag(site.Version);
        return Results.Ok(body);
    }

    private static ObjectKind? OrderKind(string kind) => kind switch
    {
        "manufacturing" => ObjectKind.ManufacturingOrder,
        "purchase" => ObjectKind.PurchaseOrder,
        "customer" => ObjectKind.CustomerOrder,
        _ => null,
    };

    /// <summary>Browser (cookie) writes need the antiforgery token; bearer-key calls do not (no ambient credential to forge).</summary>
    private static async ValueTask<object?> CookieAntiforgery(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
            && http.User.Identity?.AuthenticationType != ApiKeyService.Scheme
            && !await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
        {
            return Results.Problem(title: "Antiforgery token missing or invalid.", statusCode: StatusCodes.Status400BadRequest);
        }

        return await next(context);
    }
}
