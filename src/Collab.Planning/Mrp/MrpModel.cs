namespace Collab.Planning.Mrp;

/// <summary>
/// The compiled, array-based form of a valid <see cref="MrpInput"/>: items get dense ids
/// (their index in the input), the BOM is held twice in CSR form (parents of each component,
/// children of each parent) and items are ordered by low-level code. Built once per input.
/// </summary>
internal sealed class MrpModel
{
    public readonly MrpInput Input;
    public readonly int N;
    public readonly int H;
    public readonly Dictionary<string, int> Index;
    public readonly int[] LowLevelCode;
    /// <summary>Item ids sorted by low-level code (stable on input order).</summary>
    public readonly int[] Order;
    /// <summary>Start of each level in <see cref="Order"/>; length = levels + 1.</summary>
    public readonly int[] LevelStart;

    // Parents of each component (pull of dependent demand), BOM lines in input order.
    public readonly int[] ParentStart;
    public readonly int[] ParentItem;
    public readonly double[] ParentFactor;
    public readonly int[] ParentLine;

    // Children of each parent (propagation of changes), BOM lines in input order.
    public readonly int[] ChildStart;
    public readonly int[] ChildItem;

    // Independent demands and scheduled receipts grouped by item (input indices, input order).
    public readonly int[] DemandStart;
    public readonly int[] DemandIdx;
    public readonly int[] ReceiptStart;
    public readonly int[] ReceiptIdx;

    // Item parameters (mutable only through MrpSession for net change).
    public readonly int[] LeadTime;
    public readonly double[] OnHand;
    public readonly double[] SafetyStock;
    public readonly LotSizingRule[] Rule;
    /// <summary>FOQ quantity or EOQ Wilson quantity.</summary>
    public readonly double[] LotQuantity;
    public readonly int[] PoqPeriods;
    public readonly double[] MinQty;
    public readonly double[] Multiple;
    public readonly double[] MaxQty;
    /// <summary>Whole-unit items (<see cref="MrpItem.Discrete"/>).</summary>
    public readonly bool[] Discrete;

    private MrpModel(MrpInput input)
    {
        Input = input;
        N = input.Items.Count;
        H = input.Periods;
        Index = new Dictionary<string, int>(N, StringComparer.Ordinal);
        LeadTime = new int[N];
        OnHand = new double[N];
        SafetyStock = new double[N];
        Rule = new LotSizingRule[N];
        LotQuantity = new double[N];
        PoqPeriods = new int[N];
        MinQty = new double[N];
        Multiple = new double[N];
        MaxQty = new double[N];
        Discrete = new bool[N];
        for (var i = 0; i < N; i++)
        {
            Index.Add(input.Items[i].Code, i);
            SetParameters(i, input.Items[i]);
        }

        var bom = input.Bom;
        var m = bom.Count;
        var parentOf = new int[m];
        var childOf = new int[m];
        ParentStart = new int[N + 1];
        ChildStart = new int[N + 1];
        for (var k = 0; k < m; k++)
        {
            parentOf[k] = Index[bom[k].Parent];
            childOf[k] = Index[bom[k].Component];
            ParentStart[childOf[k] + 1]++;
            ChildStart[parentOf[k] + 1]++;
        }

        for (var i = 0; i < N; i++)
        {
            ParentStart[i + 1] += ParentStart[i];
            ChildStart[i + 1] += ChildStart[i];
        }

        ParentItem = new int[m];
        ParentFactor = new double[m];
        ParentLine = new int[m];
        ChildItem = new int[m];
        var pFill = (int[])ParentStart.Clone();
        var cFill = (int[])ChildStart.Clone();
        for (var k = 0; k < m; k++)
        {
            var pos = pFill[childOf[k]]++;
            ParentItem[pos] = parentOf[k];
            ParentFactor[pos] = bom[k].QtyPer * (1.0 + bom[k].ScrapRate);
            ParentLine[pos] = k;
            ChildItem[cFill[parentOf[k]]++] = childOf[k];
        }

        (DemandStart, DemandIdx) = Group(input.Demands.Count, k => Index[input.Demands[k].Item]);
        (ReceiptStart, ReceiptIdx) = Group(input.ScheduledReceipts.Count, k => Index[input.ScheduledReceipts[k].Item]);

        // Low-level codes by Kahn's algorithm (the input is acyclic once validated).
        LowLevelCode = new int[N];
        var indegree = new int[N];
        for (var k = 0; k < m; k++)
        {
            indegree[childOf[k]]++;
        }

        var queue = new int[N];
        int head = 0, tail = 0;
        for (var i = 0; i < N; i++)
        {
            if (indegree[i] == 0)
            {
                queue[tail++] = i;
            }
        }

        while (head < tail)
        {
            var p = queue[head++];
            var next = LowLevelCode[p] + 1;
            for (var e = ChildStart[p]; e < ChildStart[p + 1]; e++)
            {
                var c = ChildItem[e];
                if (LowLevelCode[c] < next)
                {
                    LowLevelCode[c] = next;
                }

                if (--indegree[c] == 0)
                {
                    queue[tail++] = c;
                }
            }
        }

        if (tail != N)
        {
            throw new InvalidOperationException("BOM cycle: validate the input first.");
        }

        var levels = 0;
        for (var i = 0; i < N; i++)
        {
            levels = Math.Max(levels, LowLevelCode[i] + 1);
        }

        LevelStart = new int[levels + 1];
        for (var i = 0; i < N; i++)
        {
            LevelStart[LowLevelCode[i] + 1]++;
        }

        for (var l = 0; l < levels; l++)
        {
            LevelStart[l + 1] += LevelStart[l];
        }

        Order = new int[N];
        var lFill = (int[])LevelStart.Clone();
        for (var i = 0; i < N; i++)
        {
            Order[lFill[LowLevelCode[i]]++] = i;
        }
    }

