using Collab.Contracts.Common;

namespace Collab.Web.Services;

/// <summary>
/// How the detail pages read an object's history: the newest page only (histories live in chunk grains outside the
/// object and can hold thousands of lines, docs/architecture.md "History and threads"), returned oldest first as before.
/// </summary>
public static class HistoryReads
{
    /// <summary>Lines a detail page shows at most (its grid pages them by 10).</summary>
    public const int Recent = 200;

    public static async Task<IReadOnlyList<HistoryEntry>> GetRecentHistoryAsync(this IHasHistory holder, int take = Recent)
    {
        var page = await holder.GetHistoryPageAsync(0, take);
        return [.. page.Entries.Reverse()];
    }
}
