using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Plan;
using Collab.Contracts.Sites;
using Collab.Contracts.Workstations;
using Collab.Planning.Mrp;
using Collab.Domain.Demo;

namespace Collab.Grains.Demo;

/// <summary>
/// The embedded demo plant "Robinetterie et Pompes du Rhône": valves, pumps and check valves
/// (3 families, 150 items on 4 BOM levels, 12 workstations on 1–3 shifts, 40 customers, 15 suppliers,
/// ~85 open MOs and ~35 open POs derived from a first MRP run, 12 months of weekly forecasts). Deterministic: fixed seeds and dates
/// relative to <c>today</c>. Looks alive on first start without looking broken: 4 late customer orders, the test bench
/// (only) overloaded at ~120 % by the setups of many small lots,
/// overdue actions, the foundry late on its orders.
/// </summary>
public static class DemoPlant
{
    public const string Site = "DEMO";
    public const string System = Collab.Contracts.SystemLogins.Demo;
    public const string LateSupplier = "F-FOND";
    public const string OverloadedWorkstation = "ESS-01";

    private static readonly string[] Families = ["VANNES", "POMPES", "CLAPETS"];
    private static readonly string[] FamilyNames = ["Vanne", "Pompe", "Clapet"];

    /// <summary>
    /// Seeds the demo site at the plant-local time <paramref name="now"/>: its open orders are those of the week
    /// <see cref="PlanningWeek"/> gives (this Monday's before the day shift ends, else next Monday's), so the work due
    /// in a week always has that week's capacity in front of it, whatever the day and hour of the start.
    /// </summary>
    public static Task<bool> SeedAsync(IGrainFactory grains, DateTime now, LargePlantOptions? large = null) =>
        SeedAsync(grains, DateOnly.FromDateTime(now), large, PlanningWeek(now));

    /// <summary>End of the demo plant's day shift (06:00 + 8 h): the one-shift workstations, the test bench among them, stop there.</summary>
    public static readonly TimeSpan DayShiftEnd = TimeSpan.FromMinutes(Collab.Domain.Scheduling.ScheduleMapper.ShiftStartMinute + 8 * 60);

    /// <summary>
    /// The Monday whose week the demo's open orders are planned for (docs/late.md, "The demo at any time"). The demo's
    /// orders are those MRP launches for a week (weekly buckets: due dates on Mondays, lots released Monday to
    /// Wednesday); seeded on a Wednesday evening or a Saturday for the current week, the week's work would face half a
    /// week of capacity or none, and the Gantt would show dozens of MOs late for the plan's own dates — an artefact of
    /// the start time, not a problem of the plant. So: this Monday while its day shift is not over, else next Monday
    /// (the plant is ahead: the current week's orders are done, next week's are launched). History (shipped and
    /// received orders), the customer orders promised before today, the two MOs past due and the foundry's late orders
    /// stay relative to the real today.
    /// </summary>
    public static DateOnly PlanningWeek(DateTime now)
    {
        var today = DateOnly.FromDateTime(now);
        return today.DayOfWeek == DayOfWeek.Monday && now.TimeOfDay < DayShiftEnd ? today : WeekStart(today).AddDays(7);
    }

