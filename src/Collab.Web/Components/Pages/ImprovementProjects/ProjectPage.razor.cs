using System.Globalization;
using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Projects;
using Collab.Web.Components.Pages.Orders;
using Collab.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Radzen;

namespace Collab.Web.Components.Pages.ImprovementProjects;

public partial class ProjectPage
{
    [Parameter]
    public string Number { get; set; } = "";

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private IAuthorizationService Authorization { get; set; } = default!;

    [Inject]
    private Collab.Web.Components.Pages.Meetings.MeetingService Meetings { get; set; } = default!;

    [Inject]
    private Microsoft.Extensions.Localization.IStringLocalizer<Collab.Web.Resources.PeopleResource> PeopleText { get; set; } = default!;

    [Inject]
    private Microsoft.Extensions.Localization.IStringLocalizer<Collab.Web.Resources.ProjectsResource> Pj { get; set; } = default!;

    /// <summary>The project's typed data in the reader's language (history, phases, parameter changes).</summary>
    private ProjectText Words => words ??= new ProjectText(Pj, L, Pl, People.Name);

    private ProjectText? words;

    private sealed record KpiPoint(string Date, double Value);

    private sealed record LoadBar(string Workstation, string Side, double Percent);

    private sealed record WeekPoint(string Week, double Before, double After, double Available);

    private ImprovementProjectView? view;
    private IReadOnlyList<HistoryEntry> history = [];
    private bool loaded;
    private bool busy;
    private bool canLead;
    private bool canContribute;
    private bool canPlanReview;
    private Collab.Contracts.Meetings.MeetingSeriesView? plannedReview;
    private string user = "";
    private string? conflict;
    private List<string> errors = [];
    private IDisposable? subscription;

    private ProjectMethod charterMethod = ProjectMethod.Pdca;
    private string? charterSponsor;
    private string? charterLead;
    private IEnumerable<string> charterTeam = [];
    private DateTime? charterDate;
    private string charterScope = "";
    private string rejectReason = "";
    private string gateComment = "";

    private readonly Dictionary<A3Section, string> a3Edits = [];
    private string whyProblem = "";
    private readonly string[] whys = new string[5];
    private string whyRoot = "";
    private string effect = "";
    private bool sixM = true;
    private IshikawaCategory causeCategory = IshikawaCategory.Machine;
    private string causeText = "";

    private string actionTitle = "";
    private string? actionOwner;
    private DateTime? actionDue;

    private string kpiName = "";
    private string kpiUnit = "";
    private string kpiBaseline = "";
    private string kpiTarget = "";
    private string? kpiBaselineError;
    private string? kpiTargetError;
    private readonly Dictionary<Guid, string> measureTexts = [];
    private readonly Dictionary<Guid, string> measureErrors = [];
    private readonly Dictionary<Guid, DateTime?> measureDates = [];
    private double[] estimatedGains = new double[4];
    private double[] confirmedGains = new double[4];

    private ParameterKind changeKind = ParameterKind.SetupTimePercent;
    private string changeTarget = "";
    private string changeItem = "";
    private double changeValue = -50;

    private static readonly ProjectMethod[] Methods = Enum.GetValues<ProjectMethod>();

    private static readonly ParameterKind[] ParamKinds = Enum.GetValues<ParameterKind>();

    private bool Editable => canLead && view is { Status: ProjectStatus.Active };

    private bool IsSponsor => view?.Sponsor is { } s && string.Equals(s, user, StringComparison.OrdinalIgnoreCase);

    private bool IsItemKind => changeKind is ParameterKind.LotSize or ParameterKind.LeadTimeDays or ParameterKind.SafetyStock;

