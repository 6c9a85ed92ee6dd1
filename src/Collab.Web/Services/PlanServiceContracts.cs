using Collab.Contracts.Common;
using Collab.Contracts.Notifications;
using Collab.Contracts.Orders;
using Collab.Contracts.Plan;
using Collab.Contracts.Workstations;

namespace Collab.Web.Services;

// UI façades over the grains of the shared plan. Pages call these, never IGrainFactory.
// The site is configuration (SiteOptions: "Collab:Site:Code", default "DEMO"); "today" comes from the injected TimeProvider.
// User-facing failures surface as CommandRejectedException (typed Reasons, worded by RefusalText) or
// VersionConflictException (ModifiedBy / ModifiedAt → "Modifié par X à HH:MM"; reload, keep the typed text).

/// <summary>Filters of the MRP exceptions list (null = all).</summary>
public sealed record ExceptionFilter(string? Type = null, string? Family = null, string? Buyer = null, string? Item = null);

/// <summary>Filters of order lists (null = all).</summary>
public sealed record OrderListFilter(bool OpenOnly = true, bool LateOnly = false, string? Item = null, string? Party = null, string? Status = null);

/// <summary>A row of an order list ready for display; <see cref="Late"/> rows are shown in red.</summary>
public sealed record OrderRow(
    string Number,
    ObjectKind Kind,
    string Item,
    double Qty,
    string Party,
    string Status,
    DateOnly DueDate,
    DateOnly? StartDate,
    DateOnly? NeededDate,
    bool Late,
    bool Firm,
    double Probability,
    int ExceptionCount,
    int OpenActions,
    long Version);

/// <summary>The grid's window of an order list: rows to skip and take, column filters and sort keys (see <see cref="OrderColumnFilter"/>).</summary>
public sealed record OrderGridQuery(int Skip = 0, int Take = 50, IReadOnlyList<OrderColumnFilter>? Filters = null, IReadOnlyList<OrderSort>? Sorts = null);

/// <summary>One window of an order list: its rows, how many match every filter (<see cref="Total"/>), and the headline
/// figures under the open / late filters only (<see cref="Listed"/> orders, <see cref="Late"/> late).</summary>
public sealed record OrderListPage(IReadOnlyList<OrderRow> Rows, int Total, int Listed, int Late);

/// <summary>Everything an order detail page shows: the order (one of the three views is set), its actions and history.</summary>
public sealed record OrderDetail<TView>(TView View, IReadOnlyList<ActionItem> Actions, IReadOnlyList<HistoryEntry> History);

/// <summary>A workstation in the list, with load % of the next 4 weeks (index 0 = current week).</summary>
public sealed record WorkstationRow(string Code, string Description, double WeeklyCapacity, IReadOnlyList<double> LoadPercentNext4Weeks, bool Overloaded, int OpenIncidents);

public sealed record WorkstationDetail(WorkstationView View, IReadOnlyList<ActionItem> Actions, IReadOnlyList<HistoryEntry> History);

/// <summary>A figure of the dashboard with the list page it links to.</summary>
public sealed record DashboardFigure(string Label, string Value, string Link, bool Alert);

public sealed record DashboardView(
    double? OnTimeDelivery,
    IReadOnlyList<OrderRow> LateOrders,
    IReadOnlyList<WorkstationRow> OverloadedWorkstations,
    IReadOnlyList<ActionItem> OverdueActions,
    IReadOnlyList<PlanExceptionView> Shortages,
    IReadOnlyList<DashboardFigure> Figures,
    Collab.Contracts.Projects.PlanFigures? Plan = null);

public enum ActionScope
{
    Mine,
    Overdue,
    All,
}

/// <summary>Plan page: recalculation with progress, MRP record with pegging, exceptions, PIC (S&amp;OP), capacity, planned orders.</summary>
public interface IPlanService
{
    /// <summary>Runs "Recalculer"; <paramref name="progress"/> receives the steps (also visible to other screens as Plan change events).</summary>
    Task<PlanRunSummary> RecalculateAsync(string user, IProgress<PlanProgress>? progress = null, CancellationToken cancellationToken = default);

    Task<PlanProgress> GetProgressAsync();

    Task<PlanRunSummary?> GetSummaryAsync();

    /// <summary>Late customer orders and projected service of the last run (docs/late.md), the figures the dashboard shows.</summary>
    Task<Collab.Contracts.Projects.PlanFigures?> GetFiguresAsync();

    Task<MrpRecordView?> GetItemRecordAsync(string item);

    /// <summary>"Pourquoi ?" behind the gross requirement of an item in a bucket (1-based).</summary>
    Task<IReadOnlyList<PegView>> GetPeggingAsync(string item, int period);

    Task<IReadOnlyList<PlanExceptionView>> GetExceptionsAsync(ExceptionFilter filter);

    Task<IReadOnlyList<PlannedOrderView>> GetPlannedOrdersAsync(string? item = null);

