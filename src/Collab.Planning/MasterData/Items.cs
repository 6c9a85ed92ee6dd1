using Collab.Planning.Mrp;

namespace Collab.Planning.MasterData;

/// <summary>An article (article / référence): what is made or bought, with its planning parameters.</summary>
public sealed record Item
{
    public required string Code { get; init; }
    public string Description { get; init; } = "";
    /// <summary>Product family (famille) used by the S&amp;OP plan.</summary>
    public string Family { get; init; } = "";
    public MakeOrBuy Source { get; init; } = MakeOrBuy.Make;
    /// <summary>Unit of measure (e.g. "pc", "kg", "m").</summary>
    public string Unit { get; init; } = "pc";
    public double UnitCost { get; init; }
    /// <summary>Lead time (délai d'obtention) in calendar days.</summary>
    public int LeadTimeDays { get; init; }
    public double SafetyStock { get; init; }
    public LotSizing LotSizing { get; init; } = LotSizing.LotForLot;
    public double MinQty { get; init; }
    public double Multiple { get; init; }
    public double MaxQty { get; init; }
    /// <summary>Preferred supplier (fournisseur préférentiel) of a bought item.</summary>
    public string? PreferredSupplier { get; init; }
}

/// <summary>A BOM line (lien de nomenclature), valid from/to the given dates (inclusive, open when null).</summary>
public sealed record BomLine(string Parent, string Component, double QtyPer, double ScrapRate = 0)
{
    public DateOnly? ValidFrom { get; init; }
    public DateOnly? ValidTo { get; init; }

    public bool IsValidOn(DateOnly day) => (ValidFrom is null || ValidFrom <= day) && (ValidTo is null || day <= ValidTo);
}

/// <summary>An operation of an item's routing (gamme): sequence, workstation, setup and run time per unit in hours.</summary>
public sealed record RoutingOperation(string Item, int Sequence, string Workstation, double SetupHours, double RunHoursPerUnit)
{
    public string Description { get; init; } = "";

    /// <summary>Standard hours to make <paramref name="qty"/> units.</summary>
    public double Hours(double qty) => SetupHours + RunHoursPerUnit * qty;
}

/// <summary>Stock of an item: on hand and allocated (réservé) to released orders.</summary>
public sealed record StockRecord(string Item, double OnHand, double Allocated = 0)
{
    /// <summary>What MRP may count on.</summary>
    public double Available => OnHand - Allocated;
}

/// <summary>Kind of an open order.</summary>
public enum OrderKind
{
    /// <summary>OF — ordre de fabrication.</summary>
    Manufacturing,
    /// <summary>OA — ordre d'achat.</summary>
    Purchase,
}

/// <summary>An open MO or PO (scheduled receipt): quantity due on a date.</summary>
public sealed record ScheduledReceipt(string Number, string Item, double Qty, DateOnly DueDate, OrderKind Kind = OrderKind.Manufacturing)
{
    /// <summary>Supplier of a PO.</summary>
    public string? Supplier { get; init; }
}

/// <summary>A customer order line: firm (commande ferme) or optional with a probability of confirmation.</summary>
public sealed record CustomerOrder(string Number, string Item, double Qty, DateOnly DueDate)
{
    public string Customer { get; init; } = "";
    public bool Firm { get; init; } = true;
    /// <summary>Probability of confirmation of an optional order (1 for firm orders).</summary>
    public double Probability { get; init; } = 1.0;
}

/// <summary>A sales forecast (prévision commerciale) for an item or a whole family in the bucket starting on <see cref="PeriodStart"/>.</summary>
public sealed record Forecast(string Code, DateOnly PeriodStart, double Qty)
{
    /// <summary>True when <see cref="Code"/> is a family code rather than an item code.</summary>
    public bool IsFamily { get; init; }
}

/// <summary>Everything the plans of one site are computed from.</summary>
public sealed record PlantData
{
    public IReadOnlyList<Item> Items { get; init; } = [];
    public IReadOnlyList<BomLine> Bom { get; init; } = [];
    public IReadOnlyList<RoutingOperation> Routings { get; init; } = [];
    public IReadOnlyList<Workstation> Workstations { get; init; } = [];
    public IReadOnlyList<StockRecord> Stock { get; init; } = [];
    public IReadOnlyList<ScheduledReceipt> ScheduledReceipts { get; init; } = [];
    public IReadOnlyList<CustomerOrder> CustomerOrders { get; init; } = [];
    public IReadOnlyList<Forecast> Forecasts { get; init; } = [];
    public SiteCalendar Calendar { get; init; } = SiteCalendar.MondayToFriday;
}
