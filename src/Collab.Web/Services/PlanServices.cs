using Collab.Planning.Mrp;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Collab.Web.Identity;
using Microsoft.AspNetCore.Identity;
using Collab.Contracts.Common;
using Collab.Contracts.Notifications;
using Collab.Contracts.Orders;
using Collab.Contracts.Plan;
using Collab.Contracts.Sites;
using Collab.Contracts.Workstations;

namespace Collab.Web.Services;

/// <summary>Where the services act: the configured site and "today" from the clock.</summary>
public sealed class PlanContext(IGrainFactory grains, TimeProvider clock, IConfiguration configuration, FreshRoles roles, Collab.Web.Components.Pages.People.UserDirectory people)
{
    /// <summary>Login → display name for what services hand to people (PDFs, mails): grains keep logins.</summary>
    public Collab.Web.Components.Pages.People.UserDirectory People { get; } = people;

    /// <summary>
    /// Services re-check the role policy of every mutating command (defence in depth: pages hide
    /// what a role may not do), through the same authorization policies as the endpoints, on a
    /// principal carrying the user's roles from the Identity store <em>now</em> (<see cref="FreshRoles"/>).
    /// </summary>
    public Task RequireAsync(string user, string policy) => roles.RequireAsync(user, policy);

    /// <summary>True when the user's current roles satisfy <paramref name="policy"/>.</summary>
    public Task<bool> HasAsync(string user, string policy) => roles.HasAsync(user, policy);

    /// <summary>Refuses a name that is not a user holding at least one role (readers included).</summary>
    public async Task RequireSignedInAsync(string user)
    {
        if (!await roles.HasAnyRoleAsync(user))
        {
            throw new ForbiddenActionException("SignedIn");
        }
    }

    /// <summary>True when the user is an administrator now.</summary>
    public Task<bool> IsAdminAsync(string user) => roles.IsAdminAsync(user);

    /// <summary>Anyone who may change something (every role but Lecteur): actions and comments.</summary>
    public async Task RequireContributorAsync(string user)
    {
        if (!await roles.HasAnyAsync(user, Policies.RolesByPolicy.Keys))
        {
            throw new ForbiddenActionException("Contributor");
        }
    }

    public IGrainFactory Grains { get; } = grains;

    public string Site { get; } = SiteOptions.CodeOf(configuration);

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    /// <summary>The plant-local time now.</summary>
    public DateTime Now => clock.GetLocalNow().DateTime;

    public IPlanGrain Plan => Grains.GetGrain<IPlanGrain>(PlanKey.Of(Site));

    public IOrderRegistryGrain Registry => Grains.GetGrain<IOrderRegistryGrain>(Site);

    public IHoldsActions Holder(ObjectRef on) => on.Kind switch
    {
        ObjectKind.ManufacturingOrder => Grains.GetGrain<IManufacturingOrderGrain>(on.Id),
        ObjectKind.PurchaseOrder => Grains.GetGrain<IPurchaseOrderGrain>(on.Id),
        ObjectKind.CustomerOrder => Grains.GetGrain<ICustomerOrderGrain>(on.Id),
        ObjectKind.Workstation => Grains.GetGrain<IWorkstationGrain>(on.Id.Contains('/', StringComparison.Ordinal) ? on.Id : WorkstationKey.Of(Site, on.Id)),
        ObjectKind.Site => Grains.GetGrain<ISiteGrain>(on.Id),
        ObjectKind.ImprovementProject => Grains.GetGrain<Collab.Contracts.Projects.IImprovementProjectGrain>(on.Id),
        _ => throw new Collab.Contracts.CommandRejectedException(Collab.Contracts.Refusal.NoActionsOnKind),
    };
}

internal sealed class PlanService(PlanContext ctx) : IPlanService
{
    public Task<Collab.Contracts.Projects.PlanFigures?> GetFiguresAsync() => ctx.Plan.GetFiguresAsync();