    protected override async Task OnInitializedAsync()
    {
        var principal = (await AuthenticationState).User;
        user = principal.Identity?.Name ?? "";
        canLead = (await Authorization.AuthorizeAsync(principal, Policies.CanLeadProjects)).Succeeded;
        canPlanReview = canLead || (await Authorization.AuthorizeAsync(principal, Policies.CanFacilitate)).Succeeded;
        foreach (var policy in Policies.RolesByPolicy.Keys)
        {
            canContribute |= (await Authorization.AuthorizeAsync(principal, policy)).Succeeded;
        }

        charterLead = user;
        charterDate = Projects.Today.AddDays(90).ToDateTime(TimeOnly.MinValue);
        actionDue = Projects.Today.AddDays(14).ToDateTime(TimeOnly.MinValue);
        subscription = Live.Subscribe(ObjectKind.ImprovementProject, null, async change =>
        {
            if (change.Object.Id.EndsWith("/" + Number, StringComparison.Ordinal) && change.User != user)
            {
                await InvokeAsync(async () =>
                {
                    await LoadAsync();
                    StateHasChanged();
                });
            }
        });
        await LoadAsync();
        loaded = true;
    }

    private async Task LoadAsync()
    {
        view = await Projects.GetAsync(Number);
        if (view is not null)
        {
            history = [.. (await Projects.GetHistoryAsync(Number)).Reverse()];
            Reset(view);
        }
    }

    private void Reset(ImprovementProjectView v)
    {
        a3Edits.Clear();
        effect = v.Ishikawa.Effect;
        sixM = v.Ishikawa.SixM;
        estimatedGains = Gains(v.EstimatedGains);
        // Confirmed gains are measured in the Check phase: never pre-filled from the estimate.
        confirmedGains = Gains(v.ConfirmedGains);
    }

    /// <summary>Gains are confirmed from the Check phase on (the grain refuses earlier; the button says so before).</summary>
    private bool CanConfirmGains => view is { } v && v.Phase >= ProjectPhases.CheckPhase(v.Method);

    private static double[] Gains(ProjectGains? g) => g is null ? new double[4] : [g.EurosPerYear, g.Hours, g.LeadTimeDays, g.ScrapPercent];

    private string A3Text(A3Section s) => a3Edits.TryGetValue(s, out var t) ? t : view?.Section(s) ?? "";

    /// <summary>Runs a project command (an explicit <see cref="Collab.Web.Services.IProjectService"/> method) and shows
    /// refusals (French messages from the grain) or version conflicts.</summary>
    private async Task<bool> RunAsync(Func<Task<ImprovementProjectView>> command)
    {
        busy = true;
        errors = [];
        conflict = null;
        try
        {
            view = await command();
            history = [.. (await Projects.GetHistoryAsync(Number)).Reverse()];
            Reset(view);
            Notifications.Notify(NotificationSeverity.Success, L["PB.Saved"], "");
            return true;
        }
        catch (CommandRejectedException e)
        {
            errors = [.. Refusals.Words(e)];
        }
        catch (VersionConflictException e)
        {
            conflict = Conflict.Message(L, People, e);
            await LoadAsync();
        }
        catch (Collab.Web.Services.ForbiddenActionException)
        {
            errors = [L["IP.Forbidden"]];
        }
        finally
        {
            busy = false;
        }

        return false;
    }

    /// <summary>"Planifier une revue": a "revue de projet" series for this project (meeting room), then a link to the meetings.</summary>
    private async Task PlanReviewAsync()
    {
        busy = true;
        errors = [];
        try
        {
            plannedReview = await Meetings.PlanProjectReviewAsync(Number, user);
        }
        catch (CommandRejectedException e)
        {
            errors = [.. Refusals.Words(e)];
        }
        catch (Collab.Web.Services.ForbiddenActionException)
        {
            errors = [L["IP.Forbidden"]];
        }
        finally
        {
            busy = false;
        }
    }

    private Task AcceptAsync()
    {
        var date = DateOnly.FromDateTime(charterDate ?? DateTime.Today);
        var charter = new ProjectCharter(charterMethod, charterSponsor ?? "", charterLead ?? "", [.. charterTeam], date, charterScope);
        return RunAsync(() => Projects.AcceptAsync(Number, charter, view!.Version, user));
    }

    private Task ApplyChangesAsync() => RunAsync(() => Projects.ApplyChangesAsync(Number, view!.Version, user));