    /// <summary>Seeds the demo site unless it already has master data, then runs a first plan. Its open orders are
    /// planned for the week of <paramref name="planFrom"/> (a Monday; default: <paramref name="today"/>, see
    /// <see cref="PlanningWeek"/>).</summary>
    public static async Task<bool> SeedAsync(IGrainFactory grains, DateOnly today, LargePlantOptions? large = null, DateOnly? planFrom = null)
    {
        var site = grains.GetGrain<ISiteGrain>(Site);
        var info = await site.GetInfoAsync();
        if (info.ItemCount > 0)
        {
            // A large seeding names the site last: master data without that name is a seeding cut short (a call timed
            // out under load, the process stopped); saying "seeded" would make the application ready with half a plant.
            return large is null || info.Name.StartsWith(LargeSiteName, StringComparison.Ordinal)
                ? false
                : throw new InvalidOperationException("The large demo plant was not seeded to the end (data directory left half-seeded): start on an empty data directory.");
        }

        if (large is not null)
        {
            await SeedLargeAsync(grains, today, large);
            return true;
        }

        var scenario = BuildScenario(today, planFrom ?? today);
        var data = scenario.Data;
        info = await site.RenameAsync("Robinetterie et Pompes du Rhône", info.Version, System);
        info = await site.ImportMasterDataAsync(data, info.Version, System);
        foreach (var w in data.Workstations)
        {
            await grains.GetGrain<IWorkstationGrain>(WorkstationKey.Of(Site, w.Code)).ConfigureAsync(w, null, System);
        }

        var coNumbers = new List<string>();
        foreach (var draft in scenario.CustomerOrders)
        {
            var number = await site.NextNumberAsync(NumberKind.CustomerOrder, today, System);
            await grains.GetGrain<ICustomerOrderGrain>(number).CreateAsync(Site, draft, "planificateur");
            coNumbers.Add(number);
        }

        foreach (var (draft, shippedOn) in scenario.ShippedCustomerOrders)
        {
            var number = await site.NextNumberAsync(NumberKind.CustomerOrder, today, System);
            var co = grains.GetGrain<ICustomerOrderGrain>(number);
            await co.CreateAsync(Site, draft, "planificateur");
            await co.ShipAsync(1, draft.Lines[0].Qty, shippedOn, "magasin");
        }

        var moNumbers = new List<string>();
        foreach (var m in scenario.ManufacturingOrders)
        {
            var number = await site.NextNumberAsync(NumberKind.ManufacturingOrder, today, System);
            var mo = grains.GetGrain<IManufacturingOrderGrain>(number);
            var view = await mo.CreateAsync(Site, m.Draft, "planificateur");
            if (m.FirstOperationDone && view.Operations.Count > 1)
            {
                var first = view.Operations[0];
                await mo.DeclareProgressAsync(new ProgressDeclaration(first.Sequence, m.Draft.Qty, 0, Math.Round(first.PlannedHours * 1.1, 1), true), "atelier");
            }

            moNumbers.Add(number);
        }

        var latePurchaseOrders = new List<string>();
        foreach (var p in scenario.PurchaseOrders)
        {
            var number = await site.NextNumberAsync(NumberKind.PurchaseOrder, today, System);
            var po = grains.GetGrain<IPurchaseOrderGrain>(number);
            var view = await po.CreateAsync(Site, p.Draft, p.Draft.Buyer ?? "acheteur");
            if (p.ConfirmAsRequested)
            {
                foreach (var line in view.Lines)
                {
                    view = await po.ConfirmAsync(line.Line, line.RequestedDate, view.Version, "acheteur");
                }
            }

            if (p.Draft.Supplier == LateSupplier && p.Draft.Lines.Min(l => l.RequestedDate) < today)
            {
                latePurchaseOrders.Add(number);
            }
        }

        foreach (var r in scenario.ReceivedPurchaseOrders)
        {
            var number = await site.NextNumberAsync(NumberKind.PurchaseOrder, today, System);
            var po = grains.GetGrain<IPurchaseOrderGrain>(number);
            var view = await po.CreateAsync(Site, r.Draft, r.Draft.Buyer ?? "acheteur");
            view = await po.ConfirmAsync(1, r.ConfirmedDate, view.Version, "acheteur");
            await po.ReceiveAsync(1, r.Draft.Lines[0].Qty, r.ReceivedOn, "magasin");
        }

        // Actions: some overdue, on orders, the overloaded workstation and the site.
        var lateCustomerOrder = coNumbers[scenario.CustomerOrders.FindIndex(c => c.Lines.Min(l => l.PromisedDate) < today)];
        var optionalCustomerOrder = coNumbers[scenario.CustomerOrders.FindIndex(c => !c.Firm)];
        var actions = new (Func<IHoldsActions> Target, string Title, string Owner, int DueInDays, ActionPriority Priority)[]
        {
            (() => grains.GetGrain<IPurchaseOrderGrain>(latePurchaseOrders[0]), "Relancer la fonderie pour les corps de vanne", "acheteur", -3, ActionPriority.Critical),
            (() => grains.GetGrain<IPurchaseOrderGrain>(latePurchaseOrders[^1]), "Obtenir une date confirmée de la fonderie", "acheteur", -1, ActionPriority.High),
            (() => grains.GetGrain<IWorkstationGrain>(WorkstationKey.Of(Site, OverloadedWorkstation)), "Réduire les temps de réglage du banc d'essai (SMED)", "planificateur", -2, ActionPriority.High),
            (() => grains.GetGrain<IManufacturingOrderGrain>(moNumbers[0]), "Vérifier la disponibilité des joints", "planificateur", -5, ActionPriority.Normal),
            (() => grains.GetGrain<ICustomerOrderGrain>(lateCustomerOrder), "Prévenir le client du retard", "planificateur", -1, ActionPriority.High),
            (() => grains.GetGrain<ICustomerOrderGrain>(optionalCustomerOrder), "Confirmer l'option avec le client", "planificateur", 5, ActionPriority.Normal),
            (() => grains.GetGrain<ISiteGrain>(Site), "Mettre à jour les prévisions du trimestre", "planificateur", 10, ActionPriority.Normal),
        };
        foreach (var a in actions)
        {
            await a.Target().AddActionAsync(new NewAction(a.Title, null, a.Owner, today.AddDays(a.DueInDays), a.Priority, null), "responsable-production");
        }

        await SeedProjectsAsync(grains, today);
        await grains.GetGrain<IPlanGrain>(PlanKey.Of(Site)).RecalculateAsync(today, System);
        return true;
    }