    public async Task<PlanRunSummary> RecalculateAsync(string user, IProgress<PlanProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await ctx.RequireAsync(user, Policies.CanPlan);
        progress?.Report(new PlanProgress(true, nameof(PlanStep.Starting), 0, null));
        var run = ctx.Plan.RecalculateAsync(ctx.Today, user);
        while (!run.IsCompleted && progress is not null)
        {
            // Poll the grain's progress while the run lasts (the same steps go out as Plan change events).
            await Task.WhenAny(run, Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
            if (!run.IsCompleted)
            {
                progress.Report(await ctx.Plan.GetProgressAsync());
            }
        }

        var summary = await run;
        progress?.Report(new PlanProgress(false, nameof(PlanStep.Done), 100, summary.RunId));
        return summary;
    }

    public Task<PlanProgress> GetProgressAsync() => ctx.Plan.GetProgressAsync();

    public Task<PlanRunSummary?> GetSummaryAsync() => ctx.Plan.GetSummaryAsync();

    public Task<MrpRecordView?> GetItemRecordAsync(string item) => ctx.Plan.GetItemRecordAsync(item);

    public Task<IReadOnlyList<PegView>> GetPeggingAsync(string item, int period) => ctx.Plan.GetPeggingAsync(item, period);

    public async Task<IReadOnlyList<PlanExceptionView>> GetExceptionsAsync(ExceptionFilter filter) =>
        [.. (await ctx.Plan.GetExceptionsAsync()).Where(e =>
            (filter.Type is null || e.Code == filter.Type) && (filter.Family is null || e.Family == filter.Family)
            && (filter.Buyer is null || e.Buyer == filter.Buyer) && (filter.Item is null || e.Item == filter.Item))];

    public Task<IReadOnlyList<PlannedOrderView>> GetPlannedOrdersAsync(string? item = null) => ctx.Plan.GetPlannedOrdersAsync(item);

    public async Task<ObjectRef> ReleasePlannedOrderAsync(string plannedOrderId, string user, double? qty = null, DateOnly? due = null)
    {
        await ctx.RequireAsync(user, Policies.CanPlan);
        return await ctx.Plan.ReleasePlannedOrderAsync(plannedOrderId, user, qty, due);
    }

    public Task<SopView?> GetSopAsync() => ctx.Plan.GetSopAsync();

    public async Task SetSopStrategyAsync(string family, string strategy, string user)
    {
        await ctx.RequireAsync(user, Policies.CanPlan);
        await ctx.Plan.SetSopStrategyAsync(family, strategy, user);
    }

    public Task<IReadOnlyList<WorkstationLoadRow>> GetCapacityAsync() => ctx.Plan.GetCapacityAsync();

    public async Task<IReadOnlyList<string>> GetFamiliesAsync() =>
        [.. (await ctx.Grains.GetGrain<ISiteGrain>(ctx.Site).GetMasterDataAsync()).Items.Select(i => i.Family).Where(f => f.Length > 0).Distinct().Order(StringComparer.Ordinal)];

    public Task<IReadOnlyList<PlanSnapshotInfo>> GetSnapshotsAsync() => ctx.Plan.GetSnapshotsAsync();

    public Task<PlanDiffView> GetDiffAsync(string fromRunId) => ctx.Plan.GetDiffAsync(fromRunId);
}

internal sealed class OrdersService(PlanContext ctx) : IOrdersService
{
    public async Task<IReadOnlyList<OrderRow>> ListAsync(ObjectKind kind, OrderListFilter filter)
    {
        var today = ctx.Today;
        var rows = await ctx.Registry.QueryAsync(new OrderQuery(kind, filter.OpenOnly, filter.Item, filter.Party));
        return [.. rows.Select(o => ToRow(o, today)).Where(r => (!filter.LateOnly || r.Late) && (filter.Status is null || r.Status == filter.Status))];
    }

