using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Sites;
using Collab.Contracts.Workstations;
using Collab.Domain.MasterData;
using Collab.Web.Identity;
using Collab.Web.Services;

namespace Collab.Web.Components.Pages.MasterData;

/// <summary>One line of a multi-level BOM explosion: depth 1 = direct component.</summary>
public sealed record BomExplosionRow(int Depth, string Item, string Description, double QtyPer, double TotalQty, ItemSource Source);

/// <summary>One week of a workstation's available hours (closures and weekdays taken into account).</summary>
public sealed record CapacityWeek(DateOnly Monday, double Hours);

/// <summary>
/// The master-data pages' façade ("Données techniques"). Every command re-checks the role server-side:
/// Planificateur (CanPlan) items, BOMs, routings, workstations, forecasts, stock; Acheteur (CanBuy) suppliers,
/// customers and the purchase parameters of bought items; Admin everything; Lecteur nothing.
/// Problems come back as <see cref="MasterDataRejectedException"/> (typed: worded by <see cref="MasterDataProblemText"/>),
/// stale edits as <see cref="MasterDataConflictException"/>.
/// </summary>
public sealed class MasterDataService(PlanContext ctx)
{
    private ISiteGrain Site => ctx.Grains.GetGrain<ISiteGrain>(ctx.Site);

    public DateOnly Today => ctx.Today;

    public Task<MasterDataSet> GetAsync() => Site.GetMasterDataAsync();

    public Task<MasterDataStamp> StampAsync(string key) => Site.GetStampAsync(key);

    public Task<IReadOnlyList<HistoryEntry>> HistoryAsync(string key) =>
        ctx.Grains.GetGrain<IMasterDataRecordGrain>(MasterDataKeys.RecordGrainKey(ctx.Site, key)).GetHistoryAsync();

    public Task<IReadOnlyList<StockMovement>> MovementsAsync(string item) =>
        ctx.Grains.GetGrain<IMasterDataRecordGrain>(MasterDataKeys.RecordGrainKey(ctx.Site, $"{MasterDataKeys.Stock}:{item}")).GetMovementsAsync();

    /// <summary>Fields an Acheteur may change on a bought item.</summary>
    public static readonly IReadOnlySet<string> PurchaseFields = new HashSet<string>(StringComparer.Ordinal)
    {
        nameof(ItemData.UnitCost), nameof(ItemData.LeadTimeDays), nameof(ItemData.LotRule), nameof(ItemData.LotQuantity), nameof(ItemData.LotPeriods),
        nameof(ItemData.MinQty), nameof(ItemData.Multiple), nameof(ItemData.PreferredSupplier), nameof(ItemData.Buyer),
    };

    public async Task<bool> CanPlanAsync(string user) => await AllowedAsync(user, Policies.CanPlan);

    public async Task<bool> CanBuyAsync(string user) => await AllowedAsync(user, Policies.CanBuy);

    private async Task<bool> AllowedAsync(string user, string policy)
    {
        try
        {
            await ctx.RequireAsync(user, policy);
            return true;
        }
        catch (ForbiddenActionException)
        {
            return false;
        }
    }

