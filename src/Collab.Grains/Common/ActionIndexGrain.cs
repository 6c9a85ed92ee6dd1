using Collab.Contracts.Common;
using Orleans.Runtime;

namespace Collab.Grains.Common;

/// <summary>Read model of all actions of a site. Persisted so that "Mes actions" survives restarts.</summary>
public sealed class ActionIndexGrain(
    [PersistentState("actions")] IPersistentState<ActionIndexState> state) : Grain, IActionIndexGrain
{
    Task IActionIndexGrain.UpsertAsync(ActionItem action) =>
        state.SaveIfChangedAsync(this, s => ReadModel.UpsertNewer(s.Actions, action.Id, action, a => a.Version));

    Task<IReadOnlyList<ActionItem>> IActionIndexGrain.QueryAsync(ActionQuery query)
    {
        IEnumerable<ActionItem> q = state.State.Actions.Values;
        if (query.Owner is { } owner)
        {
            q = q.Where(a => string.Equals(a.Owner, owner, StringComparison.OrdinalIgnoreCase));
        }

        if (query.OpenOnly)
        {
            q = q.Where(a => a.IsOpen);
        }

        if (query.OverdueOn is { } today)
        {
            q = q.Where(a => a.IsOverdue(today));
        }

        if (query.OriginKind is { } kind)
        {
            q = q.Where(a => a.Origin.Kind == kind);
        }

        IReadOnlyList<ActionItem> result = q.OrderBy(a => a.Due).ThenByDescending(a => a.Priority).ThenBy(a => a.Title, StringComparer.CurrentCulture).ToList();
        return Task.FromResult(result);
    }
}

[GenerateSerializer, Alias("Collab.ActionIndexState")]
public sealed class ActionIndexState
{
    [Id(0)] public Dictionary<Guid, ActionItem> Actions { get; set; } = [];
}
