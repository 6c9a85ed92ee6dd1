namespace Collab.Contracts.Common;

/// <summary>One field that a command changed, shown as "from → to" in the object's history.</summary>
[GenerateSerializer, Immutable, Alias("Collab.FieldChange")]
public sealed record FieldChange(
    [property: Id(0)] string Field,
    [property: Id(1)] string? From,
    [property: Id(2)] string? To);

/// <summary>An append-only history line: who did what, when, producing which version.</summary>
[GenerateSerializer, Immutable, Alias("Collab.HistoryEntry")]
public sealed record HistoryEntry(
    [property: Id(0)] long Version,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string User,
    [property: Id(3)] string What,
    [property: Id(4)] IReadOnlyList<FieldChange> Changes);
