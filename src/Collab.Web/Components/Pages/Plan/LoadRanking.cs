using Collab.Contracts.Plan;

namespace Collab.Web.Components.Pages.Plan;

/// <summary>The load page's order: overloaded workstations first (most overloaded weeks, then highest peak), then the others by peak load.</summary>
public static class LoadRanking
{
    public static IReadOnlyList<WorkstationLoadRow> Order(IEnumerable<WorkstationLoadRow> rows) =>
        [.. rows.OrderByDescending(r => r.Weeks.Count(w => w.Overloaded))
            .ThenByDescending(r => r.Weeks.Select(w => w.Utilisation).DefaultIfEmpty(0).Max())
            .ThenBy(r => r.Workstation, StringComparer.Ordinal)];
}
