using Collab.Contracts.Meetings;
using Collab.Web.Components.Pages.Meetings;
using Collab.Web.Services;
using Collab.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Collab.Web.Tests.Services;

/// <summary>Issue #13 item 5: an open meeting learns that the plan was recalculated after its agenda was built.</summary>
[Collection(WebHostCollection.Name)]
public sealed class MeetingPlanChangedTests(WebHostFixture host)
{
    [Fact]
    public async Task A_plan_run_after_the_opening_is_noticed_until_the_agenda_is_refreshed_and_the_control_rule_holds_through_the_service()
    {
        var meetings = host.Factory.Services.GetRequiredService<MeetingService>();
        var plan = host.Factory.Services.GetRequiredService<IPlanService>();
        var series = await meetings.CreateSeriesAsync(
            MeetingSeriesDefinition.DailyProduction("animateur", [new("animateur", "", null, false)]) with { Title = "Plan changé " + Guid.NewGuid().ToString("N")[..4] },
            "animateur");
        var id = await meetings.StartMeetingAsync(series.Id, "animateur");
        try
        {
            var opened = (await meetings.GetAsync(id))!;
            Assert.False(await meetings.PlanChangedSinceAsync(opened));

            // The plan's change event names its latest run: the screens compare without asking the plan.
            var published = new TaskCompletionSource<Collab.Contracts.Common.ChangeEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var subscription = host.Factory.Services.GetRequiredService<LiveUpdates>().Subscribe(Collab.Contracts.Common.ObjectKind.Plan, null, e =>
            {
                if (e.RunId is { } r && r != opened.PlanRunId)
                {
                    published.TrySetResult(e);
                }

                return Task.CompletedTask;
            });
            var run = await plan.RecalculateAsync("planificateur");
            Assert.NotEqual(opened.PlanRunId, run.RunId);
            Assert.True(await meetings.PlanChangedSinceAsync((await meetings.GetAsync(id))!));
            var change = await published.Task.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(await meetings.PlanChangedSinceAsync(opened, change));
            Assert.False(await meetings.PlanChangedSinceAsync(opened with { PlanRunId = change.RunId }, change));

            var refreshed = await meetings.RefreshAgendaAsync(id, "animateur");
            Assert.Equal(run.RunId, refreshed.PlanRunId);
            Assert.False(await meetings.PlanChangedSinceAsync(refreshed));

            // The planner may facilitate (role) but this is not their meeting: refused; an admin may drive it.
            await Assert.ThrowsAsync<Collab.Contracts.CommandRejectedException>(() => meetings.GoToAsync(id, 0, "planificateur"));
            await meetings.SetTimerAsync(id, true, "admin");
        }
        finally
        {
            await meetings.CloseAsync(id, "animateur");
        }
    }
}
