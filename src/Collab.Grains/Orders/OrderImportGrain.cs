using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Collab.Grains.Orders;

/// <summary>
/// All-or-nothing creation of imported open orders (see <see cref="IOrderImportGrain"/>). The batch was validated
/// whole by the import (references, duplicates, quantities, line numbers); this grain re-checks the numbers against
/// the registry (someone may have created one since the preview), creates the orders at most 64 at a time, writes every
/// registry row in ONE write, and tells the plan once. A failure midway discards what it created, then rethrows.
/// </summary>
public sealed class OrderImportGrain(ILogger<OrderImportGrain> logger) : Grain, IOrderImportGrain
{
    /// <summary>Orders created (or discarded) concurrently, each its own grain and state document: a sliding window —
    /// the next order starts as soon as one ends, not batch after batch.</summary>
    internal const int Parallel = 64;

    /// <summary>The phases of the last import in this process (benchmarks print it, as <see cref="Plan.PlanGrain.LastTimings"/>).</summary>
    public static string? LastTimings { get; private set; }

    async Task<OrderImportResult> IOrderImportGrain.ImportAsync(IReadOnlyList<ImportedOrder> orders, string user)
    {
        var site = this.GetPrimaryKeyString();
        if (orders.Count == 0)
        {
            return new OrderImportResult(0);
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        double check = 0, create = 0, register = 0;
        var registry = GrainFactory.GetGrain<IOrderRegistryGrain>(site);
        var known = (await registry.QueryAsync(new OrderQuery(OpenOnly: false))).Select(o => o.Ref).ToHashSet();
        var clash = orders.GroupBy(o => o.Ref).Where(g => g.Count() > 1 || known.Contains(g.Key)).Select(g => g.Key.Id).ToList();
        if (clash.Count > 0)
        {
            throw new CommandRejectedException(Refusal.ImportNumbersExist, $"{string.Join(", ", clash.Take(10))}{(clash.Count > 10 ? "…" : "")}");
        }

        check = watch.Elapsed.TotalMilliseconds;
        var created = new List<ImportedOrder>(orders.Count);
        var rows = new List<OrderSummary>(orders.Count);
        try
        {
            await ForEachBoundedAsync(orders, async o =>
            {
                var row = await CreateAsync(o, site, user);
                created.Add(o);
                rows.Add(row);
            });

            create = watch.Elapsed.TotalMilliseconds - check;
            await registry.UpsertManyAsync(rows);
            register = watch.Elapsed.TotalMilliseconds - check - create;
            await IndexForScheduleAsync(site, created);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Import of {Count} orders on site {Site} failed after {Created} creations: undoing them", orders.Count, site, created.Count);
            var kept = new List<string>();
            await ForEachBoundedAsync(created, async o =>
            {
                try
                {
                    if (!await DiscardAsync(o))
                    {
                        kept.Add(o.Ref.Id);
                    }
                }
                catch (Exception undo)
                {
                    logger.LogError(undo, "Imported order {Order} could not be discarded", o.Ref);
                    kept.Add(o.Ref.Id);
                }
            }, stopOnFailure: false);

            if (kept.Count > 0)
            {
                logger.LogError("Orders {Orders} of a failed import were changed meanwhile and are kept", string.Join(", ", kept));
            }

            throw;
        }

        var index = watch.Elapsed.TotalMilliseconds - check - create - register;
        await Plan.PlanGrain.InputChangedAsync(GrainFactory, site, new ObjectRef(ObjectKind.Site, site));
        LastTimings = $"numbers checked {check:0} | {rows.Count} orders created {create:0} | registry {register:0} | schedule index {index:0} | total {watch.Elapsed.TotalMilliseconds:0} ms";
        return new OrderImportResult(rows.Count);
    }

    /// <summary>
    /// Runs <paramref name="work"/> for every element, at most <see cref="Parallel"/> at once. The workers' continuations
    /// run one at a time on this activation's scheduler, so the shared index and lists need no lock. With
    /// <paramref name="stopOnFailure"/>, the first failure stops starting new work; the work in flight ends (what it
    /// created is then in the caller's lists, to be undone) and the failure is rethrown.
    /// </summary>
    private static async Task ForEachBoundedAsync<T>(IReadOnlyList<T> items, Func<T, Task> work, bool stopOnFailure = true)
    {
        var next = 0;
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? failure = null;
        async Task Worker()
        {
            while (next < items.Count && (failure is null || !stopOnFailure))
            {
                var item = items[next++];
                try
                {
                    await work(item);
                }
                catch (Exception e)
                {
                    failure ??= System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Min(Parallel, items.Count)).Select(_ => Worker()));
        failure?.Throw();
    }

    /// <summary>The schedule's rows of the imported MOs: one write per index shard (the MOs were created without it).</summary>
    private async Task IndexForScheduleAsync(string site, IReadOnlyList<ImportedOrder> created)
    {
        var views = new List<ManufacturingOrderView>();
        foreach (var chunk in created.Where(o => o.Ref.Kind == ObjectKind.ManufacturingOrder).Chunk(Parallel * 4))
        {
            views.AddRange((await Task.WhenAll(chunk.Select(o => GrainFactory.GetGrain<IManufacturingOrderGrain>(o.Ref.Id).GetAsync()))).OfType<ManufacturingOrderView>());
        }

        await Task.WhenAll(views.GroupBy(v => Collab.Contracts.Scheduling.MoScheduleIndex.ShardOf(v.Number))
            .Select(g => GrainFactory.GetGrain<Collab.Contracts.Scheduling.IMoScheduleIndexGrain>(Collab.Contracts.Scheduling.MoScheduleIndex.KeyOf(site, g.Key)).UpsertManyAsync([.. g])));
    }

    private Task<OrderSummary> CreateAsync(ImportedOrder o, string site, string user) => o.Ref.Kind switch
    {
        ObjectKind.PurchaseOrder when o.Purchase is { } d => GrainFactory.GetGrain<IPurchaseOrderGrain>(o.Ref.Id).CreateImportedAsync(site, d, user),
        ObjectKind.ManufacturingOrder when o.Manufacturing is { } d => GrainFactory.GetGrain<IManufacturingOrderGrain>(o.Ref.Id).CreateImportedAsync(site, d, user),
        ObjectKind.CustomerOrder when o.Customer is { } d => GrainFactory.GetGrain<ICustomerOrderGrain>(o.Ref.Id).CreateImportedAsync(site, d, user),
        _ => throw new CommandRejectedException(Refusal.ImportedOrderEmpty, o.Ref.Id),
    };

    private Task<bool> DiscardAsync(ImportedOrder o) => o.Ref.Kind switch
    {
        ObjectKind.PurchaseOrder => GrainFactory.GetGrain<IPurchaseOrderGrain>(o.Ref.Id).DiscardImportedAsync(),
        ObjectKind.ManufacturingOrder => GrainFactory.GetGrain<IManufacturingOrderGrain>(o.Ref.Id).DiscardImportedAsync(),
        _ => GrainFactory.GetGrain<ICustomerOrderGrain>(o.Ref.Id).DiscardImportedAsync(),
    };
}