    /// <summary>The large plant's site name, given last by <see cref="SeedLargeAsync"/>.</summary>
    private const string LargeSiteName = "Usine de démonstration";

    /// <summary>
    /// The large plant of <see cref="LargePlant"/> (<c>--demo-scale large</c>): master data in one import, workstation
    /// calendars, then the open orders created 32 at a time (each order is its own grain), then a first plan
    /// (<paramref name="startPlan"/> false: none, for the benchmarks that measure something else).
    /// </summary>
    public static async Task SeedLargeAsync(IGrainFactory grains, DateOnly today, LargePlantOptions options, bool startPlan = true)
    {
        var scenario = LargePlant.Build(today, options);
        var site = grains.GetGrain<ISiteGrain>(Site);
        var info = await site.GetInfoAsync();
        info = await site.ImportMasterDataAsync(scenario.Data, info.Version, System);
        await ForEachAsync(scenario.Data.Workstations, w => grains.GetGrain<IWorkstationGrain>(WorkstationKey.Of(Site, w.Code)).ConfigureAsync(w, null, System));
        // The orders through the import's batch path: created without a registry write each, one registry write and
        // one plan notice for all (11,000 grain commands one by one took half an hour on the shared test machine).
        async Task<string> Number(NumberKind kind) => await site.NextNumberAsync(kind, today, System);
        var orders = new List<ImportedOrder>();
        foreach (var draft in scenario.CustomerOrders)
        {
            orders.Add(new ImportedOrder(new ObjectRef(ObjectKind.CustomerOrder, await Number(NumberKind.CustomerOrder)), Customer: draft));
        }

        foreach (var m in scenario.ManufacturingOrders)
        {
            orders.Add(new ImportedOrder(new ObjectRef(ObjectKind.ManufacturingOrder, await Number(NumberKind.ManufacturingOrder)), Manufacturing: m.Draft));
        }

        foreach (var p in scenario.PurchaseOrders)
        {
            orders.Add(new ImportedOrder(new ObjectRef(ObjectKind.PurchaseOrder, await Number(NumberKind.PurchaseOrder)), Purchase: p.Draft));
        }

        // 100 at a time: each call stays well within the grain call timeout on a slow machine (500 took more than the
        // 30 s at load average 15-19 on the 2-core test machine).
        foreach (var chunk in orders.Chunk(100))
        {
            await grains.GetGrain<IOrderImportGrain>(Site).ImportAsync(chunk, System);
        }

        // Named last: the mark of a seeding done to the end (see SeedAsync).
        info = await site.GetInfoAsync();
        await site.RenameAsync($"{LargeSiteName} ({scenario.Data.Items.Count:N0} articles)", info.Version, System);

        // The first plan of a plant this size outlasts a grain call's timeout (it still pushes its consequences to every
        // order one by one: issue #17, docs/performance.md); it runs on in the plan grain, the seeding does not wait.
        if (!startPlan)
        {
            return;
        }

        _ = grains.GetGrain<IPlanGrain>(PlanKey.Of(Site)).RecalculateAsync(today, System)
            .ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
    }

    private static async Task ForEachAsync<T>(IEnumerable<T> source, Func<T, Task> action)
    {
        foreach (var chunk in source.Chunk(32))
        {
            await Task.WhenAll(chunk.Select(action));
        }
    }

