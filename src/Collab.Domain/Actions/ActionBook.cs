using Collab.Contracts;
using Collab.Contracts.Common;

namespace Collab.Domain.Actions;

/// <summary>
/// The rules of actions, shared by every grain that holds some: validation (typed refusals),
/// status transitions with who/when closed, optimistic versions per action.
/// Works on the grain's persisted list; the caller persists and publishes.
/// </summary>
public static class ActionBook
{
    public const int MaxTitle = 200;
    public const int MaxText = 4000;

    public static ActionItem Add(List<ActionItem> actions, NewAction input, ObjectRef origin, string user, DateTimeOffset now)
    {
        var errors = new List<RefusalReason>();
        var title = input.Title?.Trim() ?? string.Empty;
        if (title.Length == 0)
        {
            errors.Add(new(Refusal.Required, RefusalTerm.ActionTitle));
        }
        else if (title.Length > MaxTitle)
        {
            errors.Add(new(Refusal.TooLong, RefusalTerm.ActionTitle, MaxTitle));
        }

        if (string.IsNullOrWhiteSpace(input.Owner))
        {
            errors.Add(new(Refusal.Required, RefusalTerm.ActionOwner));
        }

        if (input.Description is { Length: > MaxText })
        {
            errors.Add(new(Refusal.TooLong, RefusalTerm.Description, MaxText));
        }

        if (input.Due < DateOnly.FromDateTime(now.UtcDateTime).AddYears(-1))
        {
            errors.Add(new(Refusal.DueTooOld));
        }

        if (errors.Count > 0)
        {
            throw new CommandRejectedException(errors);
        }

        var item = new ActionItem(Guid.NewGuid(), title, input.Description?.Trim(), input.Owner.Trim(), input.Due,
            input.Priority, ActionStatus.ToDo, origin, input.Meeting, Array.Empty<ActionComment>(), user, now, null, null, 1);
        actions.Add(item);
        return item;
    }

    public static (ActionItem Before, ActionItem After) SetStatus(List<ActionItem> actions, Guid id, ActionStatus status, long expectedVersion, string user, DateTimeOffset now)
    {
        var (index, current) = Find(actions, id);
        if (current.Version != expectedVersion)
        {
            throw new VersionConflictException(expectedVersion, current.Version, current.ClosedBy ?? current.CreatedBy, current.ClosedAt ?? current.CreatedAt);
        }

        if (status == ActionStatus.Verified && current.Status != ActionStatus.Done)
        {
            throw new CommandRejectedException(Refusal.ActionNotDone);
        }

        var closes = status is ActionStatus.Done or ActionStatus.Verified or ActionStatus.Cancelled;
        var updated = current with
        {
            Status = status,
            ClosedBy = closes ? (status == ActionStatus.Verified ? current.ClosedBy ?? user : user) : null,
            ClosedAt = closes ? (status == ActionStatus.Verified ? current.ClosedAt ?? now : now) : null,
            Version = current.Version + 1,
        };
        actions[index] = updated;
        return (current, updated);
    }

    public static ActionItem Comment(List<ActionItem> actions, Guid id, string text, string user, DateTimeOffset now)
    {
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length is 0 or > MaxText)
        {
            throw new CommandRejectedException(Refusal.RequiredMax, RefusalTerm.Comment, MaxText);
        }

        var (index, current) = Find(actions, id);
        var updated = current with
        {
            Comments = current.Comments.Append(new ActionComment(now, user, trimmed)).ToArray(),
            Version = current.Version + 1,
        };
        actions[index] = updated;
        return updated;
    }

    private static (int Index, ActionItem Item) Find(List<ActionItem> actions, Guid id)
    {
        var index = actions.FindIndex(a => a.Id == id);
        if (index < 0)
        {
            throw new CommandRejectedException(Refusal.ActionNotFound);
        }

        return (index, actions[index]);
    }
}
