using Collab.Contracts.Common;

namespace Collab.Contracts.Projects;

/// <summary>PDCA (Plan, Do, Check, Act), DMAIC (Define, Measure, Analyse, Improve, Control) or 8D.</summary>
public enum ProjectMethod
{
    Pdca = 0,
    Dmaic = 1,
    EightD = 2,
}

/// <summary>Idée → projet en cours → clos (or idée refusée).</summary>
public enum ProjectStatus
{
    Idea = 0,
    Active = 1,
    Closed = 2,
    Rejected = 3,
}

/// <summary>The sections of the A3 sheet that hold free text (the action plan and the root-cause tools have their own models).</summary>
public enum A3Section
{
    Context = 0,
    CurrentSituation = 1,
    Target = 2,
    RootCauseAnalysis = 3,
    Countermeasures = 4,
    FollowUp = 5,
    Results = 6,
}

/// <summary>Ishikawa categories (5M + Mesure = 6M).</summary>
public enum IshikawaCategory
{
    Manpower = 0,
    Method = 1,
    Material = 2,
    Machine = 3,
    Environment = 4,
    Measurement = 5,
}

/// <summary>Kinds of planning-parameter changes a project can simulate and apply.</summary>
public enum ParameterKind
{
    /// <summary>Setup time of the operations on a workstation (optionally of one item), changed by a percentage.</summary>
    SetupTimePercent = 0,
    /// <summary>Run time per unit of the operations on a workstation (optionally of one item), changed by a percentage.</summary>
    RunTimePercent = 1,
    /// <summary>Fixed lot quantity of an item (FOQ).</summary>
    LotSize = 2,
    /// <summary>Lead time of an item in days.</summary>
    LeadTimeDays = 3,
    /// <summary>Safety stock of an item.</summary>
    SafetyStock = 4,
    /// <summary>Number of 8-hour shifts (1 to 3) on weekdays of a workstation.</summary>
    Shifts = 5,
    /// <summary>Number of machines of a workstation.</summary>
    Machines = 6,
}

[GenerateSerializer, Immutable, Alias("Collab.WhyChain")]
public sealed record WhyChain(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Problem,
    [property: Id(2)] IReadOnlyList<string> Whys,
    [property: Id(3)] string? RootCause);

[GenerateSerializer, Immutable, Alias("Collab.IshikawaCause")]
public sealed record IshikawaCause(
    [property: Id(0)] Guid Id,
    [property: Id(1)] IshikawaCategory Category,
    [property: Id(2)] string Text);

/// <summary>The fishbone: an effect (the problem, at the head) and causes per category; <see cref="SixM"/> adds "Mesure" to the 5M.</summary>
[GenerateSerializer, Immutable, Alias("Collab.IshikawaDiagram")]
public sealed record IshikawaDiagram(
    [property: Id(0)] string Effect,
    [property: Id(1)] bool SixM,
    [property: Id(2)] IReadOnlyList<IshikawaCause> Causes)
{
    public static readonly IshikawaDiagram Empty = new("", true, []);

    public IReadOnlyList<IshikawaCategory> Categories => SixM
        ? [IshikawaCategory.Manpower, IshikawaCategory.Method, IshikawaCategory.Material, IshikawaCategory.Machine, IshikawaCategory.Environment, IshikawaCategory.Measurement]
        : [IshikawaCategory.Manpower, IshikawaCategory.Method, IshikawaCategory.Material, IshikawaCategory.Machine, IshikawaCategory.Environment];
}

[GenerateSerializer, Immutable, Alias("Collab.KpiMeasure")]
public sealed record KpiMeasure(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] double Value,
    [property: Id(2)] string By);

