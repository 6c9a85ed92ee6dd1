using System.Collections.Concurrent;

namespace Collab.Infrastructure.Tests.Probes;

/// <summary>Test grain: registers a reminder and reports when it fires.</summary>
[Alias("Collab.Tests.IReminderProbeGrain")]
public interface IReminderProbeGrain : IGrainWithStringKey
{
    [Alias("Register")]
    Task RegisterAsync(string reminderName, TimeSpan dueTime, TimeSpan period);
}

public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    /// <summary>One signal per "grainKey/reminderName", completed when the reminder fires.</summary>
    public static ConcurrentDictionary<string, TaskCompletionSource> Fired { get; } = new();

    public static Task WhenFired(string grainKey, string reminderName) =>
        Fired.GetOrAdd($"{grainKey}/{reminderName}", _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public async Task RegisterAsync(string reminderName, TimeSpan dueTime, TimeSpan period) =>
        await this.RegisterOrUpdateReminder(reminderName, dueTime, period);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Fired.GetOrAdd($"{this.GetPrimaryKeyString()}/{reminderName}", _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))
            .TrySetResult();
        return Task.CompletedTask;
    }
}
