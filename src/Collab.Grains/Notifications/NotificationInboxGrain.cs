using Collab.Contracts.Common;
using Collab.Contracts.Notifications;
using Collab.Grains.Common;
using Orleans.Runtime;

namespace Collab.Grains.Notifications;

public sealed class NotificationInboxGrain(
    [PersistentState("inbox")] IPersistentState<NotificationInboxState> state,
    TimeProvider clock) : Grain, INotificationInboxGrain
{
    private const int Keep = 200;

    async Task INotificationInboxGrain.AddAsync(NewNotification n)
    {
        var now = clock.GetUtcNow();
        await state.SaveAsync(this, s =>
        {
            s.Items.Add(new Notification(Guid.NewGuid(), now, "", "", n.Link, false, n.Kind, n.By, n.Subject, n.Due, n.From, n.To, n.Comment));
            if (s.Items.Count > Keep)
            {
                s.Items.RemoveRange(0, s.Items.Count - Keep);
            }
        });
        if (!string.IsNullOrEmpty(n.Site))
        {
            await GrainFactory.GetGrain<IChangeBrokerGrain>(n.Site)
                .PublishAsync(new ChangeEvent(new ObjectRef(ObjectKind.Inbox, this.GetPrimaryKeyString()), state.State.Items.Count, n.By, now, n.Kind.ToString()));
        }
    }

    Task<IReadOnlyList<Notification>> INotificationInboxGrain.ListAsync(bool unreadOnly, int max) =>
        Task.FromResult<IReadOnlyList<Notification>>(state.State.Items.Where(n => !unreadOnly || !n.Read).Reverse().Take(Math.Max(0, max)).ToList());

    Task<int> INotificationInboxGrain.UnreadCountAsync() => Task.FromResult(state.State.Items.Count(n => !n.Read));

    Task INotificationInboxGrain.MarkReadAsync(Guid id) =>
        state.SaveAsync(this, s =>
        {
            var i = s.Items.FindIndex(n => n.Id == id);
            if (i >= 0)
            {
                s.Items[i] = s.Items[i] with { Read = true };
            }
        });

    Task INotificationInboxGrain.MarkAllReadAsync() =>
        state.SaveAsync(this, s =>
        {
            for (var i = 0; i < s.Items.Count; i++)
            {
                s.Items[i] = s.Items[i] with { Read = true };
            }
        });
}

[GenerateSerializer, Alias("Collab.NotificationInboxState")]
public sealed class NotificationInboxState
{
    [Id(0)] public List<Notification> Items { get; set; } = [];
}
