using Collab.Contracts.Scheduling;
using Collab.Web.Identity;

namespace Collab.Web.Services;

/// <summary>An operation in a workstation's queue (file d'attente), in schedule order.</summary>
public sealed record WorkstationQueueEntry(int Rank, ScheduledOperationView Operation);

/// <summary>A workstation's sequence from the schedule and its load over the scheduled period.</summary>
public sealed record WorkstationSchedule(IReadOnlyList<WorkstationQueueEntry> Queue, ScheduleWorkstationLoad? Load, long Version);

/// <summary>
/// Ordonnancement: the finite-capacity schedule of the site's open MOs. Anyone signed in reads; changing it
/// (move, pin, re-plan, optimise) needs the CanPlan policy. Failures: CommandRejectedException (typed refusal, worded by RefusalText),
/// VersionConflictException (someone changed the schedule first: reload).
/// </summary>
public interface ISchedulingService
{
    Task<ScheduleView> GetAsync();

    Task<WorkstationSchedule> GetWorkstationAsync(string workstation);

    Task<ScheduleMoveResult> MoveAsync(string operationId, DateTime start, int? machine, long expectedVersion, string user);

    Task<ScheduleView> SetPinnedAsync(string operationId, bool pinned, long expectedVersion, string user);

    Task<ScheduleView> ReplanAsync(SchedulingRule rule, long expectedVersion, string user);

    /// <summary>Undoes the last move (<see cref="ScheduleView.UndoableMove"/>).</summary>
    Task<ScheduleView> UndoMoveAsync(long expectedVersion, string user);

    /// <summary>Runs the optimiser for <paramref name="timeBox"/>; poll <see cref="GetOptimisationProgressAsync"/> meanwhile.</summary>
    Task<ScheduleView> OptimiseAsync(TimeSpan timeBox, long expectedVersion, string user);

    Task<OptimisationProgress> GetOptimisationProgressAsync();

    Task CancelOptimisationAsync(string user);
}

internal sealed class SchedulingService(PlanContext ctx) : ISchedulingService
{
    private IScheduleGrain Grain => ctx.Grains.GetGrain<IScheduleGrain>(ctx.Site);

    public Task<ScheduleView> GetAsync() => Grain.GetAsync();

    public async Task<WorkstationSchedule> GetWorkstationAsync(string workstation)
    {
        var view = await Grain.GetAsync();
        var queue = view.Operations.Where(o => o.Workstation == workstation).OrderBy(o => o.Start).ThenBy(o => o.Machine)
            .Select((o, i) => new WorkstationQueueEntry(i + 1, o)).ToList();
        return new WorkstationSchedule(queue, view.Loads.FirstOrDefault(l => l.Workstation == workstation), view.Version);
    }

    public async Task<ScheduleMoveResult> MoveAsync(string operationId, DateTime start, int? machine, long expectedVersion, string user)
    {
        await ctx.RequireAsync(user, Policies.CanPlan);
        return await Grain.MoveAsync(operationId, start, machine, expectedVersion, user);
    }

    public async Task<ScheduleView> SetPinnedAsync(string operationId, bool pinned, long expectedVersion, string user)
    {
        await ctx.RequireAsync(user, Policies.CanPlan);
        return await Grain.SetPinnedAsync(operationId, pinned, expectedVersion, user);
    }

    public async Task<ScheduleView> ReplanAsync(SchedulingRule rule, long expectedVersion, string user)
    {
        await ctx.RequireAsync(user, Policies.CanPlan);
        return await Grain.ReplanAsync(rule, expectedVersion, user);
    }

    public async Task<ScheduleView> UndoMoveAsync(long expectedVersion, string user)
    {
        await ctx.RequireAsync(user, Policies.CanPlan);
        return await Grain.UndoMoveAsync(expectedVersion, user);
    }

    public async Task<ScheduleView> OptimiseAsync(TimeSpan timeBox, long expectedVersion, string user)
    {
        await ctx.RequireAsync(user, Policies.CanPlan);
        return await Grain.OptimiseAsync(timeBox, expectedVersion, user);
    }

    public Task<OptimisationProgress> GetOptimisationProgressAsync() => Grain.GetOptimisationProgressAsync();

    public async Task CancelOptimisationAsync(string user)
    {
        await ctx.RequireAsync(user, Policies.CanPlan);
        await Grain.CancelOptimisationAsync(user);
    }
}
