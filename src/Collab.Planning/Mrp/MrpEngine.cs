namespace Collab.Planning.Mrp;

/// <summary>
/// Regenerative, bucketed, multi-level MRP (CBN) exactly as specified in the exchange format:
/// items planned once each by increasing low-level code over dense arrays.
/// </summary>
public static class MrpEngine
{
    /// <summary>Plans the input; throws <see cref="InvalidMrpInputException"/> listing every problem when invalid.</summary>
    public static MrpResult Run(MrpInput input)
    {
        var model = MrpModel.Compile(input);
        var state = new MrpState(model);
        state.RunAll();
        var result = new MrpResult(input, model, state, copy: false);
        result.CheckLimits();
        return result;
    }
}