    /// <summary>
    /// Two improvement projects at different phases: the test bench SMED in "Do" (its Plan gate passed, actions under
    /// way) and the foundry supplier delays still in "Plan" (analysis started). Their actions are due in the future.
    /// </summary>
    public static async Task SeedProjectsAsync(IGrainFactory grains, DateOnly today)
    {
        const string lead = "chef.projet";
        const string sponsor = "responsable-production";
        var portfolio = grains.GetGrain<Collab.Contracts.Projects.IProjectPortfolioGrain>(Site);

        async Task<Collab.Contracts.Projects.IImprovementProjectGrain> NewAsync(string title, string description, string scope)
        {
            var number = await portfolio.NextNumberAsync(today.Year);
            var p = grains.GetGrain<Collab.Contracts.Projects.IImprovementProjectGrain>(Collab.Contracts.Projects.ProjectKey.Of(Site, number));
            var v = await p.SubmitIdeaAsync(title, description, lead);
            await p.AcceptAsync(new Collab.Contracts.Projects.ProjectCharter(Collab.Contracts.Projects.ProjectMethod.Pdca, sponsor, lead, ["planificateur", "animateur"],
                today.AddDays(90), scope), v.Version, sponsor);
            return p;
        }

        static async Task<Collab.Contracts.Projects.ImprovementProjectView> Step(Collab.Contracts.Projects.IImprovementProjectGrain p,
            Func<long, Task<Collab.Contracts.Projects.ImprovementProjectView>> command) => await command((await p.GetAsync())!.Version);

        // 1. SMED on the test bench, in "Do".
        var smed = await NewAsync("SMED du banc d'essai", "Les réglages du banc d'essai saturent le poste ESS-01 (petits lots).", "Poste ESS-01");
        await Step(smed, v => smed.SetA3SectionAsync(Collab.Contracts.Projects.A3Section.Context, "Le banc d'essai est surchargé de 10 à 30 % depuis trois mois.", v, lead));
        await Step(smed, v => smed.SetA3SectionAsync(Collab.Contracts.Projects.A3Section.CurrentSituation, "Réglage moyen 39 min par lot, 40 % de la charge du banc.", v, lead));
        await Step(smed, v => smed.SetA3SectionAsync(Collab.Contracts.Projects.A3Section.Target, "Réglage en 20 min, charge du banc sous 95 %.", v, lead));
        await Step(smed, v => smed.SetA3SectionAsync(Collab.Contracts.Projects.A3Section.RootCauseAnalysis, "Raccords vissés, purge manuelle, bridages différents par DN.", v, lead));
        await Step(smed, v => smed.SetA3SectionAsync(Collab.Contracts.Projects.A3Section.Countermeasures, "Raccords rapides, purge automatique, bridage universel.", v, lead));
        await Step(smed, v => smed.SetIshikawaEffectAsync("Réglages longs du banc d'essai", false, v, lead));
        await Step(smed, v => smed.AddCauseAsync(Collab.Contracts.Projects.IshikawaCategory.Method, "Purge manuelle du circuit après chaque essai", v, lead));
        await Step(smed, v => smed.AddCauseAsync(Collab.Contracts.Projects.IshikawaCategory.Material, "Raccords vissés différents selon le diamètre nominal", v, lead));
        await Step(smed, v => smed.AddCauseAsync(Collab.Contracts.Projects.IshikawaCategory.Machine, "Bridage à changer pour chaque DN", v, lead));
        await Step(smed, v => smed.AddKpiAsync("Temps de réglage moyen", "min", 39, 20, v, lead));
        await Step(smed, v => smed.SetEstimatedGainsAsync(new Collab.Contracts.Projects.ProjectGains(18000, 350, 2, 0), v, lead));
        await smed.AddActionAsync(new NewAction("Équiper le banc de raccords rapides", null, "planificateur", today.AddDays(12), ActionPriority.High, null), lead);
        await Step(smed, v => smed.RequestGateAsync(v, lead));
        await Step(smed, v => smed.DecideGateAsync(true, "Go pour l'essai des raccords rapides.", v, sponsor));

        // 2. Foundry delays, still in "Plan".
        var foundry = await NewAsync("Retards de la fonderie", "Les corps de vanne de la fonderie arrivent en retard et retardent les commandes clients.", "Fournisseur F-FOND");
        await Step(foundry, v => foundry.SetA3SectionAsync(Collab.Contracts.Projects.A3Section.Context, "Deux commandes de corps de vanne en retard sur trois ce trimestre.", v, lead));
        await Step(foundry, v => foundry.SetIshikawaEffectAsync("Corps de vanne livrés en retard", false, v, lead));
        await Step(foundry, v => foundry.AddCauseAsync(Collab.Contracts.Projects.IshikawaCategory.Method, "Commandes passées sans délai confirmé par la fonderie", v, lead));
        await Step(foundry, v => foundry.AddCauseAsync(Collab.Contracts.Projects.IshikawaCategory.Environment, "Capacité de la fonderie partagée avec un gros client", v, lead));
        await foundry.AddActionAsync(new NewAction("Visiter la fonderie et revoir son planning", null, "acheteur", today.AddDays(8), ActionPriority.Normal, null), lead);
    }

    /// <summary>An open manufacturing order of the demo plant.</summary>
    public sealed record DemoManufacturingOrder(ManufacturingOrderDraft Draft, bool FirstOperationDone);

    /// <summary>An open purchase order of the demo plant.</summary>
    public sealed record DemoPurchaseOrder(PurchaseOrderDraft Draft, bool ConfirmAsRequested);

    /// <summary>Everything the demo seeds (pure, deterministic for a given <c>today</c>).</summary>
    public sealed record DemoScenario(
        MasterDataSet Data,
        List<CustomerOrderDraft> CustomerOrders,
        List<(CustomerOrderDraft Draft, DateOnly ShippedOn)> ShippedCustomerOrders,
        List<DemoManufacturingOrder> ManufacturingOrders,
        List<DemoPurchaseOrder> PurchaseOrders,
        List<DemoReceivedPurchaseOrder> ReceivedPurchaseOrders);

    /// <summary>A purchase order of the last weeks, confirmed and received (the supplier scorecard's history).</summary>
    public sealed record DemoReceivedPurchaseOrder(PurchaseOrderDraft Draft, DateOnly ConfirmedDate, DateOnly ReceivedOn);