    public async Task<OrderListPage> PageAsync(ObjectKind kind, OrderListFilter filter, OrderGridQuery grid)
    {
        var today = ctx.Today;
        var filters = new List<OrderColumnFilter>(grid.Filters ?? []);
        if (filter.Item is { } item)
        {
            filters.Add(new OrderColumnFilter(nameof(OrderRow.Item), "Equals", item));
        }

        if (filter.Party is { } party)
        {
            filters.Add(new OrderColumnFilter(nameof(OrderRow.Party), "Equals", party));
        }

        if (filter.Status is { } status)
        {
            filters.Add(new OrderColumnFilter(nameof(OrderRow.Status), "Equals", status));
        }

        var page = await ctx.Registry.QueryPageAsync(new OrderPageQuery(kind, today, filter.OpenOnly, filter.LateOnly, filters, grid.Sorts,
            Math.Max(0, grid.Skip), Math.Clamp(grid.Take, 0, 500)));
        return new OrderListPage([.. page.Rows.Select(o => ToRow(o, today))], page.Total, page.Listed, page.Late);
    }

    internal static OrderRow ToRow(OrderSummary o, DateOnly today) =>
        new(o.Number, o.Ref.Kind, o.Item, o.Qty, o.Party, o.Status, o.DueDate, o.StartDate, o.NeededDate, o.IsLate(today), o.Firm, o.Probability,
            o.ExceptionCount, o.OpenActions, o.Version);

    public async Task<OrderDetail<ManufacturingOrderView>?> GetManufacturingOrderAsync(string number)
    {
        var g = ctx.Grains.GetGrain<IManufacturingOrderGrain>(number);
        return await g.GetAsync() is { } v ? new(v, await g.GetActionsAsync(), await g.GetRecentHistoryAsync()) : null;
    }

    public async Task<OrderDetail<PurchaseOrderView>?> GetPurchaseOrderAsync(string number)
    {
        var g = ctx.Grains.GetGrain<IPurchaseOrderGrain>(number);
        return await g.GetAsync() is { } v ? new(v, await g.GetActionsAsync(), await g.GetRecentHistoryAsync()) : null;
    }

    public async Task<OrderDetail<CustomerOrderView>?> GetCustomerOrderAsync(string number)
    {
        var g = ctx.Grains.GetGrain<ICustomerOrderGrain>(number);
        return await g.GetAsync() is { } v ? new(v, await g.GetActionsAsync(), await g.GetRecentHistoryAsync()) : null;
    }

    public async Task<ManufacturingOrderView> CreateManufacturingOrderAsync(ManufacturingOrderDraft draft, string user)
    {
        await ctx.RequireAsync(user, Policies.CanPlan);
        Validation.NotBefore(draft.Start, ctx.Today, Collab.Contracts.RefusalTerm.StartDate);
        var number = await ctx.Grains.GetGrain<ISiteGrain>(ctx.Site).NextNumberAsync(NumberKind.ManufacturingOrder, ctx.Today, user);
        return await ctx.Grains.GetGrain<IManufacturingOrderGrain>(number).CreateAsync(ctx.Site, draft, user);
    }

    public async Task<ManufacturingOrderView> ReleaseManufacturingOrderAsync(string number, long expectedVersion, string user)
    {
        await ctx.RequireAsync(user, Policies.CanPlan);
        return await ctx.Grains.GetGrain<IManufacturingOrderGrain>(number).ReleaseAsync(expectedVersion, user);
    }

    public async Task<ManufacturingOrderView> RescheduleManufacturingOrderAsync(string number, DateOnly start, DateOnly due, long expectedVersion, string user)
    {
        await ctx.RequireAsync(user, Policies.CanPlan);
        return await ctx.Grains.GetGrain<IManufacturingOrderGrain>(number).RescheduleAsync(start, due, expectedVersion, user);
    }

