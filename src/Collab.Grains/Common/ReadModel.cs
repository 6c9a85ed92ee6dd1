namespace Collab.Grains.Common;

/// <summary>Rules shared by the read-model grains (order registry, action index, meeting index, portfolio).</summary>
public static class ReadModel
{
    /// <summary>
    /// Stores <paramref name="row"/> unless a newer version of it is already there: an older update arriving late never
    /// overwrites a newer one. Returns whether anything changed (the caller writes only then).
    /// </summary>
    public static bool UpsertNewer<TKey, TRow>(Dictionary<TKey, TRow> rows, TKey key, TRow row, Func<TRow, long> version)
        where TKey : notnull
    {
        if (rows.TryGetValue(key, out var known) && version(known) > version(row))
        {
            return false;
        }

        rows[key] = row;
        return true;
    }
}
