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
            throw new CommandRejectedException($"Le projet {Number} existe déjà.");
        }

        return await RunAsync(user, null, ProjectEvent.IdeaSubmitted, s =>
        {
            var t = RequireText(title, "Le titre de l'idée", MaxTitle);
            var d = description?.Trim() ?? "";
            if (d.Length > MaxText)
            {
                throw new CommandRejectedException($"La description dépasse {MaxText} caractères.");
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
            throw new CommandRejectedException("Seule une idée peut être acceptée en projet.");
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
                throw new CommandRejectedException("Seule une idée peut être acceptée en projet.");
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
                throw new CommandRejectedException("Seule une idée peut être refusée.");
            }

            s.RejectionReason = RequireText(reason, "Le motif du refus", MaxText);
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
                throw new CommandRejectedException("La méthode ne peut plus changer une fois le projet lancé.");
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
                throw new CommandRejectedException($"Le texte dépasse {MaxText} caractères.");
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
            var problem = RequireText(chain.Problem, "Le problème du 5 pourquoi", MaxTitle);
            var whys = chain.Whys.Select(w => w?.Trim() ?? "").Where(w => w.Length > 0).ToList();
            var errors = new List<string>();
            if (whys.Count == 0)
            {
                errors.Add("Indiquez au moins un « pourquoi ».");
            }

            if (whys.Count > 7)
            {
                errors.Add("Une chaîne compte au plus 7 « pourquoi ».");
            }

            if (whys.Any(w => w.Length > MaxTitle))
            {
                errors.Add($"Un « pourquoi » dépasse {MaxTitle} caractères.");
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
            var chain = s.Whys.FirstOrDefault(w => w.Id == chainId) ?? throw new CommandRejectedException("Cette chaîne de 5 pourquoi n'existe pas (ou plus).");
            s.Whys.Remove(chain);
            return [H(ProjectField.WhyChain, string.Join(" → ", chain.Whys), null, chain.Problem)];
        });

    Task<ImprovementProjectView> IImprovementProjectGrain.SetIshikawaEffectAsync(string effect, bool sixM, long expectedVersion, string user) =>
        RunAsync(user, expectedVersion, ProjectEvent.IshikawaChanged, s =>
        {
            RequireActive(s);
            RequireLead(s, user);
            var e = RequireText(effect, "L'effet (problème) du diagramme", MaxTitle);
            if (!sixM && s.Causes.Any(c => c.Category == IshikawaCategory.Measurement))
            {
                throw new CommandRejectedException("Retirez d'abord les causes « Mesure » avant de passer en 5M.");
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
            var t = RequireText(text, "La cause", 120);
            if (!Enum.IsDefined(category) || (!s.SixM && category == IshikawaCategory.Measurement))
            {
                throw new CommandRejectedException("Catégorie inconnue pour ce diagramme.");
            }

            if (s.Causes.Count(c => c.Category == category) >= 8)
            {
                throw new CommandRejectedException("8 causes au plus par catégorie.");
            }

            s.Causes.Add(new IshikawaCause(Guid.NewGuid(), category, t));
            return [H(ProjectField.Cause, null, t, category.ToString())];
        });

    Task<ImprovementProjectView> IImprovementProjectGrain.RemoveCauseAsync(Guid causeId, long expectedVersion, string user) =>
        RunAsync(user, expectedVersion, ProjectEvent.CauseRemoved, s =>
        {
            RequireActive(s);
            RequireLead(s, user);
            var cause = s.Causes.FirstOrDefault(c => c.Id == causeId) ?? throw new CommandRejectedException("Cette cause n'existe pas (ou plus).");
            s.Causes.Remove(cause);
            return [H(ProjectField.Cause, cause.Text, null, cause.Category.ToString())];
        });

    Task<ImprovementProjectView> IImprovementProjectGrain.AddKpiAsync(string name, string unit, double baseline, double target, long expectedVersion, string user) =>
        RunAsync(user, expectedVersion, ProjectEvent.KpiAdded, s =>
        {
            RequireActive(s);
            RequireLead(s, user);
            var n = RequireText(name, "Le nom de l'indicateur", 120);
            var u = RequireText(unit, "L'unité de l'indicateur", 20);
            if (!double.IsFinite(baseline) || !double.IsFinite(target))
            {
                throw new CommandRejectedException("Valeur de départ et cible doivent être des nombres.");
            }

            if (baseline == target)
            {
                throw new CommandRejectedException("La cible doit différer de la valeur de départ.");
            }

            if (s.Kpis.Any(k => string.Equals(k.Name, n, StringComparison.OrdinalIgnoreCase)))
            {
                throw new CommandRejectedException($"L'indicateur « {n} » existe déjà.");
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
                throw new CommandRejectedException("Cet indicateur n'existe pas (ou plus).");
            }

            if (!double.IsFinite(value))
            {
                throw new CommandRejectedException("La mesure doit être un nombre.");
            }

            if (date > DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime))
            {
                throw new CommandRejectedException("Une mesure ne peut pas être datée dans le futur.");
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
                throw new CommandRejectedException("Les gains estimés ne se modifient plus après la vérification : confirmez les gains.");
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
                throw new CommandRejectedException($"Les gains se confirment à partir de la phase « {ProjectPhases.Of(s.Method)[ProjectPhases.CheckPhase(s.Method)]} ».");
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
            var c = s.Changes.FirstOrDefault(x => x.Id == changeId) ?? throw new CommandRejectedException("Cette modification n'existe pas (ou plus).");
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
            RequireSponsor(s, user, "approuver les modifications");
            RequireNotApplied(s);
            if (s.Changes.Count == 0)
            {
                throw new CommandRejectedException("Le projet ne porte aucune modification de paramètre.");
            }

            if (s.Simulation is null)
            {
                throw new CommandRejectedException("Simulez les modifications avant de les approuver.");
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
            throw new CommandRejectedException("Les modifications doivent d'abord être approuvées par le sponsor.");
        }

        if (s.Phase < ProjectPhases.ImplementPhase(s.Method))
        {
            throw new CommandRejectedException($"Les modifications s'appliquent à partir de la phase « {ProjectPhases.Of(s.Method)[ProjectPhases.ImplementPhase(s.Method)]} ».");
        }

        if (!ActorContext.MayPlan)
        {
            throw new CommandRejectedException("Appliquer les modifications aux données techniques demande aussi le rôle planificateur.");
        }

        if (!ProjectPeopleRules.MayApplyChanges(s.Lead, s.Team, user, ActorContext.IsAdmin))
        {
            throw new CommandRejectedException("Seuls le chef de projet, l'équipe ou un administrateur peuvent appliquer les modifications aux données techniques.");
        }

        var site = Site;
        var info = await site.GetInfoAsync();
        var before = await site.GetMasterDataAsync();
        var after = WhatIf.Apply(before, s.Changes, Sites.MasterDataRules.Validate);
        var diff = WhatIf.Diff(before, after);
        // One entry in the master-data history, naming the project (its number and title) before the field changes.
        await site.ApplyProjectChangeAsync(after, Self, [new FieldChange("Projet", null, $"{s.ProjectNumber ?? Number} « {s.Title} »"), .. diff], info.Version, user);
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
                throw new CommandRejectedException("Seuls le chef de projet, l'équipe et le sponsor peuvent demander un passage de phase.");
            }

            if (s.Gates.Any(g => g.Approved is null))
            {
                throw new CommandRejectedException("Un passage de phase attend déjà la décision du sponsor.");
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
            RequireSponsor(s, user, "décider d'un passage de phase");
            var i = s.Gates.FindIndex(g => g.Approved is null);
            if (i < 0)
            {
                throw new CommandRejectedException("Aucun passage de phase n'est demandé.");
            }

            var note = comment?.Trim();
            if (!approve && string.IsNullOrEmpty(note))
            {
                throw new CommandRejectedException("Indiquez pourquoi le passage de phase est refusé.");
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

            if (s.Phase + 1 >= ProjectPhases.Of(s.Method).Count)
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
        return Task.FromResult(new ProjectReviewAgenda(v.Id, v.Title, v.Method, v.PhaseName, v.Checklist,
            [.. v.Actions.Where(a => a.IsOverdue(today)).OrderBy(a => a.Due)],
            [.. v.Kpis.Select(k => new ReviewKpi(k.Name, k.Unit, k.Baseline, k.Target, k.Last, k.TargetReached))], v.Lead, v.Sponsor));
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
        new(v.Id, v.Title, v.Status, v.Method, v.Phase, v.PhaseName, v.Lead, v.Sponsor, v.TargetDate, v.Scope,
            v.Actions.Count(a => a.IsOpen), [.. v.Actions.Where(a => a.IsOpen).Select(a => a.Due)],
            v.EstimatedGains ?? ProjectGains.Zero, v.ConfirmedGains ?? ProjectGains.Zero, v.PendingGate is not null, v.Version) { ProjectNumber = v.ProjectNumber };

    private void RequireChecklist(ProjectState s)
    {
        // The page lists the unmet checks in the reader's language (typed checklist); the refusal only counts them.
        var missing = ProjectRules.Checklist(View()).Count(c => !c.Met);
        if (missing > 0)
        {
            throw new CommandRejectedException($"Le point de passage n'est pas complet : {missing} point(s) de la liste à compléter.");
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
                throw new CommandRejectedException("L'idée doit d'abord être acceptée en projet.");
            case ProjectStatus.Closed:
                throw new CommandRejectedException("Le projet est clos.");
            case ProjectStatus.Rejected:
                throw new CommandRejectedException("L'idée a été refusée.");
        }
    }

    private static void RequireNotApplied(ProjectState s)
    {
        if (s.ChangesAppliedAt is not null)
        {
            throw new CommandRejectedException("Les modifications ont déjà été appliquées aux données techniques.");
        }
    }

    private static void RequireSponsor(ProjectState s, string user, string what)
    {
        if (!string.Equals(s.Sponsor, user, StringComparison.OrdinalIgnoreCase))
        {
            throw new CommandRejectedException($"Seul le sponsor de ce projet peut {what}.");
        }
    }

    private static void RequireLead(ProjectState s, string user)
    {
        if (!ProjectPeopleRules.MayLead(s.Lead, user, ActorContext.IsAdmin))
        {
            throw new CommandRejectedException("Seul le chef de projet de ce projet (ou un administrateur) peut le modifier.");
        }
    }

    private static bool IsMember(ProjectState s, string user) =>
        string.Equals(s.Lead, user, StringComparison.OrdinalIgnoreCase) || string.Equals(s.Sponsor, user, StringComparison.OrdinalIgnoreCase)
        || s.Team.Any(t => string.Equals(t, user, StringComparison.OrdinalIgnoreCase));

    private static string RequireText(string? text, string what, int max)
    {
        var t = text?.Trim() ?? "";
        if (t.Length == 0 || t.Length > max)
        {
            throw new CommandRejectedException($"{what} est obligatoire ({max} caractères au plus).");
        }

        return t;
    }

    private void ValidateCharter(ProjectCharter c, bool requireFuture)
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(c.Method))
        {
            errors.Add("Méthode inconnue.");
        }

        if (string.IsNullOrWhiteSpace(c.Sponsor))
        {
            errors.Add("Le sponsor est obligatoire.");
        }

        if (string.IsNullOrWhiteSpace(c.Lead))
        {
            errors.Add("Le chef de projet est obligatoire.");
        }

        errors.AddRange(ProjectPeopleRules.CharterErrors(c.Sponsor, c.Lead));

        if (string.IsNullOrWhiteSpace(c.Scope))
        {
            errors.Add("Le périmètre est obligatoire (poste, article, famille, fournisseur…).");
        }

        if (requireFuture && c.TargetDate <= DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime))
        {
            errors.Add("L'échéance doit être dans le futur.");
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
            throw new CommandRejectedException("Les gains sont des nombres positifs ou nuls.");
        }

        if (g.ScrapPercent > 100)
        {
            throw new CommandRejectedException("Le gain de rebut est un pourcentage (100 au plus).");
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
