using System.Globalization;
using Collab.Contracts.Common;

namespace Collab.Contracts.Projects;

/// <summary>
/// What a project history entry records (issue #13 item 3). The grain stores the event's name in
/// <see cref="HistoryEntry.What"/>; the Web words it (ProjectText, "IP.History.*"). Entries written before histories were
/// typed keep their stored French text, which is not an event name, and are shown as stored.
/// </summary>
public enum ProjectEvent
{
    IdeaSubmitted = 0,
    IdeaAccepted = 1,
    IdeaRejected = 2,
    CharterChanged = 3,
    A3Changed = 4,
    WhyChainSaved = 5,
    WhyChainRemoved = 6,
    IshikawaChanged = 7,
    CauseAdded = 8,
    CauseRemoved = 9,
    KpiAdded = 10,
    MeasureAdded = 11,
    EstimatedGainsSet = 12,
    GainsConfirmed = 13,
    ParameterChangeSaved = 14,
    ParameterChangeRemoved = 15,
    Simulated = 16,
    ChangesApproved = 17,
    ChangesApplied = 18,
    GateRequested = 19,
    GateApproved = 20,
    GateRefused = 21,
}

/// <summary>
/// The field a project history change is about; stored as its name in <see cref="FieldChange.Field"/> with invariant
/// values (see <see cref="ProjectHistoryValues"/>), worded by the Web ("IP.Field.*"). <see cref="FieldChange.Subject"/>
/// names what the change is about: an A3 section or Ishikawa category (enum name), an indicator, a 5-whys problem.
/// </summary>
public enum ProjectField
{
    Idea = 0,
    Status = 1,
    Method = 2,
    ProjectNumber = 3,
    Sponsor = 4,
    Lead = 5,
    Team = 6,
    TargetDate = 7,
    Scope = 8,
    A3Section = 9,
    WhyChain = 10,
    Effect = 11,
    Categories = 12,
    Cause = 13,
    Kpi = 14,
    Measure = 15,
    GainEurosPerYear = 16,
    GainHours = 17,
    GainLeadTimeDays = 18,
    GainScrapPoints = 19,
    Parameter = 20,
    LateOrders = 21,
    OverloadedWorkstationWeeks = 22,
    ApprovedBy = 23,
    Phase = 24,
    Comment = 25,
    Project = 26,
}

/// <summary>
/// Invariant history values of a project, written by the grain and read back by the Web: numbers with a dot, dates
/// yyyy-MM-dd, a phase as "Pdca:1" (or a status name for ideas, closed and refused projects), a parameter change as
/// "Kind|Target|Item|Value".
/// </summary>
public static class ProjectHistoryValues
{
    public static FieldChange Change(ProjectField field, string? from, string? to, string? subject = null) =>
        new(field.ToString(), from, to, Subject: subject);

    public static string Number(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);

    public static string? Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Phase(ProjectMethod method, int phase, ProjectStatus status) =>
        status == ProjectStatus.Active ? $"{method}:{phase.ToString(CultureInfo.InvariantCulture)}" : status.ToString();

    public static bool TryPhase(string? value, out ProjectMethod method, out int phase, out ProjectStatus status)
    {
        method = ProjectMethod.Pdca;
        phase = 0;
        status = ProjectStatus.Active;
        if (value is null)
        {
            return false;
        }

        var parts = value.Split(':');
        if (parts.Length == 2 && Enum.TryParse(parts[0], out method) && Enum.IsDefined(method)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out phase))
        {
            return true;
        }

        return parts.Length == 1 && Enum.TryParse(value, out status) && Enum.IsDefined(status) && !char.IsDigit(value[0]);
    }

    public static string Parameter(ParameterChange c) =>
        string.Join('|', c.Kind.ToString(), c.Target, c.Item ?? "", Number(c.Value));

    public static ParameterChange? TryParameter(string? value)
    {
        var parts = value?.Split('|');
        return parts is { Length: 4 } && Enum.TryParse<ParameterKind>(parts[0], out var kind) && Enum.IsDefined(kind)
            && double.TryParse(parts[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? new ParameterChange(Guid.Empty, kind, parts[1], parts[2].Length == 0 ? null : parts[2], v)
            : null;
    }
}