    /// <summary>
    /// The demo's orders. The open manufacturing and purchase orders are the ones a plant that follows its
    /// plan would have on file: a first MRP run on the customer orders and forecasts (no open order yet)
    /// proposes orders, and those that should already have been launched become the open MOs and POs, at the
    /// dates MRP asked for. So the first real run finds a coherent plan, and only the problems put in on
    /// purpose show: a few customer orders promised before today, two MOs past their due date, the foundry
    /// late on its orders, and the test bench overloaded by the setups of many small lots.
    /// </summary>
    public static DemoScenario BuildScenario(DateOnly today) => BuildScenario(today, today);

    /// <summary>The demo's orders for the real day <paramref name="today"/>, the open ones planned for the week of
    /// <paramref name="planFrom"/> (<see cref="PlanningWeek"/>; <paramref name="today"/> or a later Monday).</summary>
    public static DemoScenario BuildScenario(DateOnly today, DateOnly planFrom)
    {
        if (planFrom < today) throw new ArgumentOutOfRangeException(nameof(planFrom), planFrom, "The demo is planned from today or later.");
        var data = BuildMasterData(planFrom);
        var monday = WeekStart(planFrom);
        // The real week: the problems put in on purpose (two MOs past due, the foundry's late orders) are late for today.
        var thisMonday = WeekStart(today);
        // Weeks between this week and the planned one (0 or 1). MRP runs on the real week grid, as the plan will: the
        // orders it asks to release up to the planned week are launched (a run on next week's grid launched fewer than
        // the real plan then wanted: motors MP-007 past due, three January customer orders a week late).
        var ahead = (monday.DayNumber - thisMonday.DayNumber) / 7;
        var rng = new Random(20261125);
        var fg = data.Items.Where(i => i.Code.StartsWith("PF-", StringComparison.Ordinal)).ToList();

        // Customer orders: 80 open, a fifth optional (in every week), dates spread over the next 12 weeks; 4 promised before today, not shipped.
        int[] lateOrders = [0, 1, 2, 5];
        var customerOrders = new List<CustomerOrderDraft>();
        for (var k = 0; k < 80; k++)
        {
            var customer = data.Customers[k % data.Customers.Count].Code;
            var late = lateOrders.Contains(k);
            var optional = !late && k % 5 == 4;
            var week = 1 + k % 12;
            var lines = Enumerable.Range(0, 1 + k % 3).Select(l =>
                new CustomerOrderLineDraft(fg[(k * 7 + l * 3) % fg.Count].Code, 1 + rng.Next(0, 4),
                    late ? today.AddDays(-2 - k) : monday.AddDays(7 * week + (k + l) % 5))).ToList();
            customerOrders.Add(new CustomerOrderDraft(customer, lines, !optional, optional ? 0.3 + (k % 5) * 0.1 : 1, $"REF-{1000 + k}"));
        }

        // Shipped history for OTD: 20 orders shipped in the past, most on time.
        var shipped = new List<(CustomerOrderDraft, DateOnly)>();
        for (var k = 0; k < 20; k++)
        {
            var promised = today.AddDays(-30 + k);
            shipped.Add((new CustomerOrderDraft(data.Customers[(k * 3) % data.Customers.Count].Code, [new CustomerOrderLineDraft(fg[k % fg.Count].Code, 5, promised)]),
                k % 5 == 0 ? promised.AddDays(3) : promised.AddDays(-1)));
        }

        // Plans on demand only, one BOM level at a time: the orders each says should already be launched become
        // the open orders of that level (a launched parent has consumed its components, so the next level is planned
        // with the parents' orders on file).
        var summaries = customerOrders.Select((c, k) => LargePlantGenerator.OpenOrderSummary(ObjectKind.CustomerOrder, $"CC-{k}", c.Customer,
            [.. c.Lines.Select((l, n) => new OrderLineSummary(n + 1, l.Item, l.Qty, l.PromisedDate))], c.Firm, c.Probability)).ToList();
        var manufacturing = new List<DemoManufacturingOrder>();
        var lateMos = 0;
        Collab.Domain.Plan.PlanComputation run = null!;
        foreach (var level in new[] { "PF-", "SE-", "PC-", "MP-" })
        {
            run = new Collab.Domain.Plan.PlanComputation(new Collab.Domain.Plan.PlanInputs { RunId = "demo", Today = today, Data = data, Settings = SiteSettings.Default, Orders = summaries });
            if (level == "MP-")
            {
                break;
            }

            foreach (var o in run.Mrp.PlannedOrders.Where(o => o.NeededReleasePeriod <= 1 + ahead && o.Item.StartsWith(level, StringComparison.Ordinal))
                         .OrderBy(o => o.NeededReleasePeriod).ThenBy(o => o.Item, StringComparer.Ordinal))
            {
                var start = thisMonday.AddDays(7 * (o.NeededReleasePeriod - 1) + (o.Index % 3));
                // Due in the receipt week, not before the planned week's Monday (not before today: see PlanningWeek).
                var due = Max(run.DateOf(o.ReceiptPeriod), planFrom);
                var inProgress = start < monday;
                // Started last week (planned) at the latest today.
                if (inProgress && start > today) start = today;
                // Two finished-good orders of this week were due last Friday: in progress, late.
                if (inProgress && lateMos < 2 && o.ReceiptPeriod == 1 + ahead && level == "PF-")
                {
                    due = thisMonday.AddDays(-3);
                    start = due.AddDays(-7);
                    lateMos++;
                }

                // Released: what has started, and what starts on the planned week's first day (on a Monday morning: today's
                // orders; planned for next week: next Monday's, launched but not started, as a plant ahead of its plan has them).
                manufacturing.Add(new DemoManufacturingOrder(new ManufacturingOrderDraft(o.Item, o.Qty, start, due, Released: start <= today || start <= monday), inProgress));
                summaries.Add(LargePlantGenerator.OpenOrderSummary(ObjectKind.ManufacturingOrder, $"OF-{manufacturing.Count}", o.Item, [new OrderLineSummary(1, o.Item, o.Qty, due)]));
            }
        }

        var launched = run.Mrp.PlannedOrders.Where(o => o.NeededReleasePeriod <= 1 + ahead).ToList();

        // Purchase orders: one per supplier and receipt week, several lines; the foundry's orders of last week are still not here.
        var purchase = new List<DemoPurchaseOrder>();
        var items = data.Items.ToDictionary(i => i.Code);
        foreach (var g in launched.Where(o => o.Source == MakeOrBuy.Buy)
                     .GroupBy(o => (Supplier: o.Supplier ?? "?", o.ReceiptPeriod)).OrderBy(g => g.Key.ReceiptPeriod).ThenBy(g => g.Key.Supplier, StringComparer.Ordinal))
        {
            var late = g.Key.Supplier == LateSupplier && g.Key.ReceiptPeriod <= 2 + ahead;
            var requested = late ? thisMonday.AddDays(-3 - purchase.Count % 2)
                : g.Key.ReceiptPeriod <= 1 + ahead ? Max(run.DateOf(1 + ahead), planFrom) : run.DateOf(g.Key.ReceiptPeriod).AddDays(purchase.Count % 4);
            var lines = g.OrderBy(o => o.Item, StringComparer.Ordinal).Select(o => new PurchaseOrderLineDraft(o.Item, o.Qty, requested)).ToList();
            purchase.Add(new DemoPurchaseOrder(new PurchaseOrderDraft(g.Key.Supplier, lines, items[lines[0].Item].Buyer), !late && purchase.Count % 3 == 1));
        }

        // Received history for the supplier scorecard: four orders per supplier over the last ten weeks, confirmed
        // at the requested date; the foundry delivers late three times out of four, the others mostly on time.
        var received = new List<DemoReceivedPurchaseOrder>();
        foreach (var (supplier, s) in data.Suppliers.Select((x, i) => (x, i)))
        {
            var bought = data.Items.Where(i => i.PreferredSupplier == supplier.Code).OrderBy(i => i.Code, StringComparer.Ordinal).ToList();
            if (bought.Count == 0)
            {
                continue;
            }

            for (var j = 0; j < 4; j++)
            {
                var requested = today.AddDays(-70 + 14 * j + s % 5);
                int[] delays = supplier.Code == LateSupplier ? [6, 3, 0, 8] : (s + j) % 7 == 3 ? [2, 0, 0, 0] : [0, -1, 0, -2];
                var item = bought[(s + j) % bought.Count];
                received.Add(new DemoReceivedPurchaseOrder(
                    new PurchaseOrderDraft(supplier.Code, [new PurchaseOrderLineDraft(item.Code, 10 * (1 + (s + j) % 4), requested)], item.Buyer),
                    requested, requested.AddDays(delays[j])));
            }
        }

        return new DemoScenario(data, customerOrders, shipped, manufacturing, purchase, received);
    }