    private Task RejectAsync() => RunAsync(() => Projects.RejectIdeaAsync(Number, rejectReason, view!.Version, user));

    private Task RequestGateAsync()
    {
        // The grain refuses an incomplete gate too; here the reader sees which checks, in their language.
        var unmet = view!.Checklist.Where(c => !c.Met).Select(GateText).ToList();
        if (unmet.Count > 0)
        {
            errors = [Pj["PJ.Gate.Incomplete", string.Join(" ; ", unmet)]];
            conflict = null;
            return Task.CompletedTask;
        }

        return RunAsync(() => Projects.RequestGateAsync(Number, view!.Version, user));
    }

    private string GateText(GateCheck c) => c.Kind is { } kind ? Pl[$"PL.Gate.{kind}"].Value : c.Label;

    private Task ApproveChangesAsync() => RunAsync(() => Projects.ApproveChangesAsync(Number, view!.Version, user));

    private Task RemoveWhyChainAsync(Guid chainId) => RunAsync(() => Projects.RemoveWhyChainAsync(Number, chainId, view!.Version, user));

    private Task RemoveCauseAsync(Guid causeId) => RunAsync(() => Projects.RemoveCauseAsync(Number, causeId, view!.Version, user));

    private Task RemoveChangeAsync(Guid changeId) => RunAsync(() => Projects.RemoveParameterChangeAsync(Number, changeId, view!.Version, user));

    private async Task DecideGateAsync(bool approve)
    {
        if (await RunAsync(() => Projects.DecideGateAsync(Number, approve, gateComment, view!.Version, user)))
        {
            gateComment = "";
        }
    }

    private async Task SaveA3Async()
    {
        foreach (var (section, text) in a3Edits.ToList())
        {
            if (text.Trim() == view!.Section(section))
            {
                continue;
            }

            var edits = a3Edits.ToDictionary();
            if (!await RunAsync(() => Projects.SetA3SectionAsync(Number, section, text, view!.Version, user)))
            {
                foreach (var (s, t) in edits)
                {
                    a3Edits[s] = t;
                }

                return;
            }

            foreach (var (s, t) in edits.Where(e => e.Key != section))
            {
                a3Edits[s] = t;
            }
        }
    }

    private async Task AddWhyAsync()
    {
        var chain = new WhyChain(Guid.Empty, whyProblem, [.. whys.Select(w => w ?? "")], whyRoot);
        if (await RunAsync(() => Projects.SaveWhyChainAsync(Number, chain, view!.Version, user)))
        {
            whyProblem = "";
            whyRoot = "";
            Array.Clear(whys);
        }
    }

    private Task SaveEffectAsync() => RunAsync(() => Projects.SetIshikawaEffectAsync(Number, effect, sixM, view!.Version, user));

    private async Task AddCauseAsync()
    {
        if (await RunAsync(() => Projects.AddCauseAsync(Number, causeCategory, causeText, view!.Version, user)))
        {
            causeText = "";
        }
    }

    private async Task AddActionAsync()
    {
        errors = [];
        if (string.IsNullOrWhiteSpace(actionOwner))
        {
            // No default owner: the person who will do it is chosen, never assumed.
            errors = [PeopleText["People.OwnerRequired"]];
            return;
        }

        busy = true;
        try
        {
            await Projects.AddActionAsync(Number, new NewAction(actionTitle, null, actionOwner, DateOnly.FromDateTime(actionDue ?? DateTime.Today), ActionPriority.Normal, null), user);
            actionTitle = "";
            actionOwner = null;
            await LoadAsync();
        }
        catch (CommandRejectedException e)
        {
            errors = [.. Refusals.Words(e)];
        }
        finally
        {
            busy = false;
        }
    }

    private async Task SetActionAsync(ActionItem action, ActionStatus status)
    {
        busy = true;
        errors = [];
        try
        {
            await Projects.SetActionStatusAsync(Number, action, status, user);
            await LoadAsync();
        }
        catch (CommandRejectedException e)
        {
            errors = [.. Refusals.Words(e)];
        }
        catch (VersionConflictException e)
        {
            conflict = Conflict.Message(L, People, e);
            await LoadAsync();
        }
        finally
        {
            busy = false;
        }
    }