    public int Levels => LevelStart.Length - 1;

    /// <summary>Validates then compiles; throws <see cref="InvalidMrpInputException"/> listing every problem.</summary>
    public static MrpModel Compile(MrpInput input)
    {
        var problems = MrpValidator.Validate(input);
        if (problems.Count > 0)
        {
            throw new InvalidMrpInputException(problems);
        }

        return new MrpModel(input);
    }

    public void SetParameters(int i, MrpItem item)
    {
        LeadTime[i] = item.LeadTime;
        OnHand[i] = item.OnHand;
        SafetyStock[i] = item.SafetyStock;
        var lot = item.LotSizing ?? LotSizing.LotForLot;
        Rule[i] = lot.Rule;
        LotQuantity[i] = lot.Rule switch
        {
            LotSizingRule.Foq => lot.Quantity ?? 0,
            LotSizingRule.Eoq => lot.EconomicQuantity,
            _ => 0,
        };
        PoqPeriods[i] = lot.Rule == LotSizingRule.Poq ? lot.Periods ?? 1 : 0;
        MinQty[i] = item.MinQty;
        Multiple[i] = item.Multiple;
        MaxQty[i] = item.MaxQty;
        Discrete[i] = item.Discrete;
    }

    private (int[] Start, int[] Idx) Group(int count, Func<int, int> itemOf)
    {
        var start = new int[N + 1];
        var owner = new int[count];
        for (var k = 0; k < count; k++)
        {
            owner[k] = itemOf(k);
            start[owner[k] + 1]++;
        }

        for (var i = 0; i < N; i++)
        {
            start[i + 1] += start[i];
        }

        var idx = new int[count];
        var fill = (int[])start.Clone();
        for (var k = 0; k < count; k++)
        {
            idx[fill[owner[k]]++] = k;
        }

        return (start, idx);
    }

    /// <summary>Bucket index 0..H−1 of an exchange period, or −1 when beyond the horizon (period ≤ 0 counts in period 1).</summary>
    public int Bucket(int period) => period > H ? -1 : period <= 1 ? 0 : period - 1;
}
