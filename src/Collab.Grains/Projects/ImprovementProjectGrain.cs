using System.Globalization;
using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Notifications;
using Collab.Contracts.Orders;
using Collab.Contracts.Projects;
using Collab.Contracts.Sites;
using Collab.Contracts.Workstations;
using Collab.Domain.People;
using Collab.Domain.Actions;
using Collab.Domain.Projects;
using Collab.Grains.Common;
using Orleans.Runtime;

namespace Collab.Grains.Projects;

public sealed class ImprovementProjectGrain(
    [PersistentState("project")] IPersistentState<ProjectState> state,
    TimeProvider clock) : ObjectGrain<ProjectState>(state, clock), IImprovementProjectGrain
{

    public const int MaxTitle = 200;
    public const int MaxText = 4000;

    protected override ObjectKind Kind => ObjectKind.ImprovementProject;

    private string SiteCode => ProjectKey.Parse(this.GetPrimaryKeyString()).Site;

    private string Number => ProjectKey.Parse(this.GetPrimaryKeyString()).Number;

    async Task<ImprovementProjectView> IImprovementProjectGrain.SubmitIdeaAsync(string title, string description, string user)
    {
        if (Exists)
        {
            throw new CommandRejectedException(Refusal.AlreadyExists, Number);
        }

        return await RunAsync(user, null, ProjectEvent.IdeaSubmitted, s =>
        {
            var t = RequireText(title, RefusalTerm.IdeaTitle, MaxTitle);
            var d = description?.Trim() ?? "";
            if (d.Length > MaxText)
            {
                throw new CommandRejectedException(Refusal.TooLong, RefusalTerm.Description, MaxText);
            }

            s.Site = SiteCode;
            s.Title = t;
            s.Description = d;
            s.SubmittedBy = user;
            s.SubmittedAt = Clock.GetUtcNow();
            s.Status = ProjectStatus.Idea;
            return [H(ProjectField.Idea, null, t)];
        }, mustExist: false);
    }

    Task<ImprovementProjectView?> IImprovementProjectGrain.GetAsync() => Task.FromResult(Exists ? View() : null);

    Task<IReadOnlyList<HistoryEntry>> IImprovementProjectGrain.GetHistoryAsync() => ReadHistoryAsync();

    async Task<ImprovementProjectView> IImprovementProjectGrain.AcceptAsync(ProjectCharter charter, long expectedVersion, string user)
    {
        EnsureExists();
        if (State.Status != ProjectStatus.Idea)
        {
            throw new CommandRejectedException(Refusal.OnlyIdeaAccepted);
        }

        if (expectedVersion != State.Version)
        {
            throw new VersionConflictException(expectedVersion, State.Version, State.ModifiedBy, State.ModifiedAt);
        }

        // Validated before a project number is taken: a refused charter consumes no number.
        ValidateCharter(charter, requireFuture: true);
        var projectNumber = Number.StartsWith("IDEE-", StringComparison.Ordinal) && State.ProjectNumber is null
            ? await GrainFactory.GetGrain<IProjectPortfolioGrain>(SiteCode).NextNumberAsync(Clock.GetUtcNow().Year)
            : State.ProjectNumber;
        return await RunAsync(user, expectedVersion, ProjectEvent.IdeaAccepted, s =>
        {
            if (s.Status != ProjectStatus.Idea)
            {
                throw new CommandRejectedException(Refusal.OnlyIdeaAccepted);
            }

            ValidateCharter(charter, requireFuture: true);
            SetCharter(s, charter);
            s.Status = ProjectStatus.Active;
            s.Phase = 0;
            s.ProjectNumber = projectNumber;
            return [H(ProjectField.Phase, nameof(ProjectStatus.Idea), ProjectHistoryValues.Phase(charter.Method, 0, ProjectStatus.Active)),
                H(ProjectField.Method, null, charter.Method.ToString()),
                H(ProjectField.ProjectNumber, null, projectNumber ?? Number),
                H(ProjectField.Sponsor, null, charter.Sponsor), H(ProjectField.Lead, null, charter.Lead)];
        });
    }

    Task<ImprovementProjectView> IImprovementProjectGrain.RejectIdeaAsync(string reason, long expectedVersion, string user) =>
        RunAsync(user, expectedVersion, ProjectEvent.IdeaRejected, s =>
        {
            if (s.Status != ProjectStatus.Idea)
            {
                throw new CommandRejectedException(Refusal.OnlyIdeaRejected);
            }

            s.RejectionReason = RequireText(reason, RefusalTerm.RejectionReason, MaxText);
            s.Status = ProjectStatus.Rejected;
            return [H(ProjectField.Status, nameof(ProjectStatus.Idea), nameof(ProjectStatus.Rejected))];
        });

    Task<ImprovementProjectView> IImprovementProjectGrain.UpdateCharterAsync(ProjectCharter charter, long expectedVersion, string user) =>
        RunAsync(user, expectedVersion, ProjectEvent.CharterChanged, s =>
        {
            RequireActive(s);
            RequireLead(s, user);
            if (charter.Method != s.Method)
            {
                throw new CommandRejectedException(Refusal.MethodFixed);
            }

            ValidateCharter(charter, requireFuture: false);
            var changes = new List<FieldChange>();
            Track(changes, ProjectField.Sponsor, s.Sponsor, charter.Sponsor.Trim());
            Track(changes, ProjectField.Lead, s.Lead, charter.Lead.Trim());
            Track(changes, ProjectField.Team, string.Join(", ", s.Team), string.Join(", ", Clean(charter.Team)));
            Track(changes, ProjectField.TargetDate, ProjectHistoryValues.Date(s.TargetDate), ProjectHistoryValues.Date(charter.TargetDate));
            Track(changes, ProjectField.Scope, s.Scope, charter.Scope.Trim());
            SetCharter(s, charter);
            return changes;
        });

    Task<ImprovementProjectView> IImprovementProjectGrain.SetA3SectionAsync(A3Section section, string text, long expectedVersion, string user) =>
        RunAsync(user, expectedVersion, ProjectEvent.A3Changed, s =>
        {
            RequireActive(s);
            RequireLead(s, user);
            var t = text?.Trim() ?? "";
            if (t.Length > MaxText)
            {
                throw new CommandRejectedException(Refusal.TooLong, RefusalTerm.Text, MaxText);
            }

            var key = section.ToString();
            var old = s.A3.GetValueOrDefault(key);
            s.A3[key] = t;
            return [H(ProjectField.A3Section, old, t, section.ToString())];
        });

    Task<ImprovementProjectView> IImprovementProjectGrain.SaveWhyChainAsync(WhyChain chain, long expectedVersion, string user) =>
        RunAsync(user, expectedVersion, ProjectEvent.WhyChainSaved, s =>
        {
            RequireActive(s);
            RequireLead(s, user);
            var problem = RequireText(chain.Problem, RefusalTerm.WhyProblem, MaxTitle);
            var whys = chain.Whys.Select(w => w?.Trim() ?? "").Where(w => w.Length > 0).ToList();
            var errors = new List<RefusalReason>();
            if (whys.Count == 0)
            {
                errors.Add(new(Refusal.NoWhy));
            }

            if (whys.Count > 7)
            {
                errors.Add(new(Refusal.TooManyWhys));
            }

            if (whys.Any(w => w.Length > MaxTitle))
            {
                errors.Add(new(Refusal.TooLong, RefusalTerm.Why, MaxTitle));
            }

            if (errors.Count > 0)
            {
                throw new CommandRejectedException(errors);
            }

            var root = string.IsNullOrWhiteSpace(chain.RootCause) ? null : chain.RootCause.Trim();
            var saved = new WhyChain(chain.Id == Guid.Empty ? Guid.NewGuid() : chain.Id, problem, whys, root);
            var i = s.Whys.FindIndex(w => w.Id == saved.Id);
            if (i >= 0)
            {
                s.Whys[i] = saved;
            }
            else
            {
                s.Whys.Add(saved);
            }

            return [H(ProjectField.WhyChain, null, $"{string.Join(" → ", whys)}{(root is null ? "" : $" ⇒ {root}")}", problem)];
        });

    Task<ImprovementProjectView> IImprovementProjectGrain.RemoveWhyChainAsync(Guid chainId, long expectedVersion, string user) =>
        RunAsync(user, expectedVersion, ProjectEvent.WhyChainRemoved, s =>
        {
            RequireActive(s);
            RequireLead(s, user);
            var chain = s.Whys.FirstOrDefault(w => w.Id == chainId) ?? throw new CommandRejectedException(Refusal.WhyChainNotFound);
            s.Whys.Remove(chain);
            return [H(ProjectField.WhyChain, string.Join(" → ", chain.Whys), null, chain.Problem)];
        });

    Task<ImprovementProjectView> IImprovementProjectGrain.SetIshikawaEffectAsync(string effect, bool sixM, long expectedVersion, string user) =>
        RunAsync(user, expectedVersion, ProjectEvent.IshikawaChanged, s =>
        {
            RequireActive(s);
            RequireLead(s, user);
            var e = RequireText(effect, RefusalTerm.IshikawaEffect, MaxTitle);
            if (!sixM && s.Causes.Any(c => c.Category == IshikawaCategory.Measurement))
            {
                throw new CommandRejectedException(Refusal.RemoveMeasureCausesFirst);
            }

            var old = s.Effect;
            s.Effect = e;
            s.SixM = sixM;
            return [H(ProjectField.Effect, old, e), H(ProjectField.Categories, null, sixM ? "6M" : "5M")];
        });

    Task<ImprovementProjectView> IImprovementProjectGrain.AddCauseAsync(IshikawaCategory category, string text, long expectedVersion, string user) =>
        RunAsync(user, expectedVersion, ProjectEvent.CauseAdded, s =>
        {
            RequireActive(s);
            RequireLead(s, user);
            var t = RequireText(text, RefusalTerm.Cause, 120);
            if (!Enum.IsDefined(category) || (!s.SixM && category == IshikawaCategory.Measurement))
            {
                throw new CommandRejectedException(Refusal.UnknownCauseCategory);
            }

            if (s.Causes.Count(c => c.Category == category) >= 8)
            {
                throw new CommandRejectedException(Refusal.TooManyCauses);
            }

            s.Causes.Add(new IshikawaCause(Guid.NewGuid(), category, t));
            return [H(ProjectField.Cause, null, t, category.ToString())];
        });

    Task<ImprovementProjectView> IImprovementProjectGrain.RemoveCauseAsync(Guid causeId, long expectedVersion, string user) =>
        RunAsync(user, expectedVersion, ProjectEvent.CauseRemoved, s =>
        {
            RequireActive(s);
            RequireLead(s, user);
            var cause = s.Causes.FirstOrDefault(c => c.Id == causeId) ?? throw new CommandRejectedException(Refusal.CauseNotFound);
            s.Causes.Remove(cause);
            return [H(ProjectField.Cause, cause.Text, null, cause.Category.ToString())];
        });

    Task<ImprovementProjectView> IImprovementProjectGrain.AddKpiAsync(string name, string unit, double baseline, double target, long expectedVersion, string user) =>
        RunAsync(user, expectedVersion, ProjectEvent.KpiAdded, s =>
        {
            RequireActive(s);
            RequireLead(s, user);
            var n = RequireText(name, RefusalTerm.KpiName, 120);
            var u = RequireText(unit, RefusalTerm.KpiUnit, 20);
            if (!double.IsFinite(baseline) || !double.IsFinite(target))
            {
                throw new CommandRejectedException(Refusal.KpiValuesNotNumbers);
            }

            if (baseline == target)
            {
                throw new CommandRejectedException(Refusal.KpiTargetEqualsBaseline);
            }

            if (s.Kpis.Any(k => string.Equals(k.Name, n, StringComparison.OrdinalIgnoreCase)))
            {
                throw new CommandRejectedException(Refusal.KpiExists, n);
            }

            s.Kpis.Add(new ProjectKpi(Guid.NewGuid(), n, u, baseline, target, []));
            return [H(ProjectField.Kpi, ProjectHistoryValues.Number(baseline), ProjectHistoryValues.Number(target), $"{n} ({u})")];
        });

    Task<ImprovementProjectView> IImprovementProjectGrain.AddMeasureAsync(Guid kpiId, DateOnly date, double value, long expectedVersion, string user) =>
        RunAsync(user, expectedVersion, ProjectEvent.MeasureAdded, s =>
        {
            RequireActive(s);
            RequireLead(s, user);
            var i = s.Kpis.FindIndex(k => k.Id == kpiId);
            if (i < 0)
            {
                throw new CommandRejectedException(Refusal.KpiNotFound);
            }

            if (!double.IsFinite(value))
            {
                throw new CommandRejectedException(Refusal.MeasureNotANumber);
            }

            if (date > DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime))
            {
                throw new CommandRejectedException(Refusal.MeasureInFuture);
            }

            var k = s.Kpis[i];
            s.Kpis[i] = k with { Measures = [.. k.Measures.Where(m => m.Date != date), new KpiMeasure(date, value, user)] };
            return [H(ProjectField.Measure, ProjectHistoryValues.Date(date), ProjectHistoryValues.Number(value), $"{k.Name} ({k.Unit})")];
        });

    Task<ImprovementProjectView> IImprovementProjectGrain.SetEstimatedGainsAsync(ProjectGains gains, long expectedVersion, string user) =>
        RunAsync(user, expectedVersion, ProjectEvent.EstimatedGainsSet, s =>
        {
            RequireActive(s);
            RequireLead(s, user);
            if (s.Phase > ProjectPhases.CheckPhase(s.Method))
            {
                throw new CommandRejectedException(Refusal.EstimatedGainsFrozen);
            }

            ValidateGains(gains);
            var old = s.EstimatedGains;
            s.EstimatedGains = gains;
            return GainChanges(old, gains);
        });

    Task<ImprovementProjectView> IImprovementProjectGrain.ConfirmGainsAsync(ProjectGains gains, long expectedVersion, string user) =>
        RunAsync(user, expectedVersion, ProjectEvent.GainsConfirmed, s =>
        {
            RequireActive(s);
            RequireLead(s, user);
            if (s.Phase < ProjectPhases.CheckPhase(s.Method))
            {
                throw new CommandRejectedException(Refusal.GainsConfirmedFromPhase, RefusalArg.Phase(s.Method, ProjectPhases.CheckPhase(s.Method)));
            }

            ValidateGains(gains);
            var old = s.ConfirmedGains;
            s.ConfirmedGains = gains;
            return GainChanges(old, gains);
        });

    async Task<ImprovementProjectView> IImprovementProjectGrain.SaveParameterChangeAsync(ParameterChange change, long expectedVersion, string user)
    {
        var data = await Site.GetMasterDataAsync();
        return await RunAsync(user, expectedVersion, ProjectEvent.ParameterChangeSaved, s =>
        {
            RequireActive(s);
            RequireLead(s, user);
            RequireNotApplied(s);
            var c = change with { Id = change.Id == Guid.Empty ? Guid.NewGuid() : change.Id, Target = change.Target?.Trim() ?? "", Item = string.IsNullOrWhiteSpace(change.Item) ? null : change.Item.Trim() };
            var errors = WhatIf.Validate(c, data);
            if (errors.Count > 0)
            {
                throw new CommandRejectedException(errors);
            }

            var i = s.Changes.FindIndex(x => x.Id == c.Id);
            var old = i >= 0 ? ProjectHistoryValues.Parameter(s.Changes[i]) : null;
            if (i >= 0)
            {
                s.Changes[i] = c;
            }
            else
            {
                s.Changes.Add(c);
            }

            s.ChangesApprovedBy = null;
            s.Simulation = null;
            return [H(ProjectField.Parameter, old, ProjectHistoryValues.Parameter(c))];
        });
    }

    Task<ImprovementProjectView> IImprovementProjectGrain.RemoveParameterChangeAsync(Guid changeId, long expectedVersion, string user) =>
        RunAsync(user, expectedVersion, ProjectEvent.ParameterChangeRemoved, s =>
        {
            RequireActive(s);
            RequireLead(s, user);
            RequireNotApplied(s);
            var c = s.Changes.FirstOrDefault(x => x.Id == changeId) ?? throw new CommandRejectedException(Refusal.ChangeNotFound);
            s.Changes.Remove(c);
            s.ChangesApprovedBy = null;
            s.Simulation = null;
            return [H(ProjectField.Parameter, ProjectHistoryValues.Parameter(c), null)];
        });

    async Task<SimulationResult> IImprovementProjectGrain.SimulateAsync(DateOnly today, string user)
    {
        EnsureExists();
        RequireActive(State);
        RequireLead(State, user);
        var site = Site;
        var data = await site.GetMasterDataAsync();
        var settings = await site.GetSettingsAsync();
        var orders = await GrainFactory.GetGrain<IOrderRegistryGrain>(SiteCode).QueryAsync(new OrderQuery(OpenOnly: true));
        var result = WhatIf.Compare(data, settings, orders, [.. State.Changes], today, Clock.GetUtcNow(), user, Sites.MasterDataRules.Validate);
        await RunAsync(user, null, ProjectEvent.Simulated, s =>
        {
            s.Simulation = result;
            return [H(ProjectField.LateOrders, ProjectHistoryValues.Number(result.Before.LateOrders), ProjectHistoryValues.Number(result.After.LateOrders)),
                H(ProjectField.OverloadedWorkstationWeeks, ProjectHistoryValues.Number(result.Before.OverloadedWorkstationWeeks), ProjectHistoryValues.Number(result.After.OverloadedWorkstationWeeks))];
        });
        return result;
    }

    Task<ImprovementProjectView> IImprovementProjectGrain.ApproveChangesAsync(long expectedVersion, string user) =>
        RunAsync(user, expectedVersion, ProjectEvent.ChangesApproved, s =>
        {
            RequireActive(s);
            RequireSponsor(s, user, Refusal.SponsorApprovesChanges);
            RequireNotApplied(s);
            if (s.Changes.Count == 0)
            {
                throw new CommandRejectedException(Refusal.NoParameterChanges);
            }

            if (s.Simulation is null)
            {
                throw new CommandRejectedException(Refusal.SimulateBeforeApproving);
            }

            s.ChangesApprovedBy = user;
            return [H(ProjectField.ApprovedBy, null, user)];
        });

    async Task<ImprovementProjectView> IImprovementProjectGrain.ApplyChangesAsync(long expectedVersion, string user)
    {
        EnsureExists();
        var s = State;
        RequireActive(s);
        if (expectedVersion != s.Version)
        {
            throw new VersionConflictException(expectedVersion, s.Version, s.ModifiedBy, s.ModifiedAt);
        }

        RequireNotApplied(s);
        if (s.ChangesApprovedBy is null)
        {
            throw new CommandRejectedException(Refusal.ChangesNotApproved);
        }

        if (s.Phase < ProjectPhases.ImplementPhase(s.Method))
        {
            throw new CommandRejectedException(Refusal.ChangesAppliedFromPhase, RefusalArg.Phase(s.Method, ProjectPhases.ImplementPhase(s.Method)));
        }

        if (!ActorContext.MayPlan)
        {
            throw new CommandRejectedException(Refusal.ApplyNeedsPlanner);
        }

        if (!ProjectPeopleRules.MayApplyChanges(s.Lead, s.Team, user, ActorContext.IsAdmin))
        {
            throw new CommandRejectedException(Refusal.ApplyNeedsLeadOrTeam);
        }

        var site = Site;
        var info = await site.GetInfoAsync();
        var before = await site.GetMasterDataAsync();
        var after = WhatIf.Apply(before, s.Changes, Sites.MasterDataRules.Validate);
        var diff = WhatIf.Diff(before, after);
        // One entry in the master-data history, naming the project (its number and title) before the field changes.
        await site.ApplyProjectChangeAsync(after, Self, [FieldChange.Of(HistoryField.Project, null, s.ProjectNumber ?? Number, subject: s.Title), .. diff], info.Version, user);
        foreach (var w in after.Workstations.Where(a => before.Workstations.First(b => b.Code == a.Code) is var b && (b.Machines != a.Machines || !b.HoursByDay.SequenceEqual(a.HoursByDay))))
        {
            var ws = GrainFactory.GetGrain<IWorkstationGrain>(WorkstationKey.Of(SiteCode, w.Code));
            if (await ws.GetAsync() is { } view)
            {
                await ws.UpdateCalendarAsync(w.HoursByDay, w.Machines, view.Data.Efficiency, view.Data.Closures, view.Version, user);
            }
        }

        return await RunAsync(user, expectedVersion, ProjectEvent.ChangesApplied, st =>
        {
            st.ChangesAppliedAt = Clock.GetUtcNow();
            st.ChangesAppliedBy = user;
            return [.. diff];
        });
    }

    async Task<ImprovementProjectView> IImprovementProjectGrain.RequestGateAsync(long expectedVersion, string user)
    {
        var view = await RunAsync(user, expectedVersion, ProjectEvent.GateRequested, s =>
        {
            RequireActive(s);
            if (!IsMember(s, user))
            {
                throw new CommandRejectedException(Refusal.GateRequestNeedsMember);
            }

            if (s.Gates.Any(g => g.Approved is null))
            {
                throw new CommandRejectedException(Refusal.GatePending);
            }

            RequireChecklist(s);
            s.Gates.Add(new GateRecord(s.Phase, user, Clock.GetUtcNow(), null, null, null, null));
            return [H(ProjectField.Phase, null, PhaseValue(s))];
        });
        if (!string.Equals(view.Sponsor, user, StringComparison.OrdinalIgnoreCase))
        {
            await Notify(view.Sponsor!, NotificationKind.GateRequested, user, view, Phase(view));
        }

        return view;
    }

    async Task<ImprovementProjectView> IImprovementProjectGrain.DecideGateAsync(bool approve, string? comment, long expectedVersion, string user)
    {
        PhaseRef? from = null;
        var view = await RunAsync(user, expectedVersion, approve ? ProjectEvent.GateApproved : ProjectEvent.GateRefused, s =>
        {
            RequireActive(s);
            RequireSponsor(s, user, Refusal.SponsorDecidesGate);
            var i = s.Gates.FindIndex(g => g.Approved is null);
            if (i < 0)
            {
                throw new CommandRejectedException(Refusal.NoGatePending);
            }

            var note = comment?.Trim();
            if (!approve && string.IsNullOrEmpty(note))
            {
                throw new CommandRejectedException(Refusal.GateRejectionReasonRequired);
            }

            if (approve)
            {
                RequireChecklist(s);
            }

            from = new PhaseRef(s.Method, s.Phase, s.Status);
            var fromValue = PhaseValue(s);
            s.Gates[i] = s.Gates[i] with { DecidedBy = user, DecidedAt = Clock.GetUtcNow(), Approved = approve, Comment = note };
            if (!approve)
            {
                return [H(ProjectField.Phase, fromValue, null), H(ProjectField.Comment, null, note)];
            }

            if (s.Phase + 1 >= ProjectPhases.Count(s.Method))
            {
                s.Status = ProjectStatus.Closed;
                s.ClosedAt = Clock.GetUtcNow();
            }
            else
            {
                s.Phase++;
            }

            return [H(ProjectField.Phase, fromValue, PhaseValue(s))];
        });
        if (view.Lead is { } lead && !string.Equals(lead, user, StringComparison.OrdinalIgnoreCase))
        {
            await Notify(lead, approve ? NotificationKind.GateApproved : NotificationKind.GateRefused, user, view, from, approve ? Phase(view) : null, approve ? null : comment?.Trim());
        }

        return view;
    }

    Task<ProjectReviewAgenda> IImprovementProjectGrain.GetReviewAgendaAsync(DateOnly today)
    {
        EnsureExists();
        var v = View();
        return Task.FromResult(new ProjectReviewAgenda(v.Id, v.Title, v.Method, v.PhaseKey, v.Checklist,
            [.. v.Actions.Where(a => a.IsOverdue(today)).OrderBy(a => a.Due)],
            [.. v.Kpis.Select(k => new ReviewKpi(k.Name, k.Unit, k.Baseline, k.Target, k.Last, k.TargetReached))], v.Lead, v.Sponsor, v.Phase));
    }

    protected override Task OnChangedAsync() =>
        GrainFactory.GetGrain<IProjectPortfolioGrain>(SiteCode).UpsertAsync(Summary(View()));

    private ISiteGrain Site => GrainFactory.GetGrain<ISiteGrain>(SiteCode);

    private async Task<ImprovementProjectView> RunAsync(string user, long? expectedVersion, ProjectEvent what, Func<ProjectState, IReadOnlyList<FieldChange>> apply, bool mustExist = true)
    {
        if (mustExist)
        {
            EnsureExists();
        }

        await ExecuteAsync(user, expectedVersion, what.ToString(), apply);
        var view = View();
        await GrainFactory.GetGrain<IProjectPortfolioGrain>(SiteCode).UpsertAsync(Summary(view));
        return view;
    }

    private Task Notify(string to, NotificationKind kind, string by, ImprovementProjectView project, PhaseRef? from, PhaseRef? next = null, string? comment = null) =>
        GrainFactory.GetGrain<INotificationInboxGrain>(to.ToLowerInvariant())
            .AddAsync(new NewNotification(kind, SiteCode, by, project.Title, Self, From: from, To: next, Comment: comment));

    private static PhaseRef Phase(ImprovementProjectView v) => new(v.Method, v.Phase, v.Status);

    private ImprovementProjectView View()
    {
        var s = State;
        var a3 = s.A3.Where(kv => Enum.TryParse<A3Section>(kv.Key, out _)).ToDictionary(kv => Enum.Parse<A3Section>(kv.Key), kv => kv.Value);
        var view = new ImprovementProjectView(Number, string.IsNullOrEmpty(s.Site) ? SiteCode : s.Site, s.Title, s.Description, s.SubmittedBy, s.SubmittedAt, s.Status, s.Method, s.Phase,
            s.Sponsor, s.Lead, [.. s.Team], s.TargetDate, s.Scope, a3, [.. s.Whys], new IshikawaDiagram(s.Effect, s.SixM, [.. s.Causes]), [.. s.Actions], [.. s.Kpis],
            s.EstimatedGains, s.ConfirmedGains, [.. s.Changes], s.ChangesApprovedBy, s.ChangesAppliedAt, s.Simulation, [.. s.Gates], [], s.RejectionReason,
            s.Version, s.ModifiedBy, s.ModifiedAt) { ProjectNumber = s.ProjectNumber };
        return view with { Checklist = ProjectRules.Checklist(view) };
    }

    public static ProjectSummary Summary(ImprovementProjectView v) =>
        new(v.Id, v.Title, v.Status, v.Method, v.Phase, v.PhaseKey, v.Lead, v.Sponsor, v.TargetDate, v.Scope,
            v.Actions.Count(a => a.IsOpen), [.. v.Actions.Where(a => a.IsOpen).Select(a => a.Due)],
            v.EstimatedGains ?? ProjectGains.Zero, v.ConfirmedGains ?? ProjectGains.Zero, v.PendingGate is not null, v.Version) { ProjectNumber = v.ProjectNumber };

    private void RequireChecklist(ProjectState s)
    {
        // The page lists the unmet checks in the reader's language (typed checklist); the refusal only counts them.
        var missing = ProjectRules.Checklist(View()).Count(c => !c.Met);
        if (missing > 0)
        {
            throw new CommandRejectedException(Refusal.ChecklistIncomplete, missing);
        }
    }


    private static string PhaseValue(ProjectState s) => ProjectHistoryValues.Phase(s.Method, s.Phase, s.Status);

    /// <summary>A typed project history change (worded by the Web, see <see cref="ProjectField"/>).</summary>
    private static FieldChange H(ProjectField field, string? from, string? to, string? subject = null) => ProjectHistoryValues.Change(field, from, to, subject);

    private static IReadOnlyList<FieldChange> GainChanges(ProjectGains? old, ProjectGains gains)
    {
        var changes = new List<FieldChange>();
        void Add(ProjectField f, Func<ProjectGains, double> v)
        {
            if (old is null || v(old) != v(gains))
            {
                changes.Add(H(f, old is null ? null : ProjectHistoryValues.Number(v(old)), ProjectHistoryValues.Number(v(gains))));
            }
        }

        Add(ProjectField.GainEurosPerYear, g => g.EurosPerYear);
        Add(ProjectField.GainHours, g => g.Hours);
        Add(ProjectField.GainLeadTimeDays, g => g.LeadTimeDays);
        Add(ProjectField.GainScrapPoints, g => g.ScrapPercent);
        return changes;
    }

    private static void RequireActive(ProjectState s)
    {
        switch (s.Status)
        {
            case ProjectStatus.Idea:
                throw new CommandRejectedException(Refusal.IdeaNotAccepted);
            case ProjectStatus.Closed:
                throw new CommandRejectedException(Refusal.ProjectClosed);
            case ProjectStatus.Rejected:
                throw new CommandRejectedException(Refusal.IdeaRejected);
        }
    }

    private static void RequireNotApplied(ProjectState s)
    {
        if (s.ChangesAppliedAt is not null)
        {
            throw new CommandRejectedException(Refusal.ChangesAlreadyApplied);
        }
    }

    private static void RequireSponsor(ProjectState s, string user, Refusal refusal)
    {
        if (!string.Equals(s.Sponsor, user, StringComparison.OrdinalIgnoreCase))
        {
            throw new CommandRejectedException(refusal);
        }
    }

    private static void RequireLead(ProjectState s, string user)
    {
        if (!ProjectPeopleRules.MayLead(s.Lead, user, ActorContext.IsAdmin))
        {
            throw new CommandRejectedException(Refusal.LeadOnly);
        }
    }

    private static bool IsMember(ProjectState s, string user) =>
        string.Equals(s.Lead, user, StringComparison.OrdinalIgnoreCase) || string.Equals(s.Sponsor, user, StringComparison.OrdinalIgnoreCase)
        || s.Team.Any(t => string.Equals(t, user, StringComparison.OrdinalIgnoreCase));

    private static string RequireText(string? text, RefusalTerm what, int max)
    {
        var t = text?.Trim() ?? "";
        if (t.Length == 0 || t.Length > max)
        {
            throw new CommandRejectedException(Refusal.RequiredMax, what, max);
        }

        return t;
    }

    private void ValidateCharter(ProjectCharter c, bool requireFuture)
    {
        var errors = new List<RefusalReason>();
        if (!Enum.IsDefined(c.Method))
        {
            errors.Add(new(Refusal.UnknownMethod));
        }

        if (string.IsNullOrWhiteSpace(c.Sponsor))
        {
            errors.Add(new(Refusal.Required, RefusalTerm.Sponsor));
        }

        if (string.IsNullOrWhiteSpace(c.Lead))
        {
            errors.Add(new(Refusal.Required, RefusalTerm.Lead));
        }

        errors.AddRange(ProjectPeopleRules.CharterErrors(c.Sponsor, c.Lead));

        if (string.IsNullOrWhiteSpace(c.Scope))
        {
            errors.Add(new(Refusal.ScopeRequired));
        }

        if (requireFuture && c.TargetDate <= DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime))
        {
            errors.Add(new(Refusal.TargetDateNotFuture));
        }

        if (errors.Count > 0)
        {
            throw new CommandRejectedException(errors);
        }
    }

    private static void SetCharter(ProjectState s, ProjectCharter c)
    {
        s.Method = c.Method;
        s.Sponsor = c.Sponsor.Trim();
        s.Lead = c.Lead.Trim();
        s.Team = Clean(c.Team);
        s.TargetDate = c.TargetDate;
        s.Scope = c.Scope.Trim();
    }

    private static List<string> Clean(IEnumerable<string> names) =>
        [.. names.Select(n => n?.Trim() ?? "").Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];

    private static void Track(List<FieldChange> changes, ProjectField field, string? from, string? to)
    {
        if (!string.Equals(from ?? "", to ?? "", StringComparison.Ordinal))
        {
            changes.Add(H(field, from, to));
        }
    }

    private static void ValidateGains(ProjectGains g)
    {
        if (new[] { g.EurosPerYear, g.Hours, g.LeadTimeDays, g.ScrapPercent }.Any(v => !double.IsFinite(v) || v < 0))
        {
            throw new CommandRejectedException(Refusal.GainsNegative);
        }

        if (g.ScrapPercent > 100)
        {
            throw new CommandRejectedException(Refusal.ScrapGainOver100);
        }
    }
}