    public async Task<MasterDataStamp> SaveItemAsync(ItemData item, long expectedVersion, string user)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!await CanPlanAsync(user))
        {
            // Acheteur: purchase parameters of a bought item only.
            await ctx.RequireAsync(user, Policies.CanBuy);
            var old = (await GetAsync()).Items.FirstOrDefault(i => i.Code == item.Code);
            var changed = old is null ? ["Code"] : typeof(ItemData).GetProperties().Where(p => p.Name != "EqualityContract" && !Equals(p.GetValue(old), p.GetValue(item))).Select(p => p.Name).ToList();
            if (old is null || old.Source != ItemSource.Buy || changed.Any(f => !PurchaseFields.Contains(f)))
            {
                throw new ForbiddenActionException(Policies.CanPlan);
            }
        }

        await RefuseDuplicateAsync(MasterDataKind.Item, item.Code, expectedVersion, d => d.Items.Select(i => i.Code));
        await Site.UpsertItemAsync(Clean(item), expectedVersion, user);
        return await StampAsync($"{MasterDataKeys.Item}:{item.Code}");
    }

    public async Task<MasterDataStamp> SaveBomAsync(string parent, IReadOnlyList<BomLineData> lines, long expectedVersion, string user)
    {
        await ctx.RequireAsync(user, Policies.CanPlan);
        return await Site.SetBomAsync(parent, [.. lines.Select(l => l with { Component = l.Component?.Trim() ?? "" })], expectedVersion, user);
    }

    public async Task<MasterDataStamp> SaveRoutingAsync(string item, IReadOnlyList<RoutingOperationData> operations, long expectedVersion, string user)
    {
        await ctx.RequireAsync(user, Policies.CanPlan);
        return await Site.SetRoutingAsync(item, [.. operations.Select(o => o with { Workstation = o.Workstation?.Trim() ?? "", Description = o.Description?.Trim() ?? "" })], expectedVersion, user);
    }

    /// <summary>Retires an item; refused when a BOM, a forecast, stock or an open order still uses it (open orders from the order registry).</summary>
    public async Task RetireItemAsync(string code, long expectedVersion, string user)
    {
        await ctx.RequireAsync(user, Policies.CanPlan);
        var open = await ctx.Registry.QueryAsync(new OrderQuery(OpenOnly: true, Item: code));
        await Site.RetireItemAsync(code, [.. open.Where(o => o.Lines.Any(l => l.Item == code)).Select(o => o.Number)], expectedVersion, user);
    }

    public async Task<MasterDataStamp> SaveSupplierAsync(SupplierData supplier, long expectedVersion, string user)
    {
        await ctx.RequireAsync(user, Policies.CanBuy);
        await RefuseDuplicateAsync(MasterDataKind.Supplier, supplier.Code, expectedVersion, d => d.Suppliers.Select(x => x.Code));
        await Site.UpsertSupplierAsync(supplier with { Code = supplier.Code?.Trim() ?? "", Name = supplier.Name?.Trim() ?? "", Email = supplier.Email?.Trim() ?? "" }, expectedVersion, user);
        return await StampAsync($"{MasterDataKeys.Supplier}:{supplier.Code?.Trim()}");
    }

    public async Task<MasterDataStamp> SaveCustomerAsync(CustomerData customer, long expectedVersion, string user)
    {
        await ctx.RequireAsync(user, Policies.CanBuy);
        await RefuseDuplicateAsync(MasterDataKind.Customer, customer.Code, expectedVersion, d => d.Customers.Select(x => x.Code));
        await Site.UpsertCustomerAsync(customer with { Code = customer.Code?.Trim() ?? "", Name = customer.Name?.Trim() ?? "", Email = string.IsNullOrWhiteSpace(customer.Email) ? null : customer.Email.Trim() }, expectedVersion, user);
        return await StampAsync($"{MasterDataKeys.Customer}:{customer.Code?.Trim()}");
    }

    public async Task<MasterDataStamp> SaveForecastsAsync(string code, bool family, IReadOnlyList<ForecastData> forecasts, long expectedVersion, string user)
    {
        await ctx.RequireAsync(user, Policies.CanPlan);
        await Site.SetForecastsAsync(code, [.. forecasts.Select(f => f with { Code = code, IsFamily = family })], expectedVersion, user);
        return await StampAsync(MasterDataKeys.ForecastOf(code, family));
    }

    public async Task<MasterDataStamp> MoveStockAsync(string item, StockMovementKind kind, double qty, string reason, long expectedVersion, string user)
    {
        await ctx.RequireAsync(user, Policies.CanPlan);
        return await Site.RecordStockMovementAsync(item, kind, qty, reason, expectedVersion, user);
    }

    /// <summary>Creates or re-configures a workstation through its grain (which keeps the site's copy in step). Validated first by the one validator.</summary>
    public async Task SaveWorkstationAsync(WorkstationData workstation, string user)
    {
        await ctx.RequireAsync(user, Policies.CanPlan);
        var data = await GetAsync();
        var candidate = workstation with { Code = workstation.Code?.Trim() ?? "", Description = workstation.Description?.Trim() ?? "" };
        var problems = MasterDataValidator.Validate(MasterDataSet.Empty with { Workstations = [candidate] });
        MasterDataRejectedException.ThrowIfAny(problems);
        var grain = ctx.Grains.GetGrain<IWorkstationGrain>(WorkstationKey.Of(ctx.Site, candidate.Code));
        var existing = data.Workstations.Any(w => w.Code == candidate.Code) ? await grain.GetAsync() : null;
        await grain.ConfigureAsync(candidate, existing?.Version, user);
    }

    public async Task<CustomerOrderView> CreateCustomerOrderAsync(CustomerOrderDraft draft, string user)
    {
        await ctx.RequireAsync(user, Policies.CanBuy);
        var data = await GetAsync();
        var problems = new List<MasterDataProblem>();
        if (data.Customers.All(c => c.Code != draft.Customer))
        {
            problems.Add(new MasterDataProblem(MasterDataKind.Customer, -1, draft.Customer ?? "", nameof(CustomerData.Code), MasterDataProblemCode.Required, []));
        }

        foreach (var (line, n) in draft.Lines.Select((l, n) => (l, n)))
        {
            if (data.Items.All(i => i.Code != line.Item))
            {
                problems.Add(new MasterDataProblem(MasterDataKind.Item, n, line.Item ?? "", nameof(ItemData.Code), MasterDataProblemCode.UnknownItem, [line.Item ?? ""]));
            }

            if (!double.IsFinite(line.Qty) || line.Qty <= 0)
            {
                problems.Add(new MasterDataProblem(MasterDataKind.Item, n, line.Item ?? "", nameof(ForecastData.Qty), line.Qty < 0 ? MasterDataProblemCode.Negative : MasterDataProblemCode.Required, []));
            }
        }

        MasterDataRejectedException.ThrowIfAny(problems);
        var number = await Site.NextNumberAsync(NumberKind.CustomerOrder, ctx.Today, user);
        return await ctx.Grains.GetGrain<ICustomerOrderGrain>(number).CreateAsync(ctx.Site, draft, user);
    }

    public async Task<IReadOnlyList<OrderSummary>> CustomerOrdersAsync() =>
        await ctx.Registry.QueryAsync(new OrderQuery(ObjectKind.CustomerOrder, OpenOnly: true));

    /// <summary>Multi-level explosion of <paramref name="item"/> (depth-first, components in line order); stops at a loop.</summary>
    public static IReadOnlyList<BomExplosionRow> Explode(MasterDataSet data, string item, int maxDepth = 20)
    {
        var items = data.Items.ToDictionary(i => i.Code, StringComparer.Ordinal);
        var children = data.Bom.ToLookup(b => b.Parent, StringComparer.Ordinal);
        var rows = new List<BomExplosionRow>();
        void Walk(string parent, int depth, double qty, HashSet<string> path)
        {
            foreach (var line in children[parent])
            {
                var total = qty * line.QtyPer / (1 - line.ScrapRate);
                var i = items.GetValueOrDefault(line.Component);
                rows.Add(new BomExplosionRow(depth, line.Component, i?.Description ?? "?", line.QtyPer, total, i?.Source ?? ItemSource.Buy));
                if (depth < maxDepth && path.Add(line.Component))
                {
                    Walk(line.Component, depth + 1, total, path);
                    path.Remove(line.Component);
                }
            }
        }

        Walk(item, 1, 1, [item]);
        return rows;
    }

    /// <summary>Parents using <paramref name="item"/>, then their parents (indented where-used).</summary>
    public static IReadOnlyList<BomExplosionRow> WhereUsed(MasterDataSet data, string item, int maxDepth = 20)
    {
        var items = data.Items.ToDictionary(i => i.Code, StringComparer.Ordinal);
        var parents = data.Bom.ToLookup(b => b.Component, StringComparer.Ordinal);
        var rows = new List<BomExplosionRow>();
        void Walk(string component, int depth, HashSet<string> path)
        {
            foreach (var line in parents[component])
            {
                var i = items.GetValueOrDefault(line.Parent);
                rows.Add(new BomExplosionRow(depth, line.Parent, i?.Description ?? "?", line.QtyPer, line.QtyPer, i?.Source ?? ItemSource.Make));
                if (depth < maxDepth && path.Add(line.Parent))
                {
                    Walk(line.Parent, depth + 1, path);
                    path.Remove(line.Parent);
                }
            }
        }

        Walk(item, 1, [item]);
        return rows;
    }

    /// <summary>Available hours of <paramref name="w"/> for the <paramref name="weeks"/> weeks starting the Monday of <paramref name="from"/>.</summary>
    public static IReadOnlyList<CapacityWeek> Capacity(WorkstationData w, DateOnly from, int weeks = 8)
    {
        var monday = from.AddDays(-(((int)from.DayOfWeek + 6) % 7));
        var closed = (w.Closures ?? []).ToHashSet();
        return Enumerable.Range(0, weeks).Select(k =>
        {
            var start = monday.AddDays(7 * k);
            var hours = Enumerable.Range(0, 7).Where(d => !closed.Contains(start.AddDays(d)))
                .Sum(d => w.HoursByDay.Count == 7 ? w.HoursByDay[d] : 0) * Math.Max(0, w.Machines) * Math.Max(0, w.Efficiency);
            return new CapacityWeek(start, Math.Round(hours, 1));
        }).ToList();
    }

    /// <summary>Creating (expected version 0 or less) a code that exists is a duplicate, said as such (not as a stale edit).</summary>
    private async Task RefuseDuplicateAsync(MasterDataKind kind, string? code, long expectedVersion, Func<MasterDataSet, IEnumerable<string>> codes)
    {
        var trimmed = code?.Trim() ?? "";
        if (expectedVersion <= 0 && trimmed.Length > 0 && codes(await GetAsync()).Contains(trimmed, StringComparer.Ordinal))
        {
            throw new MasterDataRejectedException([new MasterDataProblem(kind, -1, trimmed, "Code", MasterDataProblemCode.Duplicate, [trimmed])]);
        }
    }

    private static ItemData Clean(ItemData i) => i with
    {
        Code = i.Code?.Trim() ?? "",
        Description = i.Description?.Trim() ?? "",
        Family = i.Family?.Trim() ?? "",
        Unit = i.Unit?.Trim() ?? "",
        PreferredSupplier = string.IsNullOrWhiteSpace(i.PreferredSupplier) ? null : i.PreferredSupplier.Trim(),
        Buyer = string.IsNullOrWhiteSpace(i.Buyer) ? null : i.Buyer.Trim(),
        Planner = string.IsNullOrWhiteSpace(i.Planner) ? null : i.Planner.Trim(),
    };
}
