using Collab.Planning.MasterData;
using Collab.Planning.Mrp;

namespace Collab.Planning.Sop;

/// <summary>
/// The S&amp;OP plan (PIC) per family and month, computed for the three strategies:
/// <list type="bullet">
/// <item>demand D[m] = firm[m] + Σ optional × probability + forecast left after consumption by firm orders;</item>
/// <item>target T[m] = days of cover × D[m+1] / workingDays[m+1] (last month: its own demand rate);</item>
/// <item>chase: P[m] = max(0, D[m] + T[m] − I[m−1]);</item>
/// <item>level: P = max(0, (ΣD + T[M] − I0) / M) every month;</item>
/// <item>level with target: P = max(0, max over m of (D[1..m] + T[m] − I0) / m) every month;</item>
/// <item>I[m] = I[m−1] + P[m] − D[m]; load[w][m] = Σ families P[m] × hours per unit.</item>
/// </list>
/// </summary>
public static class SopEngine
{
    public static readonly SopStrategy[] Strategies = [SopStrategy.Chase, SopStrategy.Level, SopStrategy.LevelWithTarget];

    public static IReadOnlyList<InputProblem> Validate(SopInput input)
    {
        var problems = new List<InputProblem>();
        if (input.Months < 1)
        {
            problems.Add(new("$.months", "must be ≥ 1"));
        }

        for (var m = 0; m < input.WorkingDays.Count; m++)
        {
            if (!(input.WorkingDays[m] > 0))
            {
                problems.Add(new($"$.workingDays[{m}]", "working days must be > 0"));
            }
        }

        var codes = new HashSet<string>();
        var stations = input.Workstations.Select(w => w.Code).ToHashSet();
        for (var f = 0; f < input.Families.Count; f++)
        {
            var fam = input.Families[f];
            var p = $"$.families[{f}]";
            if (string.IsNullOrWhiteSpace(fam.Code) || !codes.Add(fam.Code))
            {
                problems.Add(new($"{p}.code", $"missing or duplicate family code '{fam.Code}'"));
            }

            NonNegative(problems, $"{p}.openingInventory", fam.OpeningInventory);
            NonNegative(problems, $"{p}.targetDaysOfCover", fam.TargetDaysOfCover);
            for (var m = 0; m < fam.Firm.Count; m++)
            {
                NonNegative(problems, $"{p}.firm[{m}]", fam.Firm[m]);
            }

            for (var m = 0; m < fam.Forecast.Count; m++)
            {
                NonNegative(problems, $"{p}.forecast[{m}]", fam.Forecast[m]);
            }

            for (var k = 0; k < fam.Optional.Count; k++)
            {
                var o = fam.Optional[k];
                NonNegative(problems, $"{p}.optional[{k}].qty", o.Qty);
                if (!(o.Probability >= 0 && o.Probability <= 1))
                {
                    problems.Add(new($"{p}.optional[{k}].probability", "must be between 0 and 1"));
                }

                if (o.Month < 1 || o.Month > input.Months)
                {
                    problems.Add(new($"{p}.optional[{k}].month", $"must be between 1 and {input.Months}"));
                }
            }

            foreach (var (w, h) in fam.HoursPerUnit)
            {
                if (!stations.Contains(w))
                {
                    problems.Add(new($"{p}.hoursPerUnit.{w}", $"unknown workstation '{w}'"));
                }

                NonNegative(problems, $"{p}.hoursPerUnit.{w}", h);
            }
        }

        for (var w = 0; w < input.Workstations.Count; w++)
        {
            for (var m = 0; m < input.Workstations[w].CapacityHours.Count; m++)
            {
                NonNegative(problems, $"$.workstations[{w}].capacityHours[{m}]", input.Workstations[w].CapacityHours[m]);
            }
        }

        return problems;
    }

    private static void NonNegative(List<InputProblem> problems, string path, double v)
    {
        if (!(v >= 0) || double.IsInfinity(v))
        {
            problems.Add(new(path, $"must be a finite number ≥ 0 (got {v})"));
        }
    }