    public async Task<ManufacturingOrderView> DeclareProgressAsync(string number, ProgressDeclaration declaration, string user)
    {
        await ctx.RequireAsync(user, Policies.CanPlan);
        return await ctx.Grains.GetGrain<IManufacturingOrderGrain>(number).DeclareProgressAsync(declaration, user);
    }

    public async Task<ManufacturingOrderView> CloseManufacturingOrderAsync(string number, long expectedVersion, string user)
    {
        await ctx.RequireAsync(user, Policies.CanPlan);
        return await ctx.Grains.GetGrain<IManufacturingOrderGrain>(number).CloseAsync(expectedVersion, user);
    }

    public async Task<PurchaseOrderView> CreatePurchaseOrderAsync(PurchaseOrderDraft draft, string user)
    {
        await ctx.RequireAsync(user, Policies.CanBuy);
        await Validation.KnownItemsAsync(ctx, draft.Lines.Select(l => l.Item));
        foreach (var l in draft.Lines)
        {
            Validation.NotBefore(l.RequestedDate, ctx.Today, Collab.Contracts.RefusalTerm.RequestedDate);
        }

        var number = await ctx.Grains.GetGrain<ISiteGrain>(ctx.Site).NextNumberAsync(NumberKind.PurchaseOrder, ctx.Today, user);
        return await ctx.Grains.GetGrain<IPurchaseOrderGrain>(number).CreateAsync(ctx.Site, draft, user);
    }

    public async Task<PurchaseOrderView> ConfirmPurchaseLineAsync(string number, int line, DateOnly confirmed, long expectedVersion, string user)
    {
        await ctx.RequireAsync(user, Policies.CanBuy);
        return await ctx.Grains.GetGrain<IPurchaseOrderGrain>(number).ConfirmAsync(line, confirmed, expectedVersion, user);
    }

    public async Task<PurchaseOrderView> ReceivePurchaseLineAsync(string number, int line, double qty, DateOnly date, string user)
    {
        await ctx.RequireAsync(user, Policies.CanBuy);
        return await ctx.Grains.GetGrain<IPurchaseOrderGrain>(number).ReceiveAsync(line, qty, date, user);
    }

    public async Task<CustomerOrderView> CreateCustomerOrderAsync(CustomerOrderDraft draft, string user)
    {
        await ctx.RequireAsync(user, Policies.CanBuy);
        await Validation.KnownItemsAsync(ctx, draft.Lines.Select(l => l.Item));
        foreach (var l in draft.Lines)
        {
            Validation.NotBefore(l.PromisedDate, ctx.Today, Collab.Contracts.RefusalTerm.PromisedDate);
        }

        var number = await ctx.Grains.GetGrain<ISiteGrain>(ctx.Site).NextNumberAsync(NumberKind.CustomerOrder, ctx.Today, user);
        return await ctx.Grains.GetGrain<ICustomerOrderGrain>(number).CreateAsync(ctx.Site, draft, user);
    }

    public async Task<CustomerOrderView> SetPromisedDateAsync(string number, int line, DateOnly promised, long expectedVersion, string user)
    {
        await ctx.RequireAsync(user, Policies.CanBuy);
        Validation.NotBefore(promised, ctx.Today, Collab.Contracts.RefusalTerm.PromisedDate);
        return await ctx.Grains.GetGrain<ICustomerOrderGrain>(number).SetPromisedDateAsync(line, promised, expectedVersion, user);
    }

    public async Task<CustomerOrderView> SetFirmnessAsync(string number, bool firm, double probability, long expectedVersion, string user)
    {
        await ctx.RequireAsync(user, Policies.CanBuy);
        return await ctx.Grains.GetGrain<ICustomerOrderGrain>(number).SetFirmnessAsync(firm, probability, expectedVersion, user);
    }