/// <summary>An indicator: lower is better when the target is below the baseline.</summary>
[GenerateSerializer, Immutable, Alias("Collab.ProjectKpi")]
public sealed record ProjectKpi(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Unit,
    [property: Id(3)] double Baseline,
    [property: Id(4)] double Target,
    [property: Id(5)] IReadOnlyList<KpiMeasure> Measures)
{
    public double? Last => Measures.Count == 0 ? null : Measures.OrderBy(m => m.Date).Last().Value;

    public bool LowerIsBetter => Target < Baseline;

    public bool TargetReached => Last is { } v && (LowerIsBetter ? v <= Target : v >= Target);
}

/// <summary>Gains: € per year, hours (per year), days of lead time, scrap rate points.</summary>
[GenerateSerializer, Immutable, Alias("Collab.ProjectGains")]
public sealed record ProjectGains(
    [property: Id(0)] double EurosPerYear,
    [property: Id(1)] double Hours,
    [property: Id(2)] double LeadTimeDays,
    [property: Id(3)] double ScrapPercent)
{
    public static readonly ProjectGains Zero = new(0, 0, 0, 0);

    public static ProjectGains operator +(ProjectGains a, ProjectGains b) =>
        new(a.EurosPerYear + b.EurosPerYear, a.Hours + b.Hours, a.LeadTimeDays + b.LeadTimeDays, a.ScrapPercent + b.ScrapPercent);

    public bool IsZero => EurosPerYear == 0 && Hours == 0 && LeadTimeDays == 0 && ScrapPercent == 0;
}

/// <summary>
/// A planning-parameter change carried by a project. <see cref="Target"/> is a workstation code
/// (setup/run time, shifts, machines) or an item code (lot size, lead time, safety stock);
/// <see cref="Item"/> optionally limits a setup/run-time change to one item's operations.
/// </summary>
[GenerateSerializer, Immutable, Alias("Collab.ParameterChange")]
public sealed record ParameterChange(
    [property: Id(0)] Guid Id,
    [property: Id(1)] ParameterKind Kind,
    [property: Id(2)] string Target,
    [property: Id(3)] string? Item,
    [property: Id(4)] double Value);

[GenerateSerializer, Immutable, Alias("Collab.GateCheck")]
public sealed record GateCheck(
    [property: Id(0)] string Label,
    [property: Id(1)] bool Met,
    [property: Id(2)] GateCheckKind? Kind = null);

/// <summary>What a phase-gate check asks for (typed; the UI words it, "PL.Gate.*").</summary>
public enum GateCheckKind
{
    Team = 0,
    Context = 1,
    Current = 2,
    Target = 3,
    Kpi = 4,
    RootCause = 5,
    Analysis = 6,
    Countermeasures = 7,
    Actions = 8,
    EstimatedGains = 9,
    ActionsDone = 10,
    ChangesApplied = 11,
    Measured = 12,
    FollowUp = 13,
    ConfirmedGains = 14,
    Results = 15,
}

/// <summary>A phase gate passed: requested by whom, approved by the sponsor when.</summary>
[GenerateSerializer, Immutable, Alias("Collab.GateRecord")]
public sealed record GateRecord(
    [property: Id(0)] int Phase,
    [property: Id(1)] string RequestedBy,
    [property: Id(2)] DateTimeOffset RequestedAt,
    [property: Id(3)] string? DecidedBy,
    [property: Id(4)] DateTimeOffset? DecidedAt,
    [property: Id(5)] bool? Approved,
    [property: Id(6)] string? Comment);

