namespace Collab.Contracts.Common;

/// <summary>À faire / En cours / Fait / Vérifié / Annulé.</summary>
public enum ActionStatus
{
    ToDo = 0,
    InProgress = 1,
    Done = 2,
    Verified = 3,
    Cancelled = 4,
}

public enum ActionPriority
{
    Low = 0,
    Normal = 1,
    High = 2,
    Critical = 3,
}

[GenerateSerializer, Immutable, Alias("Collab.ActionComment")]
public sealed record ActionComment(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string User,
    [property: Id(2)] string Text);

/// <summary>
/// An action of an action plan. It lives with the object it belongs to (<see cref="Origin"/>);
/// <see cref="Meeting"/> is set when it was decided in a meeting.
/// </summary>
[GenerateSerializer, Immutable, Alias("Collab.ActionItem")]
public sealed record ActionItem(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Title,
    [property: Id(2)] string? Description,
    [property: Id(3)] string Owner,
    [property: Id(4)] DateOnly Due,
    [property: Id(5)] ActionPriority Priority,
    [property: Id(6)] ActionStatus Status,
    [property: Id(7)] ObjectRef Origin,
    [property: Id(8)] ObjectRef? Meeting,
    [property: Id(9)] IReadOnlyList<ActionComment> Comments,
    [property: Id(10)] string CreatedBy,
    [property: Id(11)] DateTimeOffset CreatedAt,
    [property: Id(12)] string? ClosedBy,
    [property: Id(13)] DateTimeOffset? ClosedAt,
    [property: Id(14)] long Version)
{
    public bool IsOpen => Status is ActionStatus.ToDo or ActionStatus.InProgress;

    public bool IsOverdue(DateOnly today) => IsOpen && Due < today;
}

/// <summary>What the user types to create an action.</summary>
[GenerateSerializer, Immutable, Alias("Collab.NewAction")]
public sealed record NewAction(
    [property: Id(0)] string Title,
    [property: Id(1)] string? Description,
    [property: Id(2)] string Owner,
    [property: Id(3)] DateOnly Due,
    [property: Id(4)] ActionPriority Priority,
    [property: Id(5)] ObjectRef? Meeting);

/// <summary>Commands shared by every grain that holds actions (orders, workstations, projects, meetings).</summary>
public interface IHoldsActions
{
    [Alias("GetActions")]
    Task<IReadOnlyList<ActionItem>> GetActionsAsync();

    [Alias("AddAction")]
    Task<ActionItem> AddActionAsync(NewAction action, string user);

    /// <summary>Changes the status; refused with <see cref="VersionConflictException"/> when the
    /// action changed since <paramref name="expectedVersion"/>.</summary>
    [Alias("SetActionStatus")]
    Task<ActionItem> SetActionStatusAsync(Guid actionId, ActionStatus status, long expectedVersion, string user);

    [Alias("CommentAction")]
    Task<ActionItem> CommentActionAsync(Guid actionId, string text, string user);
}