    public static SopResult Run(SopInput input)
    {
        var problems = Validate(input);
        if (problems.Count > 0)
        {
            throw new InvalidMrpInputException(problems);
        }

        var months = input.Months;
        var workingDays = new double[months];
        for (var m = 0; m < months; m++)
        {
            workingDays[m] = m < input.WorkingDays.Count ? input.WorkingDays[m] : 20.0;
        }

        var families = new List<SopFamilyResult>(input.Families.Count);
        foreach (var fam in input.Families)
        {
            var demand = FamilyDemand(fam, months, input.ConsumeBackward, input.ConsumeForward);
            var target = Targets(demand.Total, workingDays, fam.TargetDaysOfCover);
            var plans = new List<SopPlan>(3);
            foreach (var s in Strategies)
            {
                plans.Add(Plan(s, demand.Total, target, fam.OpeningInventory));
            }

            families.Add(new SopFamilyResult(fam.Code, demand, plans));
        }

        var stations = new List<SopWorkstationResult>(input.Workstations.Count);
        var index = new Dictionary<string, int>();
        foreach (var w in input.Workstations)
        {
            index[w.Code] = stations.Count;
            var capacity = new double[months];
            for (var m = 0; m < months; m++)
            {
                capacity[m] = m < w.CapacityHours.Count ? w.CapacityHours[m] : w.CapacityHours.Count > 0 ? w.CapacityHours[^1] : 0;
            }

            stations.Add(new SopWorkstationResult(w.Code, capacity,
                [.. Strategies.Select(s => new SopLoad(s, new double[months], new double[months]))]));
        }

        for (var f = 0; f < input.Families.Count; f++)
        {
            foreach (var (w, hours) in input.Families[f].HoursPerUnit)
            {
                var station = stations[index[w]];
                for (var s = 0; s < Strategies.Length; s++)
                {
                    var production = families[f].Plans[s].Production;
                    var load = station.Loads[s].Load;
                    for (var m = 0; m < months; m++)
                    {
                        load[m] += production[m] * hours;
                    }
                }
            }
        }

        foreach (var station in stations)
        {
            foreach (var load in station.Loads)
            {
                for (var m = 0; m < months; m++)
                {
                    load.Utilisation[m] = station.Capacity[m] > 0 ? load.Load[m] / station.Capacity[m] : load.Load[m] > 0 ? double.PositiveInfinity : 0;
                }
            }
        }

        var comparison = new List<SopStrategySummary>(3);
        for (var s = 0; s < Strategies.Length; s++)
        {
            double total = 0, inventorySum = 0, maxInventory = 0, backlog = 0, changes = 0, maxUtil = 0;
            int below = 0, overloaded = 0;
            foreach (var fam in families)
            {
                var plan = fam.Plans[s];
                for (var m = 0; m < months; m++)
                {
                    total += plan.Production[m];
                    inventorySum += plan.Inventory[m];
                    maxInventory = Math.Max(maxInventory, plan.Inventory[m]);
                    if (plan.Inventory[m] < 0)
                    {
                        backlog -= plan.Inventory[m];
                    }

                    if (plan.Inventory[m] < plan.TargetInventory[m] - 1e-9 * (1 + plan.TargetInventory[m]))
                    {
                        below++;
                    }

                    if (m > 0)
                    {
                        changes += Math.Abs(plan.Production[m] - plan.Production[m - 1]);
                    }
                }
            }

            foreach (var station in stations)
            {
                foreach (var u in station.Loads[s].Utilisation)
                {
                    maxUtil = Math.Max(maxUtil, u);
                    if (u > 1 + 1e-9)
                    {
                        overloaded++;
                    }
                }
            }

            var cells = Math.Max(1, families.Count * months);
            comparison.Add(new SopStrategySummary(Strategies[s], total, inventorySum / cells, maxInventory, backlog, changes, below, maxUtil, overloaded));
        }

        return new SopResult(months, families, stations, comparison);
    }

    /// <summary>Firm + weighted optional + forecast remaining after consumption by firm orders.</summary>
    public static SopDemand FamilyDemand(SopFamily fam, int months, int backward, int forward)
    {
        var firm = new double[months];
        var forecast = new double[months];
        var optional = new double[months];
        for (var m = 0; m < months; m++)
        {
            firm[m] = m < fam.Firm.Count ? fam.Firm[m] : 0;
            forecast[m] = m < fam.Forecast.Count ? fam.Forecast[m] : 0;
        }

        foreach (var o in fam.Optional)
        {
            if (o.Month >= 1 && o.Month <= months)
            {
                optional[o.Month - 1] += o.Qty * o.Probability;
            }
        }

        var consumed = ForecastConsumption.Consume(forecast, firm.Select((q, m) => (m + 1, q)).Where(o => o.q > 0), backward, forward);
        var total = new double[months];
        for (var m = 0; m < months; m++)
        {
            total[m] = firm[m] + optional[m] + consumed.Remaining[m];
        }

        return new SopDemand(firm, optional, forecast, consumed.Remaining, total, consumed.OverConsumption);
    }

    private static double[] Targets(double[] demand, double[] workingDays, double daysOfCover)
    {
        var n = demand.Length;
        var target = new double[n];
        if (daysOfCover <= 0)
        {
            return target;
        }

        for (var m = 0; m < n; m++)
        {
            var next = m + 1 < n ? m + 1 : m;
            target[m] = daysOfCover * demand[next] / workingDays[next];
        }

        return target;
    }

    private static SopPlan Plan(SopStrategy strategy, double[] demand, double[] target, double opening)
    {
        var n = demand.Length;
        var production = new double[n];
        var inventory = new double[n];
        switch (strategy)
        {
            case SopStrategy.Chase:
            {
                var previous = opening;
                for (var m = 0; m < n; m++)
                {
                    production[m] = Math.Max(0, demand[m] + target[m] - previous);
                    previous = previous + production[m] - demand[m];
                }

                break;
            }

            case SopStrategy.Level:
            {
                var rate = Math.Max(0, (demand.Sum() + target[n - 1] - opening) / n);
                Array.Fill(production, rate);
                break;
            }

            default:
            {
                var rate = 0.0;
                var cumulative = 0.0;
                for (var m = 0; m < n; m++)
                {
                    cumulative += demand[m];
                    rate = Math.Max(rate, (cumulative + target[m] - opening) / (m + 1));
                }

                Array.Fill(production, rate);
                break;
            }
        }

        var stock = opening;
        for (var m = 0; m < n; m++)
        {
            stock += production[m] - demand[m];
            inventory[m] = stock;
        }

        return new SopPlan(strategy, production, inventory, target);
    }
}