/// <summary>Persisted state of a project: member names are schema.</summary>
[GenerateSerializer, Alias("Collab.ProjectState")]
public sealed class ProjectState : ObjectState
{
    [Id(0)] public string Title { get; set; } = "";
    [Id(1)] public string Description { get; set; } = "";
    [Id(2)] public string SubmittedBy { get; set; } = "";
    [Id(3)] public DateTimeOffset SubmittedAt { get; set; }
    [Id(4)] public ProjectStatus Status { get; set; }
    [Id(5)] public ProjectMethod Method { get; set; }
    [Id(6)] public int Phase { get; set; }
    [Id(7)] public string? Sponsor { get; set; }
    [Id(8)] public string? Lead { get; set; }
    [Id(9)] public List<string> Team { get; set; } = [];
    [Id(10)] public DateOnly? TargetDate { get; set; }
    [Id(11)] public string Scope { get; set; } = "";
    [Id(12)] public Dictionary<string, string> A3 { get; set; } = [];
    [Id(13)] public List<WhyChain> Whys { get; set; } = [];
    [Id(14)] public string Effect { get; set; } = "";
    [Id(15)] public bool SixM { get; set; } = true;
    [Id(16)] public List<IshikawaCause> Causes { get; set; } = [];
    [Id(17)] public List<ProjectKpi> Kpis { get; set; } = [];
    [Id(18)] public ProjectGains? EstimatedGains { get; set; }
    [Id(19)] public ProjectGains? ConfirmedGains { get; set; }
    [Id(20)] public List<ParameterChange> Changes { get; set; } = [];
    [Id(21)] public string? ChangesApprovedBy { get; set; }
    [Id(22)] public DateTimeOffset? ChangesAppliedAt { get; set; }
    [Id(23)] public string? ChangesAppliedBy { get; set; }
    [Id(24)] public SimulationResult? Simulation { get; set; }
    [Id(25)] public List<GateRecord> Gates { get; set; } = [];
    [Id(26)] public string? RejectionReason { get; set; }
    [Id(27)] public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>Project number handed out at acceptance (null for an idea and for projects created before ideas had their own references).</summary>
    [Id(28)] public string? ProjectNumber { get; set; }
}