/// <summary>Load of one workstation before/after a simulated change (weekly arrays cover the plan horizon).</summary>
[GenerateSerializer, Immutable, Alias("Collab.WorkstationComparison")]
public sealed record WorkstationComparison(
    [property: Id(0)] string Workstation,
    [property: Id(1)] string Description,
    [property: Id(2)] IReadOnlyList<DateOnly> Weeks,
    [property: Id(3)] IReadOnlyList<double> AvailableBefore,
    [property: Id(4)] IReadOnlyList<double> LoadBefore,
    [property: Id(5)] IReadOnlyList<double> AvailableAfter,
    [property: Id(6)] IReadOnlyList<double> LoadAfter)
{
    public double TotalBefore => LoadBefore.Sum();

    public double TotalAfter => LoadAfter.Sum();

    public int OverloadedWeeksBefore => LoadBefore.Where((l, i) => l > AvailableBefore[i] + 1e-9).Count();

    public int OverloadedWeeksAfter => LoadAfter.Where((l, i) => l > AvailableAfter[i] + 1e-9).Count();

    public double PeakBefore => Peak(LoadBefore, AvailableBefore);

    public double PeakAfter => Peak(LoadAfter, AvailableAfter);

    private static double Peak(IReadOnlyList<double> load, IReadOnlyList<double> available) =>
        load.Select((l, i) => available[i] > 0 ? l / available[i] : 0).DefaultIfEmpty(0).Max();
}

/// <summary>Plan-level figures of one side of a simulation.</summary>
[GenerateSerializer, Immutable, Alias("Collab.PlanFigures")]
public sealed record PlanFigures(
    [property: Id(0)] int LateOrders,
    [property: Id(1)] int CustomerOrderLines,
    [property: Id(2)] double OtdPercent,
    [property: Id(3)] double AverageStockValue,
    [property: Id(4)] int OverloadedWorkstationWeeks,
    [property: Id(5)] int PlannedOrders,
    [property: Id(6)] IReadOnlyList<string> LateOrderNumbers);

/// <summary>A what-if plan run: the same master data and open orders with and without the project's changes.</summary>
[GenerateSerializer, Immutable, Alias("Collab.SimulationResult")]
public sealed record SimulationResult(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string By,
    [property: Id(2)] DateOnly Today,
    [property: Id(3)] IReadOnlyList<string> Changes,
    [property: Id(4)] PlanFigures Before,
    [property: Id(5)] PlanFigures After,
    [property: Id(6)] IReadOnlyList<WorkstationComparison> Workstations)
{
    /// <summary>The simulated changes, typed (worded by the page and the A3 PDF). Null on results stored before they were
    /// typed: those keep their French lines in <see cref="Changes"/>, shown as stored.</summary>
    [Id(7)]
    public IReadOnlyList<ParameterChange>? Parameters { get; init; }
}

/// <summary>Everything the project page and the A3 sheet show.</summary>
[GenerateSerializer, Immutable, Alias("Collab.ImprovementProjectView")]
public sealed record ImprovementProjectView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Site,
    [property: Id(2)] string Title,
    [property: Id(3)] string Description,
    [property: Id(4)] string SubmittedBy,
    [property: Id(5)] DateTimeOffset SubmittedAt,
    [property: Id(6)] ProjectStatus Status,
    [property: Id(7)] ProjectMethod Method,
    [property: Id(8)] int Phase,
    [property: Id(9)] string? Sponsor,
    [property: Id(10)] string? Lead,
    [property: Id(11)] IReadOnlyList<string> Team,
    [property: Id(12)] DateOnly? TargetDate,
    [property: Id(13)] string Scope,
    [property: Id(14)] IReadOnlyDictionary<A3Section, string> A3,
    [property: Id(15)] IReadOnlyList<WhyChain> Whys,
    [property: Id(16)] IshikawaDiagram Ishikawa,
    [property: Id(17)] IReadOnlyList<ActionItem> Actions,
    [property: Id(18)] IReadOnlyList<ProjectKpi> Kpis,
    [property: Id(19)] ProjectGains? EstimatedGains,
    [property: Id(20)] ProjectGains? ConfirmedGains,
    [property: Id(21)] IReadOnlyList<ParameterChange> Changes,
    [property: Id(22)] string? ChangesApprovedBy,
    [property: Id(23)] DateTimeOffset? ChangesAppliedAt,
    [property: Id(24)] SimulationResult? Simulation,
    [property: Id(25)] IReadOnlyList<GateRecord> Gates,
    [property: Id(26)] IReadOnlyList<GateCheck> Checklist,
    [property: Id(27)] string? RejectionReason,
    [property: Id(28)] long Version,
    [property: Id(29)] string? ModifiedBy,
    [property: Id(30)] DateTimeOffset? ModifiedAt)
{
    /// <summary>The project number ("PRJ-2026-0003") handed out when the idea was accepted; null while an idea
    /// (ideas are keyed "IDEE-2026-0007" and consume no project number).</summary>
    [Id(31)]
    public string? ProjectNumber { get; init; }

    /// <summary>What people call the project: its project number once accepted, else the idea's reference.</summary>
    public string Reference => ProjectNumber ?? Id;

    /// <summary>Where the project stands as a key ("Pdca.1", "Idea"), worded by the UI.</summary>
    public string PhaseKey => ProjectPhases.Key(Method, Phase, Status);

    public GateRecord? PendingGate => Gates.LastOrDefault(g => g.Approved is null);

    public string Section(A3Section s) => A3.TryGetValue(s, out var t) ? t : "";
}

