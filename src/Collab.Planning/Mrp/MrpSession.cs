namespace Collab.Planning.Mrp;

/// <summary>
/// Net-change MRP: keeps the arrays of the last run and, after one change (a demand, a
/// scheduled receipt, an item's stock or parameters), replans only the changed item and the
/// components its new releases reach, level by level. The records are computed by the same
/// code in the same summation order as a full run, so the result is identical to a full
/// regenerative run of the edited input. BOM changes need a new session (full run).
/// Not thread-safe: one session per plan owner.
/// </summary>
public sealed class MrpSession
{
    private readonly MrpModel _model;
    private readonly MrpState _state;
    private readonly MrpItem[] _items;
    private readonly List<int>[] _levelQueue;
    private readonly bool[] _dirty;
    private readonly double[] _scratch;

    private MrpSession(MrpInput input)
    {
        _model = MrpModel.Compile(input);
        _state = new MrpState(_model);
        _state.RunAll();
        _state.EnableEditing();
        _items = [.. input.Items];
        _levelQueue = new List<int>[_model.Levels];
        for (var l = 0; l < _levelQueue.Length; l++)
        {
            _levelQueue[l] = [];
        }

        _dirty = new bool[_model.N];
        _scratch = new double[_model.H];
        LastRecomputedItems = _model.N;
    }

    /// <summary>Full run of <paramref name="input"/>, kept for later net changes.</summary>
    public static MrpSession Start(MrpInput input) => new(input);

    /// <summary>How many item records the last operation recomputed.</summary>
    public int LastRecomputedItems { get; private set; }

    /// <summary>The input as edited so far.</summary>
    public MrpInput Input => _model.Input with
    {
        Items = [.. _items],
        Demands = [.. _state.Demands],
        ScheduledReceipts = [.. _state.ScheduledReceipts],
    };

    /// <summary>A snapshot of the current plan (arrays copied; later changes do not affect it).</summary>
    public MrpResult Result() => new(Input, _model, _state, copy: true);

    /// <summary><see cref="Result"/>, refused like a full run (<see cref="MrpEngine.Run"/>) when a planned quantity passes the limits.</summary>
    public MrpResult CheckedResult()
    {
        var result = Result();
        result.CheckLimits();
        return result;
    }

    /// <summary>Replaces demand <paramref name="index"/> (quantity, period, item, firmness…).</summary>
    public int UpdateDemand(int index, MrpDemand demand)
    {
        if ((uint)index >= (uint)_state.Demands.Count)
        {
            throw Invalid($"$.demands[{index}]", "no such demand");
        }

        var newItem = ItemOf($"$.demands[{index}].item", demand.Item);
        CheckQuantity($"$.demands[{index}].qty", demand.Qty);
        var oldItem = _model.Index[_state.Demands[index].Item];
        _state.Demands[index] = demand;
        if (oldItem != newItem)
        {
            _state.DemandList(oldItem).Remove(index);
            InsertSorted(_state.DemandList(newItem), index);
            _state.FillDemandRow(oldItem);
        }

        _state.FillDemandRow(newItem);
        return Replan(oldItem, newItem);
    }

    /// <summary>Adds a demand at the end of the demand list.</summary>
    public int AddDemand(MrpDemand demand)
    {
        var item = ItemOf($"$.demands[{_state.Demands.Count}].item", demand.Item);
        CheckQuantity($"$.demands[{_state.Demands.Count}].qty", demand.Qty);
        _state.Demands.Add(demand);
        _state.DemandList(item).Add(_state.Demands.Count - 1);
        _state.FillDemandRow(item);
        return Replan(item, item);
    }

    /// <summary>Replaces scheduled receipt <paramref name="index"/>.</summary>
    public int UpdateScheduledReceipt(int index, MrpScheduledReceipt receipt)
    {
        if ((uint)index >= (uint)_state.ScheduledReceipts.Count)
        {
            throw Invalid($"$.scheduledReceipts[{index}]", "no such scheduled receipt");
        }

        var newItem = ItemOf($"$.scheduledReceipts[{index}].item", receipt.Item);
        CheckQuantity($"$.scheduledReceipts[{index}].qty", receipt.Qty);
        var oldItem = _model.Index[_state.ScheduledReceipts[index].Item];
        _state.ScheduledReceipts[index] = receipt;
        if (oldItem != newItem)
        {
            _state.ReceiptList(oldItem).Remove(index);
            InsertSorted(_state.ReceiptList(newItem), index);
            _state.FillReceiptRow(oldItem);
        }

        _state.FillReceiptRow(newItem);
        return Replan(oldItem, newItem);
    }

    /// <summary>Adds a scheduled receipt at the end of the list.</summary>
    public int AddScheduledReceipt(MrpScheduledReceipt receipt)
    {
        var item = ItemOf($"$.scheduledReceipts[{_state.ScheduledReceipts.Count}].item", receipt.Item);
        CheckQuantity($"$.scheduledReceipts[{_state.ScheduledReceipts.Count}].qty", receipt.Qty);
        _state.ScheduledReceipts.Add(receipt);
        _state.ReceiptList(item).Add(_state.ScheduledReceipts.Count - 1);
        _state.FillReceiptRow(item);
        return Replan(item, item);
    }

    /// <summary>Replaces an item's parameters (stock, safety stock, lead time, lot sizing…); the code names the item.</summary>
    public int UpdateItem(MrpItem item)
    {
        var i = ItemOf("$.items[?].code", item.Code);
        var probe = MrpValidator.Validate(new MrpInput { Periods = _model.H, Items = [item] });
        if (probe.Count > 0)
        {
            throw new InvalidMrpInputException([.. probe.Select(p => p with { Path = p.Path.Replace("$.items[0]", $"$.items[{i}]") })]);
        }

        _items[i] = item;
        _model.SetParameters(i, item);
        return Replan(i, i);
    }

    /// <summary>Sets an item's on-hand stock.</summary>
    public int SetOnHand(string code, double onHand) => UpdateItem(_items[ItemOf("$.items[?].code", code)] with { OnHand = onHand });

    private int Replan(int a, int b)
    {
        var m = _model;
        Mark(a);
        Mark(b);
        var count = 0;
        for (var level = Math.Min(m.LowLevelCode[a], m.LowLevelCode[b]); level < _levelQueue.Length; level++)
        {
            var queue = _levelQueue[level];
            for (var q = 0; q < queue.Count; q++)
            {
                var i = queue[q];
                _dirty[i] = false;
                count++;
                if (_state.PlanItem(i, _scratch))
                {
                    for (var e = m.ChildStart[i]; e < m.ChildStart[i + 1]; e++)
                    {
                        Mark(m.ChildItem[e]);
                    }
                }
            }

            queue.Clear();
        }

        LastRecomputedItems = count;
        return count;
    }

    private void Mark(int i)
    {
        if (!_dirty[i])
        {
            _dirty[i] = true;
            _levelQueue[_model.LowLevelCode[i]].Add(i);
        }
    }

    private int ItemOf(string path, string code) =>
        code is not null && _model.Index.TryGetValue(code, out var i) ? i : throw Invalid(path, $"unknown item '{code}'");

    private static void CheckQuantity(string path, double qty)
    {
        if (!(qty >= 0) || double.IsInfinity(qty))
        {
            throw Invalid(path, $"negative or invalid quantity {qty}");
        }
    }

    private static InvalidMrpInputException Invalid(string path, string message) => new([new InputProblem(path, message)]);

    private static void InsertSorted(List<int> list, int value)
    {
        var at = list.BinarySearch(value);
        list.Insert(at < 0 ? ~at : at, value);
    }
}