    /// <summary>Setup of a test on the bench (mount, connect, fill, purge): what makes small lots expensive there.</summary>
    public const double EssaySetupHours = 0.65;

    /// <summary>Machining workstations and the run time per part there (the 3-shift centre takes the long parts).</summary>
    private static readonly (string Code, double RunHours)[] Machining = [("USI-01", 0.36), ("USI-02", 0.5), ("USI-03", 0.22), ("USI-04", 0.15), ("TOU-01", 0.17), ("TOU-02", 0.5)];

    private static int WeeklyRate(int k) => 2 + k % 4;

    internal static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    internal static DateOnly WeekStart(DateOnly d) => d.AddDays(-(((int)d.DayOfWeek + 6) % 7));

    /// <summary>The master data of the demo plant (pure, deterministic).</summary>
    public static MasterDataSet BuildMasterData(DateOnly today)
    {
        var rng = new Random(42);
        var suppliers = new List<SupplierData>
        {
            new(LateSupplier, "Fonderie du Forez", "commandes@fonderie-forez.example", "fr", "M. Bernard", "Saint-Étienne"),
            new("F-ACIER", "Aciers Rhône-Alpes", "ventes@aciers-ra.example", "fr", "Mme Petit", "Lyon"),
            new("F-JOINT", "Joints Techniques SA", "adv@joints-tech.example", "fr", null, "Annecy"),
            new("F-MOTOR", "MotorWorks GmbH", "orders@motorworks.example", "en", "Mr Weber", "Stuttgart"),
            new("F-ROUL", "Roulements Savoyards", "contact@roulements.example", "fr", null, "Chambéry"),
            new("F-VISS", "Visserie Industrielle", "commandes@visserie.example", "fr", null, "Grenoble"),
            new("F-ELEC", "ElecParts Ltd", "sales@elecparts.example", "en", null, "Birmingham"),
            new("F-PEINT", "Peintures Industrielles", "adv@peintures.example", "fr", null, "Valence"),
            new("F-INOX", "Inox Service", "commandes@inox-service.example", "fr", null, "Vienne"),
            new("F-FORGE", "Forges de Bourgogne", "adv@forges-bourgogne.example", "fr", null, "Dijon"),
            new("F-PLAST", "Plasturgie Ain", "contact@plast-ain.example", "fr", null, "Oyonnax"),
            new("F-RESS", "Ressorts Alpins", "commandes@ressorts.example", "fr", null, "Cluses"),
            new("F-CAPT", "SensorTech BV", "orders@sensortech.example", "en", null, "Eindhoven"),
            new("F-EMB", "Emballages du Centre", "adv@emballages.example", "fr", null, "Clermont-Ferrand"),
            new("F-TUBE", "Tubes et Raccords", "ventes@tubes-raccords.example", "fr", null, "Mâcon"),
        };
        string[] cities = ["Lyon", "Marseille", "Toulouse", "Nantes", "Lille", "Bordeaux", "Strasbourg", "Rennes", "Grenoble", "Dijon"];
        var customers = Enumerable.Range(1, 40).Select(n => new CustomerData($"C{n:000}", $"Client {cities[n % cities.Length]} {n:00}", cities[n % cities.Length])).ToList();

        var workstations = new List<WorkstationData>
        {
            new("USI-01", "Centre d'usinage 1", WorkstationData.Shifts(3), 1, 0.9, []),
            new("USI-02", "Centre d'usinage 2", WorkstationData.Shifts(2), 1, 0.9, []),
            new("USI-03", "Centre d'usinage 3", WorkstationData.Shifts(2), 1, 0.85, []),
            new("USI-04", "Fraiseuse conventionnelle", WorkstationData.Shifts(1), 1, 0.8, []),
            new("TOU-01", "Tour CN 1", WorkstationData.Shifts(2), 1, 0.9, []),
            new("TOU-02", "Tour CN 2", WorkstationData.Shifts(2), 1, 0.9, []),
            new("SOU-01", "Soudure", WorkstationData.Shifts(1), 1, 0.95, []),
            new("MON-01", "Montage vannes", WorkstationData.Shifts(1), 3, 1, []),
            new("MON-02", "Montage pompes", WorkstationData.Shifts(1), 2, 1, []),
            new("PEI-01", "Cabine de peinture", WorkstationData.Shifts(1), 1, 0.95, []),
            new(OverloadedWorkstation, "Banc d'essai", WorkstationData.Shifts(1), 1, 0.9, []),
            new("EMB-01", "Emballage", WorkstationData.Shifts(1), 1, 1, []),
        };

        var items = new List<ItemData>();
        var bom = new List<BomLineData>();
        var routings = new List<RoutingOperationData>();
        string[] rawKinds = ["Corps brut", "Barre acier", "Joint", "Roulement", "Vis", "Ressort", "Moteur", "Capteur", "Tube", "Peinture"];
        var raws = new List<ItemData>();
        for (var n = 1; n <= 60; n++)
        {
            var kind = rawKinds[(n - 1) % rawKinds.Length];
            // Castings ("corps brut") come from the foundry.
            var supplier = kind == "Corps brut" ? LateSupplier : suppliers[(n - 1) % suppliers.Count].Code;
            raws.Add(new ItemData($"MP-{n:000}", $"{kind} {n:000}", "", ItemSource.Buy, "pc", Math.Round(2 + rng.NextDouble() * 60, 2), 10 + (n % 4) * 7, n % 5 == 0 ? 20 : 0,
                n % 3 == 0 ? LotRule.FixedQuantity : LotRule.LotForLot, n % 3 == 0 ? 100 : 0, 0, 0, 0, supplier, n % 2 == 0 ? "acheteur" : "acheteuse"));
        }

        for (var f = 0; f < 3; f++)
        {
            var fam = Families[f];
            var parts = new List<ItemData>();
            for (var n = 1; n <= 12; n++)
            {
                var part = new ItemData($"PC-{fam[..3]}-{n:00}", $"Pièce usinée {FamilyNames[f].ToLowerInvariant()} {n:00}", fam, ItemSource.Make, "pc", Math.Round(15 + rng.NextDouble() * 40, 2), 5, 0,
                    Planner: "planificateur");
                parts.Add(part);
                bom.Add(new BomLineData(part.Code, raws[(f * 12 + n) % raws.Count].Code, 1, 0.02));
                var machine = Machining[(n - 1) % Machining.Length];
                routings.Add(new RoutingOperationData(part.Code, 10, machine.Code, 0.5, Math.Round(machine.RunHours * (0.95 + 0.02 * (n % 6)), 3), "Usinage"));
            }

            var subs = new List<ItemData>();
            for (var n = 1; n <= 8; n++)
            {
                var sub = new ItemData($"SE-{fam[..3]}-{n:00}", $"Sous-ensemble {FamilyNames[f].ToLowerInvariant()} {n:00}", fam, ItemSource.Make, "pc", Math.Round(80 + rng.NextDouble() * 100, 2), 4, 0, Planner: "planificateur");
                subs.Add(sub);
                bom.Add(new BomLineData(sub.Code, parts[(n * 2) % 12].Code, 2));
                bom.Add(new BomLineData(sub.Code, parts[(n * 2 + 1) % 12].Code, 1));
                bom.Add(new BomLineData(sub.Code, raws[(f * 20 + n * 3) % raws.Count].Code, 4));
                routings.Add(new RoutingOperationData(sub.Code, 10, n % 3 == 0 ? "SOU-01" : f == 1 ? "MON-02" : "MON-01", 0.3, 0.25, "Assemblage"));
            }

            for (var n = 1; n <= 10; n++)
            {
                var code = $"PF-{fam[..3]}-{n:00}";
                items.Add(new ItemData(code, $"{FamilyNames[f]} {(f == 1 ? "centrifuge" : "DN")} {25 * n}", fam, ItemSource.Make, "pc", Math.Round(300 + 40 * n + rng.NextDouble() * 100, 2), 5, n % 4 == 0 ? 2 : 0, Planner: "planificateur"));
                bom.Add(new BomLineData(code, subs[n % 8].Code, 1));
                bom.Add(new BomLineData(code, subs[(n + 3) % 8].Code, 1));
                bom.Add(new BomLineData(code, raws[(f * 7 + n) % raws.Count].Code, 2));
                routings.Add(new RoutingOperationData(code, 10, f == 1 ? "MON-02" : "MON-01", 0.5, 0.4, "Montage final"));
                routings.Add(new RoutingOperationData(code, 20, "PEI-01", 0.25, 0.1, "Peinture"));
                routings.Add(new RoutingOperationData(code, 30, OverloadedWorkstation, EssaySetupHours, f == 1 ? 0.25 : 0.15, "Essai"));
                routings.Add(new RoutingOperationData(code, 40, "EMB-01", 0.1, 0.12, "Emballage"));
            }

            items.AddRange(subs);
            items.AddRange(parts);
        }

        items.AddRange(raws);
        var firstMonth = new DateOnly(today.Year, today.Month, 1);
        // Weekly forecasts over 12 months (a monthly figure would land in one week of the plan and swamp it).
        var monday = WeekStart(today);
        var weeks = (firstMonth.AddMonths(12).DayNumber - monday.DayNumber) / 7;
        var forecasts = items.Where(i => i.Code.StartsWith("PF-", StringComparison.Ordinal))
            .SelectMany((i, k) => Enumerable.Range(0, weeks).Select(w => new ForecastData(i.Code, monday.AddDays(7 * w), WeeklyRate(k) + ((w + k) % 3 == 0 ? 1 : 0))))
            .ToList();
        // Stock: finished goods cover about a week; parts and sub-assemblies 0–2 weeks (so their lots do not all start the same week).
        var stock = items.Select((i, k) => new StockData(i.Code, i.Source == ItemSource.Buy ? (i.PreferredSupplier == LateSupplier ? 0 : 40 + (k * 13) % 200)
            : i.Code.StartsWith("PF-", StringComparison.Ordinal) ? WeeklyRate(k % 10) + 1
            : i.Code.StartsWith("SE-", StringComparison.Ordinal) ? (k % 2) * 8 : (k % 3) * 8)).ToList();
        return new MasterDataSet(items, bom, routings, workstations, suppliers, customers, forecasts, stock);
    }
}
