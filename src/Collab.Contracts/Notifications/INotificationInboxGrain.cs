using Collab.Contracts.Common;
using Collab.Contracts.Projects;

namespace Collab.Contracts.Notifications;

/// <summary>What a notification says; the UI words it in the reader's language from the typed fields.</summary>
public enum NotificationKind
{
    /// <summary>Stored before notifications were typed: <see cref="Notification.Title"/> and <see cref="Notification.Text"/> as written then.</summary>
    Text = 0,

    /// <summary><see cref="Notification.By"/> gave the reader the action <see cref="Notification.Subject"/>, due <see cref="Notification.Due"/>.</summary>
    ActionAssigned = 1,

    /// <summary><see cref="Notification.By"/> asks the sponsor to decide the passage of phase <see cref="Notification.From"/> of project <see cref="Notification.Subject"/>.</summary>
    GateRequested = 2,

    /// <summary>The sponsor <see cref="Notification.By"/> approved phase <see cref="Notification.From"/>; the project is now in <see cref="Notification.To"/>.</summary>
    GateApproved = 3,

    /// <summary>The sponsor <see cref="Notification.By"/> refused the passage of phase <see cref="Notification.From"/>, saying <see cref="Notification.Comment"/>.</summary>
    GateRefused = 4,
}

/// <summary>A phase of an improvement project (its method, index and status), named by the UI.</summary>
[GenerateSerializer, Immutable, Alias("Collab.PhaseRef")]
public sealed record PhaseRef([property: Id(0)] ProjectMethod Method, [property: Id(1)] int Phase, [property: Id(2)] ProjectStatus Status);

/// <summary>A notification to add: typed facts (logins, titles, dates, phases), no words.</summary>
[GenerateSerializer, Immutable, Alias("Collab.NewNotification")]
public sealed record NewNotification(
    [property: Id(0)] NotificationKind Kind,
    [property: Id(1)] string Site,
    [property: Id(2)] string By,
    [property: Id(3)] string Subject,
    [property: Id(4)] ObjectRef? Link,
    [property: Id(5)] DateOnly? Due = null,
    [property: Id(6)] PhaseRef? From = null,
    [property: Id(7)] PhaseRef? To = null,
    [property: Id(8)] string? Comment = null);

/// <summary>One notification of a user's inbox. Typed ones (<see cref="Kind"/> ≠ Text) leave Title and Text empty.</summary>
[GenerateSerializer, Immutable, Alias("Collab.Notification")]
public sealed record Notification(
    [property: Id(0)] Guid Id,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Title,
    [property: Id(3)] string Text,
    [property: Id(4)] ObjectRef? Link,
    [property: Id(5)] bool Read,
    [property: Id(6)] NotificationKind Kind = NotificationKind.Text,
    [property: Id(7)] string? By = null,
    [property: Id(8)] string? Subject = null,
    [property: Id(9)] DateOnly? Due = null,
    [property: Id(10)] PhaseRef? From = null,
    [property: Id(11)] PhaseRef? To = null,
    [property: Id(12)] string? Comment = null);

/// <summary>The in-app notification inbox of one user (key: user name, lower case). Mail comes later.</summary>
[Alias("Collab.INotificationInboxGrain")]
public interface INotificationInboxGrain : IGrainWithStringKey
{
    /// <summary>Adds a notification (the inbox keeps the last 200) and tells the user's open screens (site change feed).</summary>
    [Alias("AddTyped")]
    Task AddAsync(NewNotification notification);

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
