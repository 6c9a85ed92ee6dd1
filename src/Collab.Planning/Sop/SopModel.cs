namespace Collab.Planning.Sop;

/// <summary>Production strategies of the S&amp;OP plan (PIC).</summary>
public enum SopStrategy
{
    /// <summary>Chase (poursuite): produce each month what keeps the end-of-month stock at its target.</summary>
    Chase,
    /// <summary>Level (lissage): one constant rate over the horizon that ends on the final target; may run into backlog.</summary>
    Level,
    /// <summary>Level with inventory target: the least constant rate that never lets stock fall below the target cover.</summary>
    LevelWithTarget,
}

/// <summary>An optional customer order (commande sous option) for a family in a month (1-based).</summary>
public sealed record SopOptionalOrder(int Month, double Qty, double Probability);

/// <summary>A product family in the S&amp;OP plan. Monthly arrays have one value per month (missing values count as 0).</summary>
public sealed record SopFamily
{
    public required string Code { get; init; }
    public double OpeningInventory { get; init; }
    /// <summary>Target end-of-month stock in days of cover of the next month's demand (0 = no target).</summary>
    public double TargetDaysOfCover { get; init; }
    public IReadOnlyList<double> Firm { get; init; } = [];
    public IReadOnlyList<double> Forecast { get; init; } = [];
    public IReadOnlyList<SopOptionalOrder> Optional { get; init; } = [];
    /// <summary>Routing hours per unit of the family on key workstations.</summary>
    public IReadOnlyDictionary<string, double> HoursPerUnit { get; init; } = new Dictionary<string, double>();
}

/// <summary>A key workstation (poste goulot) and its capacity in hours per month.</summary>
public sealed record SopWorkstation(string Code, IReadOnlyList<double> CapacityHours);

public sealed record SopInput
{
    /// <summary>Horizon in months (12–24 in practice).</summary>
    public int Months { get; init; }
    /// <summary>Working days per month (default 20 each); converts days of cover into quantities.</summary>
    public IReadOnlyList<double> WorkingDays { get; init; } = [];
    public IReadOnlyList<SopFamily> Families { get; init; } = [];
    public IReadOnlyList<SopWorkstation> Workstations { get; init; } = [];
    /// <summary>Months a firm order may consume forecast before / after its own month.</summary>
    public int ConsumeBackward { get; init; } = 1;
    public int ConsumeForward { get; init; } = 1;
}

/// <summary>Demand of a family month by month: firm + Σ optional × probability + remaining forecast.</summary>
public sealed record SopDemand(double[] Firm, double[] OptionalWeighted, double[] Forecast, double[] RemainingForecast, double[] Total, double OverConsumption);

/// <summary>The plan of a family under one strategy.</summary>
public sealed record SopPlan(SopStrategy Strategy, double[] Production, double[] Inventory, double[] TargetInventory);

public sealed record SopFamilyResult(string Code, SopDemand Demand, IReadOnlyList<SopPlan> Plans);

/// <summary>Load of a key workstation under one strategy vs its capacity (utilisation = load / capacity).</summary>
public sealed record SopLoad(SopStrategy Strategy, double[] Load, double[] Utilisation);

public sealed record SopWorkstationResult(string Code, double[] Capacity, IReadOnlyList<SopLoad> Loads);

/// <summary>The three strategies side by side (all families together).</summary>
public sealed record SopStrategySummary(
    SopStrategy Strategy,
    double TotalProduction,
    double AverageInventory,
    double MaxInventory,
    /// <summary>Σ over months and families of the shortage (negative stock), in unit-months.</summary>
    double Backlog,
    /// <summary>Σ |P[m] − P[m−1]| over families (smoothness; the first month is not counted).</summary>
    double ProductionChanges,
    int MonthsBelowTarget,
    double MaxUtilisation,
    int OverloadedWorkstationMonths);

public sealed record SopResult(
    int Months,
    IReadOnlyList<SopFamilyResult> Families,
    IReadOnlyList<SopWorkstationResult> Workstations,
    IReadOnlyList<SopStrategySummary> Comparison);
