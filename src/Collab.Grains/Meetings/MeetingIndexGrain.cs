using System.Globalization;
using System.Text;
using Collab.Contracts.Meetings;
using Orleans.Runtime;

namespace Collab.Grains.Meetings;

/// <summary>Read model of the meetings of a site: series, history (searchable), the running meeting.</summary>
public sealed class MeetingIndexGrain(
    [PersistentState("meetingIndex")] IPersistentState<MeetingIndexState> state) : Grain, IMeetingIndexGrain
{
    Task IMeetingIndexGrain.UpsertSeriesAsync(MeetingSeriesSummary series) =>
        WriteAsync(s =>
        {
            if (s.Series.TryGetValue(series.Id, out var known) && known.Version > series.Version)
            {
                return false;
            }

            s.Series[series.Id] = series;
            return true;
        });

    Task IMeetingIndexGrain.UpsertAsync(MeetingSummary meeting) =>
        WriteAsync(s =>
        {
            if (s.Meetings.TryGetValue(meeting.Id, out var known) && known.Version > meeting.Version)
            {
                return false; // an older update arriving late never overwrites a newer one
            }

            s.Meetings[meeting.Id] = meeting;
            return true;
        });

    Task<IReadOnlyList<MeetingSeriesSummary>> IMeetingIndexGrain.ListSeriesAsync() =>
        Task.FromResult<IReadOnlyList<MeetingSeriesSummary>>([.. state.State.Series.Values.OrderBy(s => s.Cancelled).ThenBy(s => s.Start).ThenBy(s => s.Title, StringComparer.CurrentCulture)]);

    Task<IReadOnlyList<MeetingSummary>> IMeetingIndexGrain.SearchAsync(MeetingSearch search)
    {
        var words = Fold(search.Text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        IReadOnlyList<MeetingSummary> result = [.. state.State.Meetings.Values
            .Where(m => (search.From is null || m.Day >= search.From) && (search.To is null || m.Day <= search.To)
                && (search.Type is null || m.Type == search.Type)
                && words.All(w => m.SearchText.Contains(w, StringComparison.Ordinal)))
            .OrderByDescending(m => m.Day).ThenByDescending(m => m.OpenedAt)
            .Take(Math.Clamp(search.Max, 1, 1000))];
        return Task.FromResult(result);
    }

    Task<MeetingSummary?> IMeetingIndexGrain.GetRunningAsync() =>
        Task.FromResult(state.State.Meetings.Values.Where(m => m.Status == MeetingStatus.Open).OrderByDescending(m => m.OpenedAt).FirstOrDefault());

    /// <summary>Lower case without accents, single spaces: "Décision" and "decision" match.</summary>
    public static string Fold(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            sb.Append(char.IsWhiteSpace(c) ? ' ' : char.ToLowerInvariant(c));
        }

        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    private async Task WriteAsync(Func<MeetingIndexState, bool> apply)
    {
        try
        {
            if (apply(state.State))
            {
                await state.WriteStateAsync();
            }
        }
        catch
        {
            await state.ReadStateAsync();
            throw;
        }
    }
}

[GenerateSerializer, Alias("Collab.MeetingIndexState")]
public sealed class MeetingIndexState
{
    [Id(0)] public Dictionary<string, MeetingSeriesSummary> Series { get; set; } = [];
    [Id(1)] public Dictionary<string, MeetingSummary> Meetings { get; set; } = [];
}
