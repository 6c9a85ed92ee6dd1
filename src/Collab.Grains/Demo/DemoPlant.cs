using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Plan;
using Collab.Contracts.Sites;
using Collab.Contracts.Workstations;

namespace Collab.Grains.Demo;

/// <summary>
/// The embedded demo plant "Robinetterie et Pompes du Rhône": valves, pumps and check valves
/// (3 families, 150 items on 4 BOM levels, 12 workstations on 1–3 shifts, 40 customers, 15 suppliers,
/// ~60 open MOs, ~40 open POs, 12 months of forecasts). Deterministic: a fixed-seed generator and dates
/// relative to <c>today</c>. Looks alive on first start: late customer orders, an overloaded test bench,
/// overdue actions, a supplier already late.
/// </summary>
public static class DemoPlant
{
    public const string Site = "DEMO";
    public const string System = "demo";
    public const string LateSupplier = "F-FOND";
    public const string OverloadedWorkstation = "ESS-01";

    private static readonly string[] Families = ["VANNES", "POMPES", "CLAPETS"];
    private static readonly string[] FamilyNames = ["Vanne", "Pompe", "Clapet"];

    /// <summary>Seeds the demo site unless it already has master data, then runs a first plan.</summary>
    public static async Task<bool> SeedAsync(IGrainFactory grains, DateOnly today)
    {
        var site = grains.GetGrain<ISiteGrain>(Site);
        var info = await site.GetInfoAsync();
        if (info.ItemCount > 0)
        {
            return false;
        }

        var data = BuildMasterData(today);
        info = await site.RenameAsync("Robinetterie et Pompes du Rhône", info.Version, System);
        info = await site.ImportMasterDataAsync(data, info.Version, System);
        foreach (var w in data.Workstations)
        {
            await grains.GetGrain<IWorkstationGrain>(WorkstationKey.Of(Site, w.Code)).ConfigureAsync(w, null, System);
        }

        var rng = new Random(20261125);
        var fg = data.Items.Where(i => i.Code.StartsWith("PF-", StringComparison.Ordinal)).ToList();
        var subs = data.Items.Where(i => i.Code.StartsWith("SE-", StringComparison.Ordinal)).ToList();
        var bought = data.Items.Where(i => i.Source == ItemSource.Buy).ToList();

        // Customer orders: 80, a quarter optional, some already late (promised before today, not shipped).
        var coNumbers = new List<string>();
        for (var k = 0; k < 80; k++)
        {
            var number = await site.NextNumberAsync(NumberKind.CustomerOrder, today, System);
            var customer = data.Customers[k % data.Customers.Count].Code;
            var optional = k % 4 == 3;
            var lines = Enumerable.Range(0, 1 + k % 3).Select(l =>
                new CustomerOrderLineDraft(fg[(k * 7 + l * 3) % fg.Count].Code, 2 + rng.Next(0, 18), today.AddDays(k < 6 ? -3 - k : 3 + rng.Next(0, 84)))).ToList();
            var co = grains.GetGrain<ICustomerOrderGrain>(number);
            await co.CreateAsync(Site, new CustomerOrderDraft(customer, lines, !optional, optional ? 0.3 + (k % 5) * 0.1 : 1, $"REF-{1000 + k}"), "adv");
            coNumbers.Add(number);
        }

        // Shipped history for OTD: 20 orders shipped in the past, most on time.
        for (var k = 0; k < 20; k++)
        {
            var number = await site.NextNumberAsync(NumberKind.CustomerOrder, today, System);
            var promised = today.AddDays(-30 + k);
            var co = grains.GetGrain<ICustomerOrderGrain>(number);
            var v = await co.CreateAsync(Site, new CustomerOrderDraft(data.Customers[(k * 3) % data.Customers.Count].Code,
                [new CustomerOrderLineDraft(fg[k % fg.Count].Code, 5, promised)]), "adv");
            await co.ShipAsync(1, 5, k % 5 == 0 ? promised.AddDays(3) : promised.AddDays(-1), "magasin");
        }

        // Manufacturing orders: 60 open; 8 already late; 20 in progress with declarations.
        var moNumbers = new List<string>();
        for (var k = 0; k < 60; k++)
        {
            var number = await site.NextNumberAsync(NumberKind.ManufacturingOrder, today, System);
            var item = k % 3 == 0 ? fg[k % fg.Count] : subs[k % subs.Count];
            var start = today.AddDays(k < 8 ? -12 : -5 + (k % 30));
            var due = start.AddDays(k < 8 ? 7 : 5 + k % 10);
            var qty = 5 + rng.Next(0, 20);
            var mo = grains.GetGrain<IManufacturingOrderGrain>(number);
            var view = await mo.CreateAsync(Site, new ManufacturingOrderDraft(item.Code, qty, start, due, Released: k < 35), "planificateur");
            if (k < 20 && view.Operations.Count > 0)
            {
                var first = view.Operations[0];
                await mo.DeclareProgressAsync(new ProgressDeclaration(first.Sequence, qty - 1, 1, Math.Round(first.PlannedHours * 1.1, 1), true), "atelier");
            }

            moNumbers.Add(number);
        }

        // Load the test bench (ESS-01, one shift) beyond capacity in the coming weeks: large pump test orders.
        var pumps = fg.Where(i => i.Family == "POMPES").ToList();
        for (var k = 0; k < 6; k++)
        {
            var number = await site.NextNumberAsync(NumberKind.ManufacturingOrder, today, System);
            await grains.GetGrain<IManufacturingOrderGrain>(number).CreateAsync(Site,
                new ManufacturingOrderDraft(pumps[k % pumps.Count].Code, 40, today.AddDays(2 + k * 3), today.AddDays(7 + k * 3), Released: true), "planificateur");
            moNumbers.Add(number);
        }

        // Purchase orders: 40 open; the foundry (F-FOND) is late on every order.
        var poNumbers = new List<string>();
        for (var k = 0; k < 40; k++)
        {
            var number = await site.NextNumberAsync(NumberKind.PurchaseOrder, today, System);
            var item = bought[(k * 5) % bought.Count];
            var late = k < 5;
            var supplier = late ? LateSupplier : item.PreferredSupplier ?? data.Suppliers[k % data.Suppliers.Count].Code;
            var requested = late ? today.AddDays(-4 - k) : today.AddDays(2 + rng.Next(0, 40));
            var po = grains.GetGrain<IPurchaseOrderGrain>(number);
            var view = await po.CreateAsync(Site, new PurchaseOrderDraft(supplier, [new PurchaseOrderLineDraft(item.Code, 50 + 10 * rng.Next(0, 10), requested)], item.Buyer), item.Buyer ?? "acheteur");
            if (k % 3 == 1 && !late)
            {
                await po.ConfirmAsync(1, requested.AddDays(k % 2 == 0 ? 0 : 5), view.Version, "acheteur");
            }

            poNumbers.Add(number);
        }

        // Actions: some overdue, on orders, the overloaded workstation and the site.
        var actions = new (Func<IHoldsActions> Target, string Title, string Owner, int DueInDays, ActionPriority Priority)[]
        {
            (() => grains.GetGrain<IPurchaseOrderGrain>(poNumbers[0]), "Relancer la fonderie pour les corps de vanne", "acheteur", -3, ActionPriority.Critical),
            (() => grains.GetGrain<IPurchaseOrderGrain>(poNumbers[1]), "Obtenir une date confirmée de la fonderie", "acheteur", -1, ActionPriority.High),
            (() => grains.GetGrain<IWorkstationGrain>(WorkstationKey.Of(Site, OverloadedWorkstation)), "Ouvrir une équipe de nuit au banc d'essai", "planificateur", -2, ActionPriority.High),
            (() => grains.GetGrain<IManufacturingOrderGrain>(moNumbers[0]), "Vérifier la disponibilité des joints", "planificateur", -5, ActionPriority.Normal),
            (() => grains.GetGrain<ICustomerOrderGrain>(coNumbers[0]), "Prévenir le client du retard", "adv", -1, ActionPriority.High),
            (() => grains.GetGrain<ICustomerOrderGrain>(coNumbers[3]), "Confirmer l'option avec le client", "adv", 5, ActionPriority.Normal),
            (() => grains.GetGrain<ISiteGrain>(Site), "Mettre à jour les prévisions du trimestre", "planificateur", 10, ActionPriority.Normal),
        };
        foreach (var a in actions)
        {
            await a.Target().AddActionAsync(new NewAction(a.Title, null, a.Owner, today.AddDays(a.DueInDays), a.Priority, null), "responsable-production");
        }

        await grains.GetGrain<IPlanGrain>(PlanKey.Of(Site)).RecalculateAsync(today, System);
        return true;
    }

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
            new("SOU-01", "Soudure", WorkstationData.Shifts(1), 2, 0.95, []),
            new("MON-01", "Montage vannes", WorkstationData.Shifts(2), 3, 1, []),
            new("MON-02", "Montage pompes", WorkstationData.Shifts(1), 3, 1, []),
            new("PEI-01", "Cabine de peinture", WorkstationData.Shifts(1), 1, 0.95, []),
            new(OverloadedWorkstation, "Banc d'essai", WorkstationData.Shifts(1), 1, 0.9, []),
            new("EMB-01", "Emballage", WorkstationData.Shifts(1), 2, 1, []),
        };

        var items = new List<ItemData>();
        var bom = new List<BomLineData>();
        var routings = new List<RoutingOperationData>();
        string[] rawKinds = ["Corps brut", "Barre acier", "Joint", "Roulement", "Vis", "Ressort", "Moteur", "Capteur", "Tube", "Peinture"];
        var raws = new List<ItemData>();
        for (var n = 1; n <= 60; n++)
        {
            var kind = rawKinds[(n - 1) % rawKinds.Length];
            var supplier = suppliers[(n - 1) % suppliers.Count].Code;
            raws.Add(new ItemData($"MP-{n:000}", $"{kind} {n:000}", "", ItemSource.Buy, "pc", Math.Round(2 + rng.NextDouble() * 60, 2), 10 + (n % 4) * 7, n % 5 == 0 ? 20 : 0,
                n % 3 == 0 ? LotRule.FixedQuantity : LotRule.LotForLot, n % 3 == 0 ? 100 : 0, 0, 0, 0, supplier, n % 2 == 0 ? "acheteur" : "acheteuse2"));
        }

        for (var f = 0; f < 3; f++)
        {
            var fam = Families[f];
            var parts = new List<ItemData>();
            for (var n = 1; n <= 12; n++)
            {
                var part = new ItemData($"PC-{fam[..3]}-{n:00}", $"Pièce usinée {FamilyNames[f].ToLowerInvariant()} {n:00}", fam, ItemSource.Make, "pc", Math.Round(15 + rng.NextDouble() * 40, 2), 5, 0,
                    LotRule.FixedPeriods, 0, 2, Planner: "planificateur");
                parts.Add(part);
                bom.Add(new BomLineData(part.Code, raws[(f * 12 + n) % raws.Count].Code, 1, 0.02));
                routings.Add(new RoutingOperationData(part.Code, 10, n % 2 == 0 ? "TOU-0" + (1 + n % 2 + 0) : "USI-0" + (1 + n % 4), 0.5, 0.15 + 0.01 * n, "Usinage"));
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
                items.Add(new ItemData(code, $"{FamilyNames[f]} {(f == 1 ? "centrifuge" : "DN")} {25 * n}", fam, ItemSource.Make, "pc", Math.Round(300 + 40 * n + rng.NextDouble() * 100, 2), 5, n % 4 == 0 ? 4 : 0, Planner: "planificateur"));
                bom.Add(new BomLineData(code, subs[n % 8].Code, 1));
                bom.Add(new BomLineData(code, subs[(n + 3) % 8].Code, 1));
                bom.Add(new BomLineData(code, raws[(f * 7 + n) % raws.Count].Code, 2));
                routings.Add(new RoutingOperationData(code, 10, f == 1 ? "MON-02" : "MON-01", 0.5, 0.4, "Montage final"));
                routings.Add(new RoutingOperationData(code, 20, "PEI-01", 0.25, 0.1, "Peinture"));
                routings.Add(new RoutingOperationData(code, 30, OverloadedWorkstation, 0.25, f == 1 ? 0.9 : 0.3, "Essai"));
                routings.Add(new RoutingOperationData(code, 40, "EMB-01", 0.1, 0.05, "Emballage"));
            }

            items.AddRange(subs);
            items.AddRange(parts);
        }

        items.AddRange(raws);
        var firstMonth = new DateOnly(today.Year, today.Month, 1);
        var forecasts = items.Where(i => i.Code.StartsWith("PF-", StringComparison.Ordinal))
            .SelectMany((i, k) => Enumerable.Range(0, 12).Select(m => new ForecastData(i.Code, firstMonth.AddMonths(m), 8 + (k % 5) * 3 + (m % 3) * 2)))
            .ToList();
        var stock = items.Select((i, k) => new StockData(i.Code, i.Source == ItemSource.Buy ? 40 + (k * 13) % 200 : (k % 3) * 5)).ToList();
        return new MasterDataSet(items, bom, routings, workstations, suppliers, customers, forecasts, stock);
    }
}
