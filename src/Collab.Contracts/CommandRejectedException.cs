using System.Globalization;

namespace Collab.Contracts;

/// <summary>A command failed validation; nothing was changed. <see cref="Reasons"/> are typed (<see cref="Refusal"/> plus
/// arguments): only the UI, the API and the mails word them (Web: RefusalText with RefusalsResource). <see cref="Exception.Message"/>
/// is their neutral, code-based form ("Refusal: ActionNotDone") for logs.</summary>
[GenerateSerializer, Alias("Collab.CommandRejectedException")]
public class CommandRejectedException : Exception
{
    public CommandRejectedException(IReadOnlyList<RefusalReason> reasons)
        : base(Describe(reasons))
    {
        Reasons = reasons.ToArray();
    }

    public CommandRejectedException(Refusal kind, params RefusalArg[] args) : this([new RefusalReason(kind, args)])
    {
    }

    /// <summary>Why the command was refused (at least one reason).</summary>
    [Id(1)] public RefusalReason[] Reasons { get; private set; }

    /// <summary>The first (usually only) reason's kind.</summary>
    public Refusal Kind => Reasons.Length > 0 ? Reasons[0].Kind : Refusal.Invalid;

    /// <summary>Every reason's kind, in order.</summary>
    public IReadOnlyList<Refusal> Kinds => [.. Reasons.Select(r => r.Kind)];

    /// <summary>Throws when <paramref name="reasons"/> is not empty.</summary>
    public static void ThrowIfAny(IReadOnlyList<RefusalReason> reasons)
    {
        if (reasons.Count > 0)
        {
            throw new CommandRejectedException(reasons);
        }
    }

    private static string Describe(IReadOnlyList<RefusalReason> reasons) => "Refusal: " + string.Join("; ", reasons.Select(r => r.ToString()));
}

/// <summary>One reason a command was refused: its kind and the values the wording needs, in the order of the
/// resource's placeholders ({0}, {1}…).</summary>
[GenerateSerializer, Immutable, Alias("Collab.RefusalReason")]
public sealed record RefusalReason([property: Id(0)] Refusal Kind, [property: Id(1)] params RefusalArg[] Args)
{
    /// <summary>Neutral form: "ActionNotDone" or "OrderNotFound(OA-2026-00012)".</summary>
    public override string ToString() => Args.Length == 0 ? Kind.ToString() : $"{Kind}({string.Join(", ", Args.Select(a => a.ToString()))})";
}

/// <summary>What a refusal argument is, so that the UI formats it in the reader's culture.</summary>
public enum RefusalArgKind
{
    /// <summary>Shown as it is (an order number, a code, a name typed by a user).</summary>
    Text,
    /// <summary>A number (formatted "0.##" in the reader's culture).</summary>
    Number,
    /// <summary>A day.</summary>
    Date,
    /// <summary>An instant (shown in local time, date and time).</summary>
    Moment,
    /// <summary>A plant wall-clock time (the schedule's), shown as it is: day, month, hour and minute.</summary>
    WallTime,
    /// <summary>A <see cref="RefusalTerm"/> the UI words itself (a field's name, a project phase…).</summary>
    Term,
}

/// <summary>A typed value inside a refusal. Implicit conversions keep the throw sites short.</summary>
[GenerateSerializer, Immutable, Alias("Collab.RefusalArg")]
public sealed record RefusalArg(
    [property: Id(0)] RefusalArgKind Kind,
    [property: Id(1)] string? Text = null,
    [property: Id(2)] double Number = 0,
    [property: Id(3)] DateOnly? Date = null,
    [property: Id(4)] DateTimeOffset? Moment = null,
    [property: Id(5)] DateTime? WallTime = null)
{
    public static implicit operator RefusalArg(string text) => new(RefusalArgKind.Text, text);

    public static implicit operator RefusalArg(double number) => new(RefusalArgKind.Number, Number: number);

    public static implicit operator RefusalArg(int number) => new(RefusalArgKind.Number, Number: number);

    public static implicit operator RefusalArg(DateOnly date) => new(RefusalArgKind.Date, Date: date);

    public static implicit operator RefusalArg(DateTimeOffset moment) => new(RefusalArgKind.Moment, Moment: moment);

    public static implicit operator RefusalArg(DateTime wallTime) => new(RefusalArgKind.WallTime, WallTime: wallTime);

    public static implicit operator RefusalArg(RefusalTerm term) => new(RefusalArgKind.Term, term.ToString());

    /// <summary>A project phase, worded by the UI from the method and the phase index.</summary>
    public static RefusalArg Phase(Projects.ProjectMethod method, int phase) => new(RefusalArgKind.Term, $"Phase.{method}.{phase}");

    /// <summary>Invariant form for logs.</summary>
    public override string ToString() => Kind switch
    {
        RefusalArgKind.Number => Number.ToString("0.##", CultureInfo.InvariantCulture),
        RefusalArgKind.Date => Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty,
        RefusalArgKind.WallTime => WallTime?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? string.Empty,
        RefusalArgKind.Moment => Moment?.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture) ?? string.Empty,
        _ => Text ?? string.Empty,
    };
}