    public async Task<CustomerOrderView> ShipCustomerLineAsync(string number, int line, double qty, DateOnly date, string user)
    {
        await ctx.RequireAsync(user, Policies.CanBuy);
        return await ctx.Grains.GetGrain<ICustomerOrderGrain>(number).ShipAsync(line, qty, date, user);
    }
}

internal static class Validation
{
    public static void NotBefore(DateOnly date, DateOnly today, Collab.Contracts.RefusalTerm what)
    {
        if (date < today)
        {
            throw new Collab.Contracts.CommandRejectedException(Collab.Contracts.Refusal.DateBeforeToday, what, today);
        }
    }

    public static async Task KnownItemsAsync(PlanContext ctx, IEnumerable<string> items)
    {
        var known = (await ctx.Grains.GetGrain<ISiteGrain>(ctx.Site).GetMasterDataAsync()).Items.Select(i => i.Code).ToHashSet();
        var unknown = items.Where(i => !known.Contains(i)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            throw new Collab.Contracts.CommandRejectedException([.. unknown.Select(u => new Collab.Contracts.RefusalReason(Collab.Contracts.Refusal.UnknownItem, u))]);
        }
    }
}

internal sealed class WorkstationService(PlanContext ctx) : IWorkstationService
{
    public async Task<IReadOnlyList<WorkstationRow>> ListAsync()
    {
        var data = await ctx.Grains.GetGrain<ISiteGrain>(ctx.Site).GetMasterDataAsync();
        var views = await Task.WhenAll(data.Workstations.Select(w => ctx.Grains.GetGrain<IWorkstationGrain>(WorkstationKey.Of(ctx.Site, w.Code)).GetAsync()));
        return [.. views.Where(v => v is not null).Select(v => ToRow(v!))];
    }

    internal static WorkstationRow ToRow(WorkstationView v)
    {
        var next = v.Weeks.Take(4).Select(w => double.IsFinite(w.Utilisation) ? Math.Round(w.Utilisation * 100, 0) : 999).ToList();
        return new WorkstationRow(v.Code, v.Data.Description, v.Data.WeeklyHours, next, v.Weeks.Take(4).Any(w => w.Overloaded), v.Incidents.Count(i => i.ClosedAt is null));
    }

    /// <summary>
    /// The workstation with, from the plan's run, the orders making each week's load and its queue (the grain keeps the
    /// weekly figures only: planned orders are numbered anew by every run).
    /// </summary>
    public async Task<WorkstationDetail?> GetAsync(string code)
    {
        var g = ctx.Grains.GetGrain<IWorkstationGrain>(WorkstationKey.Of(ctx.Site, code));
        var load = ctx.Grains.GetGrain<IPlanGrain>(PlanKey.Of(ctx.Site)).GetWorkstationLoadAsync(code);
        if (await g.GetAsync() is not { } v)
        {
            return null;
        }

        return new WorkstationDetail(v.WithRunLoad(await load), await g.GetActionsAsync(), await g.GetRecentHistoryAsync());
    }

    public async Task<WorkstationView> UpdateCalendarAsync(string code, IReadOnlyList<double> hoursByDay, int machines, double efficiency, IReadOnlyList<DateOnly> closures, long expectedVersion, string user)
    {
        await ctx.RequireAsync(user, Policies.CanPlan);
        return await ctx.Grains.GetGrain<IWorkstationGrain>(WorkstationKey.Of(ctx.Site, code)).UpdateCalendarAsync(hoursByDay, machines, efficiency, closures, expectedVersion, user);
    }

    public async Task<WorkstationView> ReportIncidentAsync(string code, string title, IncidentSeverity severity, string user)
    {
        await ctx.RequireAsync(user, Policies.CanPlan);
        return await ctx.Grains.GetGrain<IWorkstationGrain>(WorkstationKey.Of(ctx.Site, code)).ReportIncidentAsync(title, severity, user);
    }

