namespace Collab.Planning.Mrp;

/// <summary>
/// Checks an <see cref="MrpInput"/> and lists every problem with its JSON path in the exchange
/// format: unknown items, negative or non-finite quantities, missing lot-sizing parameters,
/// duplicate codes and BOM cycles (naming the items of each cycle).
/// </summary>
public static class MrpValidator
{
    /// <summary>Largest items × periods the engine accepts (six rows of doubles each: ~4.8 GB at this size).</summary>
    public const long MaxCells = 100_000_000;

    /// <summary>Largest quantity accepted anywhere in the input (stock, demand, receipt, lot size): a billion
    /// units; beyond it sums lose precision and nothing real is planned.</summary>
    public const double MaxQuantity = 1e9;

    /// <summary>Largest quantity per parent unit on a BOM line.</summary>
    public const double MaxQtyPer = 1e6;

    /// <summary>Largest net quantity the engine lets a multi-level explosion reach (MaxQuantity × a realistic
    /// cumulated qtyPer); beyond it the run is refused naming the item.</summary>
    public const double MaxComputedQuantity = 1e13;

    /// <summary>Most planned orders one run may generate (maxQty splitting included).</summary>
    public const long MaxPlannedOrders = 2_000_000;

    public static IReadOnlyList<InputProblem> Validate(MrpInput input)
    {
        var problems = new List<InputProblem>();
        if (input.Periods < 1)
        {
            problems.Add(new("$.periods", $"must be an integer ≥ 1 (got {input.Periods})"));
        }
        else if ((long)input.Periods * Math.Max(1, input.Items.Count) > MaxCells)
        {
            problems.Add(new("$.periods", $"plan too large: {input.Items.Count} items × {input.Periods} periods exceeds {MaxCells} cells"));
        }

        var index = new Dictionary<string, int>(input.Items.Count, StringComparer.Ordinal);
        for (var i = 0; i < input.Items.Count; i++)
        {
            var item = input.Items[i];
            if (string.IsNullOrWhiteSpace(item.Code))
            {
                problems.Add(new($"$.items[{i}].code", "item code is missing or empty"));
            }
            else if (!index.TryAdd(item.Code, i))
            {
                problems.Add(new($"$.items[{i}].code", $"duplicate item code '{item.Code}' (first defined at $.items[{index[item.Code]}])"));
            }

            if (item.LeadTime < 0)
            {
                problems.Add(new($"$.items[{i}].leadTime", $"negative lead time {item.LeadTime}"));
            }

            // Paths are only built for a problem: validation runs on every plan, 10k+ items.
            if (Bad(item.OnHand) || Bad(item.SafetyStock) || Bad(item.MinQty) || Bad(item.Multiple) || Bad(item.MaxQty))
            {
                var path = $"$.items[{i}]";
                NonNegative(problems, $"{path}.onHand", item.OnHand);
                NonNegative(problems, $"{path}.safetyStock", item.SafetyStock);
                NonNegative(problems, $"{path}.minQty", item.MinQty);
                NonNegative(problems, $"{path}.multiple", item.Multiple);
                NonNegative(problems, $"{path}.maxQty", item.MaxQty);
            }

            if (item.LotSizing is { Rule: not LotSizingRule.Lfl } lot && !LotSizingOk(lot))
            {
                ValidateLotSizing(problems, $"$.items[{i}].lotSizing", lot);
            }
        }

        var bomOk = new bool[input.Bom.Count];
        for (var k = 0; k < input.Bom.Count; k++)
        {
            var line = input.Bom[k];
            var parentKnown = line.Parent is not null && index.ContainsKey(line.Parent);
            var componentKnown = line.Component is not null && index.ContainsKey(line.Component);
            if (!parentKnown || !componentKnown || Bad(line.QtyPer) || line.QtyPer > MaxQtyPer || Bad(line.ScrapRate))
            {
                var path = $"$.bom[{k}]";
                Known(problems, index, $"{path}.parent", line.Parent);
                Known(problems, index, $"{path}.component", line.Component);
                NonNegative(problems, $"{path}.qtyPer", line.QtyPer);
                NonNegative(problems, $"{path}.scrapRate", line.ScrapRate);
            }

            bomOk[k] = parentKnown && componentKnown;
        }

        for (var k = 0; k < input.ScheduledReceipts.Count; k++)
        {
            var r = input.ScheduledReceipts[k];
            if (r.Item is null || !index.ContainsKey(r.Item) || Bad(r.Qty))
            {
                Known(problems, index, $"$.scheduledReceipts[{k}].item", r.Item);
                NonNegative(problems, $"$.scheduledReceipts[{k}].qty", r.Qty);
            }
        }

        for (var k = 0; k < input.Demands.Count; k++)
        {
            var d = input.Demands[k];
            if (d.Item is null || !index.ContainsKey(d.Item) || Bad(d.Qty))
            {
                Known(problems, index, $"$.demands[{k}].item", d.Item);
                NonNegative(problems, $"$.demands[{k}].qty", d.Qty);
            }
            if (!(d.Probability >= 0 && d.Probability <= 1))
            {
                problems.Add(new($"$.demands[{k}].probability", $"probability must be between 0 and 1 (got {d.Probability})"));
            }
        }

        FindCycles(problems, input, index, bomOk);
        return problems;
    }

    private static bool Known(List<InputProblem> problems, Dictionary<string, int> index, string path, string? code)
    {
        if (code is not null && index.ContainsKey(code))
        {
            return true;
        }

        problems.Add(new(path, code is null ? "item code is missing" : $"unknown item '{code}'"));
        return false;
    }

