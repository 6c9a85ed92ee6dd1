namespace Collab.Planning.Mrp;

/// <summary>Lot-sizing rules of the textbook MRP (see docs/planning.md and the exchange spec).</summary>
public enum LotSizingRule
{
    /// <summary>Lot for lot: order exactly the net requirement.</summary>
    Lfl,
    /// <summary>Fixed order quantity: at least <see cref="LotSizing.Quantity"/>.</summary>
    Foq,
    /// <summary>Period order quantity: cover the net requirements of <see cref="LotSizing.Periods"/> periods.</summary>
    Poq,
    /// <summary>Economic order quantity (Wilson): at least √(2·D·S/H).</summary>
    Eoq,
}

/// <summary>
/// Lot-sizing policy of an item. Parameters that a rule needs are nullable so that a missing
/// parameter can be told apart from a given one (FOQ needs <see cref="Quantity"/>, POQ needs
/// <see cref="Periods"/>, EOQ needs <see cref="AnnualDemand"/>, <see cref="OrderCost"/> and <see cref="HoldingCost"/>).
/// </summary>
public sealed record LotSizing
{
    public static readonly LotSizing LotForLot = new() { Rule = LotSizingRule.Lfl };

    public LotSizingRule Rule { get; init; }
    public double? Quantity { get; init; }
    public int? Periods { get; init; }
    public double? AnnualDemand { get; init; }
    public double? OrderCost { get; init; }
    public double? HoldingCost { get; init; }

    public static LotSizing Foq(double quantity) => new() { Rule = LotSizingRule.Foq, Quantity = quantity };
    public static LotSizing Poq(int periods) => new() { Rule = LotSizingRule.Poq, Periods = periods };
    public static LotSizing Eoq(double annualDemand, double orderCost, double holdingCost) =>
        new() { Rule = LotSizingRule.Eoq, AnnualDemand = annualDemand, OrderCost = orderCost, HoldingCost = holdingCost };

    /// <summary>The Wilson quantity √(2·D·S/H) for EOQ (0 for other rules or missing parameters).</summary>
    public double EconomicQuantity =>
        Rule == LotSizingRule.Eoq && AnnualDemand is > 0 && OrderCost is > 0 && HoldingCost is > 0
            ? Math.Sqrt(2.0 * AnnualDemand.Value * OrderCost.Value / HoldingCost.Value)
            : 0.0;
}

/// <summary>Whether an item is manufactured (planned orders become MOs) or purchased (POs to a supplier).</summary>
public enum MakeOrBuy
{
    Make,
    Buy,
}

/// <summary>An item as the bucketed MRP sees it (the exchange format's "items" entry).</summary>
public sealed record MrpItem
{
    public required string Code { get; init; }
    public int LeadTime { get; init; }
    public double OnHand { get; init; }
    public double SafetyStock { get; init; }
    public LotSizing LotSizing { get; init; } = LotSizing.LotForLot;
    public double MinQty { get; init; }
    public double Multiple { get; init; }
    public double MaxQty { get; init; }
    public MakeOrBuy Source { get; init; } = MakeOrBuy.Make;
    /// <summary>Preferred supplier of a bought item (carried by its planned orders).</summary>
    public string? Supplier { get; init; }

    /// <summary>
    /// Counted in whole units (pieces): gross requirements, net requirements and planned orders are rounded up to
    /// whole numbers, after scrap and lot sizing (see <see cref="Collab.Planning.MasterData.UnitKinds"/>). False
    /// (the exchange format's default) keeps the decimals of a continuous item (kg, m, l).
    /// </summary>
    public bool Discrete { get; init; }
}

/// <summary>Parent → component with quantity per parent unit and scrap rate (requirement = qtyPer × (1 + scrapRate)).</summary>
public sealed record MrpBomLine(string Parent, string Component, double QtyPer, double ScrapRate = 0);

/// <summary>An open MO or PO due in a period (never moved by MRP, only the subject of reschedule messages).</summary>
public sealed record MrpScheduledReceipt(string Item, int Period, double Qty)
{
    /// <summary>Order number (optional; used in exceptions and pegging).</summary>
    public string? Id { get; init; }
}

/// <summary>
/// An independent demand (customer order or remaining forecast) in a period. A firm order has
/// <see cref="Firm"/> = true; an optional order has a <see cref="Probability"/> of confirmation.
/// </summary>
public sealed record MrpDemand(string Item, int Period, double Qty)
{
    public string? Id { get; init; }
    public bool Firm { get; init; } = true;
    public double Probability { get; init; } = 1.0;
}

/// <summary>How optional (not yet confirmed) customer orders enter MRP.</summary>
public enum OptionalOrderPolicy
{
    /// <summary>Quantity × probability of confirmation.</summary>
    Weighted,
    /// <summary>Full quantity, as if confirmed.</summary>
    Full,
    /// <summary>Left out of the plan.</summary>
    Ignore,
}

/// <summary>The complete bucketed MRP problem: horizon of <see cref="Periods"/> buckets numbered 1..H.</summary>
public sealed record MrpInput
{
    public int Periods { get; init; }
    public IReadOnlyList<MrpItem> Items { get; init; } = [];
    public IReadOnlyList<MrpBomLine> Bom { get; init; } = [];
    public IReadOnlyList<MrpScheduledReceipt> ScheduledReceipts { get; init; } = [];
    public IReadOnlyList<MrpDemand> Demands { get; init; } = [];
    public OptionalOrderPolicy OptionalOrders { get; init; } = OptionalOrderPolicy.Weighted;

    /// <summary>Quantity of a demand as it enters the plan under <see cref="OptionalOrders"/>.</summary>
    public double EffectiveQuantity(MrpDemand d) =>
        d.Firm ? d.Qty : OptionalOrders switch
        {
            OptionalOrderPolicy.Weighted => d.Qty * d.Probability,
            OptionalOrderPolicy.Full => d.Qty,
            _ => 0.0,
        };
}

/// <summary>One problem found in an input, with its JSON path (e.g. <c>$.bom[3].component</c>).</summary>
public sealed record InputProblem(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>Thrown when an MRP input is invalid; carries every problem found.</summary>
public sealed class InvalidMrpInputException(IReadOnlyList<InputProblem> problems)
    : Exception($"Invalid MRP input ({problems.Count} problem(s)): " + string.Join("; ", problems.Take(5)))
{
    public IReadOnlyList<InputProblem> Problems { get; } = problems;
}