    public async Task<WorkstationView> CloseIncidentAsync(string code, Guid incident, string user)
    {
        await ctx.RequireAsync(user, Policies.CanPlan);
        return await ctx.Grains.GetGrain<IWorkstationGrain>(WorkstationKey.Of(ctx.Site, code)).CloseIncidentAsync(incident, user);
    }
}

internal sealed class StockService(PlanContext ctx) : IStockService
{
    public async Task<IReadOnlyList<StockRow>> ListAsync(string? family = null, string? abc = null) =>
        [.. (await ctx.Plan.GetStockAsync()).Where(r => (family is null || r.Family == family) && (abc is null || r.Abc == abc))
            .OrderBy(r => r.Abc, StringComparer.Ordinal).ThenByDescending(r => r.AnnualConsumptionValue)];

    public async Task<(IReadOnlyList<PlanBucketView> Buckets, StockRow Row)?> GetProjectedAsync(string item)
    {
        var row = (await ctx.Plan.GetStockAsync()).FirstOrDefault(r => r.Item == item);
        return row is null ? null : (await ctx.Plan.GetBucketsAsync(), row);
    }
}

internal sealed class ActionsService(PlanContext ctx, Collab.Web.Components.Pages.People.UserDirectory people) : IActionsService
{
    public Task<IReadOnlyList<ActionItem>> ListAsync(ActionScope scope, string user, ObjectKind? origin = null) =>
        ctx.Grains.GetGrain<IActionIndexGrain>(ctx.Site).QueryAsync(scope switch
        {
            ActionScope.Mine => new ActionQuery(Owner: user, OpenOnly: true, OriginKind: origin),
            ActionScope.Overdue => new ActionQuery(OverdueOn: ctx.Today, OriginKind: origin),
            _ => new ActionQuery(OriginKind: origin),
        });

    public async Task<ActionItem> AddAsync(ObjectRef on, NewAction action, string user)
    {
        await ctx.RequireContributorAsync(user);
        var owner = await people.RequireOwnerAsync(action.Owner);
        return await ctx.Holder(on).AddActionAsync(action with { Owner = owner }, user);
    }

    public async Task<ActionItem> SetStatusAsync(ActionItem action, ActionStatus status, string user)
    {
        await ctx.RequireContributorAsync(user);
        return await ctx.Holder(action.Origin).SetActionStatusAsync(action.Id, status, action.Version, user);
    }

    public async Task<ActionItem> CommentAsync(ActionItem action, string text, string user)
    {
        await ctx.RequireContributorAsync(user);
        return await ctx.Holder(action.Origin).CommentActionAsync(action.Id, text, user);
    }
}

internal sealed class DashboardService(PlanContext ctx, IWorkstationService workstations) : IDashboardService
{
    public async Task<DashboardView> GetAsync()
    {
        var today = ctx.Today;
        var all = await ctx.Registry.QueryAsync(new OrderQuery(OpenOnly: false));
        var otd = all.Where(o => o.Ref.Kind == ObjectKind.CustomerOrder).Aggregate(new OtdFigures(0, 0), (s, o) => s + o.Otd);
        var late = all.Where(o => o.IsLate(today)).Select(o => OrdersService.ToRow(o, today)).ToList();
        var overloaded = (await workstations.ListAsync()).Where(w => w.Overloaded).ToList();
        var overdue = await ctx.Grains.GetGrain<IActionIndexGrain>(ctx.Site).QueryAsync(new ActionQuery(OverdueOn: today));
        var shortages = (await ctx.Plan.GetExceptionsAsync()).Where(e => e.Type is MrpExceptionType.LateDemand or MrpExceptionType.PastDueRelease or MrpExceptionType.RescheduleIn).ToList();
        var figures = new List<DashboardFigure>
        {
            new("Taux de service (OTD)", otd.Rate is { } r ? $"{r:P0}" : "—", "/commandes-clients", otd.Rate is < 0.9),
            new("Ordres en retard", late.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), "/ordres-fabrication?retard=1", late.Count > 0),
            new("Postes surchargés", overloaded.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), "/postes", overloaded.Count > 0),
            new("Actions en retard", overdue.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), "/actions?vue=retard", overdue.Count > 0),
            new("Ruptures et retards prévus", shortages.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), "/plan?onglet=exceptions", shortages.Count > 0),
        };
        return new DashboardView(otd.Rate, late, overloaded, overdue, shortages, figures, await ctx.Plan.GetFiguresAsync());
    }
}

