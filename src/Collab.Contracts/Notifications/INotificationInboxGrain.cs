using Collab.Contracts.Common;

namespace Collab.Contracts.Notifications;

[GenerateSerializer, Immutable, Alias("Collab.Notification")]
public sealed record Notification(
    [property: Id(0)] Guid Id,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Title,
    [property: Id(3)] string Text,
    [property: Id(4)] ObjectRef? Link,
    [property: Id(5)] bool Read);

/// <summary>The in-app notification inbox of one user (key: user name, lower case). Mail comes later.</summary>
[Alias("Collab.INotificationInboxGrain")]
public interface INotificationInboxGrain : IGrainWithStringKey
{
    [Alias("Add")]
    Task AddAsync(string title, string text, ObjectRef? link);

    /// <summary>Newest first, at most <paramref name="max"/>.</summary>
    [Alias("List")]
    Task<IReadOnlyList<Notification>> ListAsync(bool unreadOnly, int max);

    [Alias("UnreadCount")]
    Task<int> UnreadCountAsync();

    [Alias("MarkRead")]
    Task MarkReadAsync(Guid id);

    [Alias("MarkAllRead")]
    Task MarkAllReadAsync();
}