/// <summary>A portfolio card, kept in the site's <see cref="IProjectPortfolioGrain"/> by the project grain after every change.
/// <c>PhaseName</c> holds <see cref="ProjectPhases.Key(ProjectMethod, int, ProjectStatus)"/> (cards stored before phases were typed hold the
/// French name); readers word the phase from <c>Method</c>, <c>Phase</c> and <c>Status</c>.</summary>
[GenerateSerializer, Immutable, Alias("Collab.ProjectSummary")]
public sealed record ProjectSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] ProjectStatus Status,
    [property: Id(3)] ProjectMethod Method,
    [property: Id(4)] int Phase,
    [property: Id(5)] string PhaseName,
    [property: Id(6)] string? Lead,
    [property: Id(7)] string? Sponsor,
    [property: Id(8)] DateOnly? TargetDate,
    [property: Id(9)] string Scope,
    [property: Id(10)] int OpenActions,
    [property: Id(11)] IReadOnlyList<DateOnly> OpenActionDues,
    [property: Id(12)] ProjectGains EstimatedGains,
    [property: Id(13)] ProjectGains ConfirmedGains,
    [property: Id(14)] bool GatePending,
    [property: Id(15)] long Version)
{
    /// <summary>See <see cref="ImprovementProjectView.ProjectNumber"/>.</summary>
    [Id(16)]
    public string? ProjectNumber { get; init; }

    public string Reference => ProjectNumber ?? Id;

    public int OverdueActions(DateOnly today) => OpenActionDues.Count(d => d < today);
}

[GenerateSerializer, Immutable, Alias("Collab.PortfolioQuery")]
public sealed record PortfolioQuery(
    [property: Id(0)] string? Lead = null,
    [property: Id(1)] ProjectMethod? Method = null,
    [property: Id(2)] bool IncludeClosed = true);

/// <summary>Plain data for a "revue de projet" meeting: current phase and its checklist, overdue actions, KPIs.</summary>
[GenerateSerializer, Immutable, Alias("Collab.ProjectReviewAgenda")]
public sealed record ProjectReviewAgenda(
    [property: Id(0)] string ProjectId,
    [property: Id(1)] string Title,
    [property: Id(2)] ProjectMethod Method,
    [property: Id(3)] string PhaseName,
    [property: Id(4)] IReadOnlyList<GateCheck> Checklist,
    [property: Id(5)] IReadOnlyList<ActionItem> OverdueActions,
    [property: Id(6)] IReadOnlyList<ReviewKpi> Kpis,
    [property: Id(7)] string? Lead,
    [property: Id(8)] string? Sponsor,
    [property: Id(9)] int Phase = 0)
{
    /// <summary>The phase as a key the UI words ("Dmaic.1" → "Mesurer" / "Measure").</summary>
    public string PhaseKey => ProjectPhases.Key(Method, Phase);
}

