using System.Globalization;
using System.Text;
using Collab.Contracts.Meetings;
using Collab.Grains.Common;
using Orleans.Runtime;

namespace Collab.Grains.Meetings;

/// <summary>Read model of the meetings of a site: series, history (searchable), the running meeting.</summary>
public sealed class MeetingIndexGrain(
    [PersistentState("meetingIndex")] IPersistentState<MeetingIndexState> state) : Grain, IMeetingIndexGrain
{
    Task IMeetingIndexGrain.UpsertSeriesAsync(MeetingSeriesSummary series) =>
        state.SaveIfChangedAsync(this, s => ReadModel.UpsertNewer(s.Series, series.Id, series, x => x.Version));

    Task IMeetingIndexGrain.UpsertAsync(MeetingSummary meeting) =>
        state.SaveIfChangedAsync(this, s => ReadModel.UpsertNewer(s.Meetings, meeting.Id, meeting, x => x.Version));

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
}

[GenerateSerializer, Alias("Collab.MeetingIndexState")]
public sealed class MeetingIndexState
{
    [Id(0)] public Dictionary<string, MeetingSeriesSummary> Series { get; set; } = [];
    [Id(1)] public Dictionary<string, MeetingSummary> Meetings { get; set; } = [];
}