    private static bool Bad(double value) => !(value >= 0) || !(value <= MaxQuantity);

    private static bool LotSizingOk(LotSizing lot) => lot.Rule switch
    {
        LotSizingRule.Foq => lot.Quantity is > 0 and <= MaxQuantity,
        LotSizingRule.Poq => lot.Periods is >= 1,
        LotSizingRule.Eoq => lot.AnnualDemand is > 0 and < double.PositiveInfinity && lot.OrderCost is > 0 and < double.PositiveInfinity
            && lot.HoldingCost is > 0 and < double.PositiveInfinity,
        _ => true,
    };

    private static void NonNegative(List<InputProblem> problems, string path, double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            problems.Add(new(path, "must be a finite number"));
        }
        else if (value < 0)
        {
            problems.Add(new(path, $"negative quantity {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
        }
        else if (value > (path.EndsWith(".qtyPer", StringComparison.Ordinal) ? MaxQtyPer : MaxQuantity))
        {
            var limit = path.EndsWith(".qtyPer", StringComparison.Ordinal) ? MaxQtyPer : MaxQuantity;
            problems.Add(new(path, $"quantity {value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)} exceeds the limit of {limit.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)}"));
        }
    }

    private static void ValidateLotSizing(List<InputProblem> problems, string path, LotSizing? lot)
    {
        if (lot is null)
        {
            return;
        }

        switch (lot.Rule)
        {
            case LotSizingRule.Foq:
                Positive(problems, $"{path}.quantity", lot.Quantity, "FOQ");
                break;
            case LotSizingRule.Poq:
                if (lot.Periods is null)
                {
                    problems.Add(new($"{path}.periods", "missing lot-sizing parameter 'periods' for POQ"));
                }
                else if (lot.Periods < 1)
                {
                    problems.Add(new($"{path}.periods", $"POQ periods must be ≥ 1 (got {lot.Periods})"));
                }

                break;
            case LotSizingRule.Eoq:
                Positive(problems, $"{path}.annualDemand", lot.AnnualDemand, "EOQ");
                Positive(problems, $"{path}.orderCost", lot.OrderCost, "EOQ");
                Positive(problems, $"{path}.holdingCost", lot.HoldingCost, "EOQ");
                break;
        }
    }

    private static void Positive(List<InputProblem> problems, string path, double? value, string rule)
    {
        var name = path[(path.LastIndexOf('.') + 1)..];
        if (value is null)
        {
            problems.Add(new(path, $"missing lot-sizing parameter '{name}' for {rule}"));
        }
        else if (!(value > 0) || !(value <= MaxQuantity))
        {
            problems.Add(new(path, $"{rule} parameter '{name}' must be a finite number > 0 and ≤ 1e9 (got {value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)})"));
        }
    }

    /// <summary>
    /// Kahn's algorithm on parent → component; items left over sit on or below a cycle. Walking
    /// back along left-over parents always ends on a cycle, which is reported once with its items
    /// in parent → component order.
    /// </summary>
    private static void FindCycles(List<InputProblem> problems, MrpInput input, Dictionary<string, int> index, bool[] bomOk)
    {
        var n = input.Items.Count;
        var indegree = new int[n];
        var children = new List<(int Child, int Line)>[n];
        var parents = new List<(int Parent, int Line)>[n];
        for (var k = 0; k < input.Bom.Count; k++)
        {
            if (!bomOk[k])
            {
                continue;
            }

            var p = index[input.Bom[k].Parent];
            var c = index[input.Bom[k].Component];
            (children[p] ??= []).Add((c, k));
            (parents[c] ??= []).Add((p, k));
            indegree[c]++;
        }

        var queue = new Queue<int>();
        for (var i = 0; i < n; i++)
        {
            if (indegree[i] == 0)
            {
                queue.Enqueue(i);
            }
        }

        var removed = new bool[n];
        while (queue.Count > 0)
        {
            var p = queue.Dequeue();
            removed[p] = true;
            if (children[p] is null)
            {
                continue;
            }

            foreach (var (c, _) in children[p])
            {
                if (--indegree[c] == 0)
                {
                    queue.Enqueue(c);
                }
            }
        }

        var walked = new int[n]; // 0 = not walked, otherwise walk number
        var walk = 0;
        for (var start = 0; start < n; start++)
        {
            if (removed[start] || walked[start] != 0)
            {
                continue;
            }

            walk++;
            var path = new List<int>();
            var position = new Dictionary<int, int>();
            var node = start;
            while (walked[node] == 0)
            {
                walked[node] = walk;
                position[node] = path.Count;
                path.Add(node);
                var next = -1;
                foreach (var (p, _) in parents[node]!)
                {
                    if (!removed[p])
                    {
                        next = p;
                        break;
                    }
                }

                node = next;
            }

            if (walked[node] != walk)
            {
                continue; // reached a cycle found by an earlier walk
            }

            // path[position[node]..] walks component → parent; reverse to parent → component.
            var cycle = path.GetRange(position[node], path.Count - position[node]);
            cycle.Reverse();
            var lowest = cycle.IndexOf(cycle.Min());
            cycle = [.. cycle.Skip(lowest), .. cycle.Take(lowest)]; // start at the first item in input order
            var names = string.Join(" → ", cycle.Select(i => input.Items[i].Code)) + " → " + input.Items[cycle[0]].Code;
            var first = cycle[0];
            var second = cycle.Count > 1 ? cycle[1] : cycle[0];
            var line = children[first]!.First(e => e.Child == second).Line;
            problems.Add(new($"$.bom[{line}]", $"BOM cycle: {names}"));
        }
    }
}