[GenerateSerializer, Immutable, Alias("Collab.ReviewKpi")]
public sealed record ReviewKpi(
    [property: Id(0)] string Name,
    [property: Id(1)] string Unit,
    [property: Id(2)] double Baseline,
    [property: Id(3)] double Target,
    [property: Id(4)] double? Last,
    [property: Id(5)] bool TargetReached);

/// <summary>What is typed when accepting an idea as a project.</summary>
[GenerateSerializer, Immutable, Alias("Collab.ProjectCharter")]
public sealed record ProjectCharter(
    [property: Id(0)] ProjectMethod Method,
    [property: Id(1)] string Sponsor,
    [property: Id(2)] string Lead,
    [property: Id(3)] IReadOnlyList<string> Team,
    [property: Id(4)] DateOnly TargetDate,
    [property: Id(5)] string Scope);

/// <summary>
/// The phases of each method (PDCA 4, DMAIC 5, 8D 8). Their names are the UI's and the A3's texts ("PJ.Phase.Dmaic.1"
/// → "Mesurer" / "Measure"): the domain only holds keys.
/// </summary>
public static class ProjectPhases
{
    public static int Count(ProjectMethod method) => method switch
    {
        ProjectMethod.Dmaic => 5,
        ProjectMethod.EightD => 8,
        _ => 4,
    };

    /// <summary>The key of a method's phase ("Dmaic.1").</summary>
    public static string Key(ProjectMethod method, int phase) => $"{method}.{Math.Clamp(phase, 0, Count(method) - 1)}";

    /// <summary>Where a project stands as a key: its phase's key while active, else its status ("Idea", "Closed", "Rejected").</summary>
    public static string Key(ProjectMethod method, int phase, ProjectStatus status) =>
        status == ProjectStatus.Active ? Key(method, phase) : status.ToString();

    /// <summary>
    /// Portfolio column of a project, comparable across methods: 0 idea, 1 plan (PDCA Plan, DMAIC Define→Analyse,
    /// 8D D1→D5), 2 do (Do, Improve, D6), 3 check (Check, Control, D7), 4 act (Act, D8), 5 closed or rejected.
    /// </summary>
    public static int Stage(ProjectMethod method, int phase, ProjectStatus status) => status switch
    {
        ProjectStatus.Idea => 0,
        ProjectStatus.Closed or ProjectStatus.Rejected => 5,
        _ => method switch
        {
            ProjectMethod.Dmaic => phase <= 2 ? 1 : phase == 3 ? 2 : 3,
            ProjectMethod.EightD => phase <= 4 ? 1 : phase == 5 ? 2 : phase == 6 ? 3 : 4,
            _ => phase + 1,
        },
    };

    /// <summary>Phase by the end of which gains must be estimated ("Plan" and its equivalents).</summary>
    public static int EstimatePhase(ProjectMethod method) => method switch
    {
        ProjectMethod.Dmaic => 2,
        ProjectMethod.EightD => 4,
        _ => 0,
    };

    /// <summary>Phase from which gains can be confirmed ("Check" and its equivalents).</summary>
    public static int CheckPhase(ProjectMethod method) => method switch
    {
        ProjectMethod.Dmaic => 4,
        ProjectMethod.EightD => 5,
        _ => 2,
    };

    /// <summary>Phase where parameter changes may be applied to the master data (Do / Improve / D6).</summary>
    public static int ImplementPhase(ProjectMethod method) => method switch
    {
        ProjectMethod.Dmaic => 3,
        ProjectMethod.EightD => 5,
        _ => 1,
    };

    /// <summary>Phase where the root-cause analysis must be done (Plan / Analyse / D4).</summary>
    public static int AnalysisPhase(ProjectMethod method) => method switch
    {
        ProjectMethod.Dmaic => 2,
        ProjectMethod.EightD => 3,
        _ => 0,
    };
}
