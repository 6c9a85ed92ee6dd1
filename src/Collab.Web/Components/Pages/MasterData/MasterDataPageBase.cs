using System.Globalization;
using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Sites;
using Collab.Domain.MasterData;
using Collab.Web.Components.Pages.Plan;
using Collab.Web.Resources;
using Collab.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;

namespace Collab.Web.Components.Pages.MasterData;

/// <summary>
/// What every master-data page shares: the user and their rights, live refresh when the site's master data changes,
/// and the one command runner (busy flag; typed problems worded by <see cref="MasterDataProblemText"/>; a stale edit
/// says who changed what and keeps what the user typed; a refused role says so).
/// </summary>
public abstract class MasterDataPageBase : ComponentBase, IDisposable
{
    [Inject] protected MasterDataService Service { get; set; } = default!;
    [Inject] protected MasterDataProblemText ProblemText { get; set; } = default!;

    [Inject] protected Collab.Web.Components.Shared.RefusalText RefusalWords { get; set; } = default!;
    [Inject] protected IStringLocalizer<MasterDataResource> M { get; set; } = default!;
    [Inject] private IStringLocalizer<PlannerResource> Pl { get; set; } = default!;
    [Inject] private LiveUpdates Live { get; set; } = default!;
    [Inject] protected Collab.Web.Components.Pages.People.UserDirectory People { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private IDisposable? _subscription;

    protected string UserName { get; private set; } = "";
    protected bool CanPlan { get; private set; }
    protected bool CanBuy { get; private set; }
    protected bool Busy { get; private set; }
    protected List<string> Errors { get; } = [];
    protected string? Conflict { get; private set; }
    protected string? Saved { get; set; }

    protected override async Task OnInitializedAsync()
    {
        UserName = (await AuthenticationState).User.Identity?.Name ?? "";
        CanPlan = await Service.CanPlanAsync(UserName);
        CanBuy = await Service.CanBuyAsync(UserName);
        _subscription = Live.Subscribe(ObjectKind.Site, null, change => InvokeAsync(async () =>
        {
            if (!Busy)
            {
                await LoadAsync();
                StateHasChanged();
            }
        }));
        await LoadAsync();
    }

    protected abstract Task LoadAsync();

    /// <summary>Runs a command; true when it went through (then the page reloads).</summary>
    protected async Task<bool> RunAsync(Func<Task> command, string? savedText = null)
    {
        Errors.Clear();
        Conflict = null;
        Saved = null;
        Busy = true;
        try
        {
            await command();
            Saved = savedText ?? M["Common.Saved"];
            Busy = false;
            await LoadAsync();
            return true;
        }
        catch (MasterDataRejectedException e)
        {
            Errors.AddRange(ProblemText.Describe(e.Problems));
        }
        catch (MasterDataConflictException e)
        {
            var what = string.Join(", ", e.Changes.Select(c => M["Common.ChangeLine", ChangeField(c), HistoryValue(c, c.From), HistoryValue(c, c.To)].Value));
            Conflict = M["Common.Conflict", e.Current.ModifiedBy is null ? "?" : People.Name(e.Current.ModifiedBy), e.Current.ModifiedAt?.ToLocalTime().ToString("HH:mm", CultureInfo.CurrentCulture) ?? "?", what];
        }
        catch (VersionConflictException e)
        {
            Conflict = M["Common.Conflict", e.ModifiedBy is null ? "?" : People.Name(e.ModifiedBy), e.ModifiedAt?.ToLocalTime().ToString("HH:mm", CultureInfo.CurrentCulture) ?? "?", ""];
        }
        catch (ForbiddenActionException)
        {
            Errors.Add(M["Common.Forbidden"]);
        }
        catch (CommandRejectedException e)
        {
            Errors.AddRange(RefusalWords.Words(e));
        }
        finally
        {
            Busy = false;
        }

        return false;
    }

    /// <summary>"Modifié par X à HH:MM" of a record (empty for a new one).</summary>
    protected string ModifiedText(Collab.Contracts.Sites.MasterDataStamp? stamp) =>
        stamp is { Version: > 0 } s ? M["Common.ModifiedBy", People.Name(s.ModifiedBy), s.ModifiedAt?.ToLocalTime().ToString("dd/MM HH:mm", CultureInfo.CurrentCulture) ?? "?", s.Version] : "";

    /// <summary>
    /// A value of a history line in words: make/buy and lot rules by their labels, people by their names; anything else
    /// as stored ("—" when empty).
    /// </summary>
    protected string HistoryValue(FieldChange change, string? value) => value is null ? "—" : change.Key is not null ? PlanText.Value(Pl, change, value) : change.Field switch
    {
        "Source" or "LotRule" when M[$"{change.Field}.{value}"] is { ResourceNotFound: false } word => word,
        "Buyer" or "Planner" => People.Name(value),
        _ => value,
    };

    /// <summary>The field of a history line: typed changes (BOM, routing, stock…) worded with their subject, record
    /// fields by their form label.</summary>
    protected string ChangeField(FieldChange change) => change.Key is not null ? PlanText.Field(Pl, change) : ProblemText.Field(change.Field);

    protected static string Num(double value) => value.ToString("0.###", CultureInfo.CurrentCulture);

    /// <summary>
    /// What a number field of these pages reads (RadzenNumeric's ConvertValue): decimal comma or point whatever the
    /// language, spaces as thousands separators, empty = 0. A text that is not a number becomes NaN, which the one
    /// validator refuses ("n'est pas un nombre"): never a silent 0 (Radzen's own parsing turned "0.5" typed on a French
    /// page, or "dix", into 0).
    /// </summary>
    protected static double ParseNumber(string? text)
    {
        var t = (text ?? "").Trim().Replace(" ", "", StringComparison.Ordinal).Replace("\u00a0", "", StringComparison.Ordinal).Replace("\u202f", "", StringComparison.Ordinal);
        if (t.Length == 0)
        {
            return 0;
        }

        t = t.Contains(',', StringComparison.Ordinal) && !t.Contains('.', StringComparison.Ordinal) ? t.Replace(',', '.') : t;
        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        GC.SuppressFinalize(this);
    }
}