    /// <summary>Releases a planned order into a firm MO/PO; returns the new object's reference.</summary>
    Task<ObjectRef> ReleasePlannedOrderAsync(string plannedOrderId, string user, double? qty = null, DateOnly? due = null);

    Task<SopView?> GetSopAsync();

    /// <summary>Strategies: "Chase" (synchrone), "Level" (lissée), "LevelWithTarget" (lissée avec stock cible).</summary>
    Task SetSopStrategyAsync(string family, string strategy, string user);

    Task<IReadOnlyList<WorkstationLoadRow>> GetCapacityAsync();

    Task<IReadOnlyList<string>> GetFamiliesAsync();

    Task<IReadOnlyList<PlanSnapshotInfo>> GetSnapshotsAsync();

    Task<PlanDiffView> GetDiffAsync(string fromRunId);
}

/// <summary>Ordres de fabrication, achats, commandes clients: lists, details, commands.</summary>
public interface IOrdersService
{
    Task<IReadOnlyList<OrderRow>> ListAsync(ObjectKind kind, OrderListFilter filter);

    /// <summary>One window of a list page, filtered, sorted and cut by the order registry (list pages never hold every row).</summary>
    Task<OrderListPage> PageAsync(ObjectKind kind, OrderListFilter filter, OrderGridQuery grid);

    Task<OrderDetail<ManufacturingOrderView>?> GetManufacturingOrderAsync(string number);

    Task<OrderDetail<PurchaseOrderView>?> GetPurchaseOrderAsync(string number);

    Task<OrderDetail<CustomerOrderView>?> GetCustomerOrderAsync(string number);

    Task<ManufacturingOrderView> CreateManufacturingOrderAsync(ManufacturingOrderDraft draft, string user);

    Task<ManufacturingOrderView> ReleaseManufacturingOrderAsync(string number, long expectedVersion, string user);

    Task<ManufacturingOrderView> RescheduleManufacturingOrderAsync(string number, DateOnly start, DateOnly due, long expectedVersion, string user);

    Task<ManufacturingOrderView> DeclareProgressAsync(string number, ProgressDeclaration declaration, string user);

    Task<ManufacturingOrderView> CloseManufacturingOrderAsync(string number, long expectedVersion, string user);

    Task<PurchaseOrderView> CreatePurchaseOrderAsync(PurchaseOrderDraft draft, string user);

    Task<PurchaseOrderView> ConfirmPurchaseLineAsync(string number, int line, DateOnly confirmed, long expectedVersion, string user);

    Task<PurchaseOrderView> ReceivePurchaseLineAsync(string number, int line, double qty, DateOnly date, string user);

    Task<CustomerOrderView> CreateCustomerOrderAsync(CustomerOrderDraft draft, string user);

    Task<CustomerOrderView> SetPromisedDateAsync(string number, int line, DateOnly promised, long expectedVersion, string user);

    Task<CustomerOrderView> SetFirmnessAsync(string number, bool firm, double probability, long expectedVersion, string user);

    Task<CustomerOrderView> ShipCustomerLineAsync(string number, int line, double qty, DateOnly date, string user);
}

/// <summary>Postes de charge: list with load %, detail, calendar editing, incidents.</summary>
public interface IWorkstationService
{
    Task<IReadOnlyList<WorkstationRow>> ListAsync();

    Task<WorkstationDetail?> GetAsync(string code);

    Task<WorkstationView> UpdateCalendarAsync(string code, IReadOnlyList<double> hoursByDay, int machines, double efficiency, IReadOnlyList<DateOnly> closures, long expectedVersion, string user);

    Task<WorkstationView> ReportIncidentAsync(string code, string title, IncidentSeverity severity, string user);

    Task<WorkstationView> CloseIncidentAsync(string code, Guid incident, string user);
}

/// <summary>Stocks: ABC table with coverage; projected stock of one item (with bucket dates).</summary>
public interface IStockService
{
    Task<IReadOnlyList<StockRow>> ListAsync(string? family = null, string? abc = null);

    Task<(IReadOnlyList<PlanBucketView> Buckets, StockRow Row)?> GetProjectedAsync(string item);
}

/// <summary>Actions: mine / overdue / all, status change, comments, new actions on any object.</summary>
public interface IActionsService
{
    Task<IReadOnlyList<ActionItem>> ListAsync(ActionScope scope, string user, ObjectKind? origin = null);

    Task<ActionItem> AddAsync(ObjectRef on, NewAction action, string user);

    Task<ActionItem> SetStatusAsync(ActionItem action, ActionStatus status, string user);

    Task<ActionItem> CommentAsync(ActionItem action, string text, string user);
}

/// <summary>Tableau de bord.</summary>
public interface IDashboardService
{
    Task<DashboardView> GetAsync();
}

/// <summary>The user's in-app notifications.</summary>
public interface INotificationService
{
    Task<IReadOnlyList<Notification>> ListAsync(string user, bool unreadOnly = false, int max = 50);

    Task<int> UnreadCountAsync(string user);

    Task MarkReadAsync(string user, Guid id);

    Task MarkAllReadAsync(string user);
}