    private async Task AddKpiAsync()
    {
        kpiBaselineError = KpiInput.TryParse(kpiBaseline, kpiUnit, out var baseline);
        kpiTargetError = KpiInput.TryParse(kpiTarget, kpiUnit, out var target);
        if (kpiBaselineError is not null || kpiTargetError is not null)
        {
            return;
        }

        if (await RunAsync(() => Projects.AddKpiAsync(Number, kpiName, kpiUnit, baseline, target, view!.Version, user)))
        {
            kpiName = kpiUnit = kpiBaseline = kpiTarget = "";
        }
    }

    private DateTime? MeasureDate(Guid kpi) => measureDates.TryGetValue(kpi, out var d) ? d : Projects.Today.ToDateTime(TimeOnly.MinValue);

    private async Task AddMeasureAsync(ProjectKpi kpi)
    {
        var error = KpiInput.TryParse(measureTexts.GetValueOrDefault(kpi.Id), kpi.Unit, out var value);
        if (error is not null)
        {
            measureErrors[kpi.Id] = error;
            return;
        }

        measureErrors.Remove(kpi.Id);
        var date = DateOnly.FromDateTime(MeasureDate(kpi.Id) ?? DateTime.Today);
        if (await RunAsync(() => Projects.AddMeasureAsync(Number, kpi.Id, date, value, view!.Version, user)))
        {
            measureTexts.Remove(kpi.Id);
        }
    }

    private Task SaveGainsAsync(bool confirmed)
    {
        var g = confirmed ? confirmedGains : estimatedGains;
        var gains = new ProjectGains(g[0], g[1], g[2], g[3]);
        return confirmed
            ? RunAsync(() => Projects.ConfirmGainsAsync(Number, gains, view!.Version, user))
            : RunAsync(() => Projects.SetEstimatedGainsAsync(Number, gains, view!.Version, user));
    }

    private async Task AddChangeAsync()
    {
        var change = new ParameterChange(Guid.Empty, changeKind, changeTarget, changeKind is ParameterKind.SetupTimePercent or ParameterKind.RunTimePercent && !string.IsNullOrWhiteSpace(changeItem) ? changeItem : null, changeValue);
        if (await RunAsync(() => Projects.SaveParameterChangeAsync(Number, change, view!.Version, user)))
        {
            changeTarget = changeItem = "";
        }
    }

    private async Task SimulateAsync()
    {
        busy = true;
        errors = [];
        try
        {
            await Projects.SimulateAsync(Number, user);
            await LoadAsync();
        }
        catch (CommandRejectedException e)
        {
            errors = [.. Refusals.Words(e)];
        }
        finally
        {
            busy = false;
        }
    }

    private string ChangeText(ParameterChange c) => Words.Parameter(c);

    private static (DateOnly From, DateOnly To) TimelineRange(IReadOnlyList<ActionItem> actions)
    {
        var from = actions.Min(a => DateOnly.FromDateTime(a.CreatedAt.UtcDateTime) is var c && c < a.Due ? c : a.Due);
        var to = actions.Max(a => a.Due);
        return (from.AddDays(-1), to.AddDays(1));
    }

    private static string Pct(double v) => Math.Clamp(v, 0, 100).ToString("0.##", CultureInfo.InvariantCulture);

    private static string N(double v) => v.ToString("N1", CultureInfo.CurrentCulture);

    private static string Pct1(double v) => (v / 100).ToString("P1", CultureInfo.CurrentCulture);

    private string Euros(double v) => L["IP.Euros", v.ToString("N0", CultureInfo.CurrentCulture)];

    /// <summary>"better" when <paramref name="smaller"/> is below <paramref name="larger"/>, "worse" when above.</summary>
    private static string Better(double smaller, double larger) => smaller < larger - 1e-9 ? "better" : smaller > larger + 1e-9 ? "worse" : "";

    public void Dispose() => subscription?.Dispose();
}