internal sealed class InboxNotificationService(PlanContext ctx) : INotificationService
{
    private INotificationInboxGrain Inbox(string user) => ctx.Grains.GetGrain<INotificationInboxGrain>(user.ToLowerInvariant());

    public Task<IReadOnlyList<Notification>> ListAsync(string user, bool unreadOnly = false, int max = 50) => Inbox(user).ListAsync(unreadOnly, max);

    public Task<int> UnreadCountAsync(string user) => Inbox(user).UnreadCountAsync();

    public Task MarkReadAsync(string user, Guid id) => Inbox(user).MarkReadAsync(id);

    public Task MarkAllReadAsync(string user) => Inbox(user).MarkAllReadAsync();
}

public static class PlanServiceRegistration
{
    /// <summary>Registers the UI façades of the shared plan and the per-process live updates.</summary>
    public static IServiceCollection AddCollabPlanServices(this IServiceCollection services)
    {
        services.AddSingleton<PlanContext>();
        services.AddSingleton<IPlanService, PlanService>();
        services.AddSingleton<IOrdersService, OrdersService>();
        services.AddSingleton<IWorkstationService, WorkstationService>();
        services.AddSingleton<IStockService, StockService>();
        services.AddSingleton<IActionsService, ActionsService>();
        services.AddSingleton<IDashboardService, DashboardService>();
        services.AddSingleton<INotificationService, InboxNotificationService>();
        services.AddHostedService<DemoSeeder>();
        return services;
    }
}

/// <summary>
/// Seeds the embedded demo plant on start (unless "Collab:Demo" is "false"); idempotent. Retries while the
/// co-hosted silo is still starting.
/// </summary>
internal sealed class DemoSeeder(PlanContext ctx, IConfiguration configuration, Collab.Web.Hosting.CollabStorageSettings storage, Collab.Web.Health.DemoSeedStatus status, ILogger<DemoSeeder> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            status.Completed(await SeedAsync(stoppingToken));
        }
        catch (Exception e)
        {
            // Stopping (or a bug): never ready with a half-seeded demo.
            status.Completed(false, e.Message);
        }
    }

    /// <summary>True when the demo is in place or not asked for; false when seeding gave up.</summary>
    private async Task<bool> SeedAsync(CancellationToken stoppingToken)
    {
        // Same rule as the demo users: embedded mode seeds, cluster mode only with --seed-demo.
        if (!storage.SeedDemo || !string.Equals(configuration["Collab:Demo"] ?? "true", "true", StringComparison.OrdinalIgnoreCase) || ctx.Site != Collab.Grains.Demo.DemoPlant.Site)
        {
            return true;
        }

        // --demo-scale large: the generated plant of issue #17 instead of the small demo (docs/performance.md).
        var scale = configuration["Collab:DemoScale"] ?? "small";
        Collab.Domain.Demo.LargePlantOptions? large = scale.ToLowerInvariant() switch
        {
            "small" => null,
            "large" => new Collab.Domain.Demo.LargePlantOptions(),
            _ => throw new InvalidOperationException($"Collab:DemoScale (--demo-scale) must be 'small' or 'large', not '{scale}'."),
        };
        for (var attempt = 1; attempt <= 30 && !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                if (await Collab.Grains.Demo.DemoPlant.SeedAsync(ctx.Grains, ctx.Now, large))
                {
                    logger.LogInformation("Demo plant seeded");
                }

                return true;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Demo plant not seeded yet (attempt {Attempt})", attempt);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }

        return false;
    }
}
