using Collab.Planning.Scheduling;

namespace Collab.Planning.Tests.Scheduling;

public sealed class EvaluateTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Evaluating_stored_placements_gives_back_the_engine_analysis(int seed)
    {
        var problem = ProblemFactory.Random(seed, orders: 30, workstations: 6);
        var planned = Scheduler.Plan(problem);

        // as after a restart: only the placements were kept, in another order
        var evaluated = Scheduler.Evaluate(problem, planned.Assignments.Reverse().ToList());

        Assert.Equal(planned.Objective, evaluated.Objective);
        Assert.Equal(planned.Orders.OrderBy(o => o.OrderId), evaluated.Orders.OrderBy(o => o.OrderId));
        Assert.Equal(planned.LateOrders.Select(l => (l.OrderId, l.Lateness, l.BottleneckWorkstationId)), evaluated.LateOrders.Select(l => (l.OrderId, l.Lateness, l.BottleneckWorkstationId)));
        Assert.Equal(planned.Utilisation, evaluated.Utilisation);
        Assert.Empty(ScheduleValidator.Validate(problem, evaluated));
    }

    [Fact]
    public void Evaluating_an_incomplete_or_doubled_schedule_names_the_operation()
    {
        var problem = ProblemFactory.Random(4, orders: 5, workstations: 2);
        var planned = Scheduler.Plan(problem);

        var missing = Assert.Throws<SchedulingInputException>(() => Scheduler.Evaluate(problem, planned.Assignments.Skip(1).ToList()));
        var doubled = Assert.Throws<SchedulingInputException>(() => Scheduler.Evaluate(problem, [.. planned.Assignments, planned.Assignments[0]]));

        Assert.Contains(planned.Assignments[0].OperationId, missing.Message);
        Assert.Contains("twice", doubled.Message);
    }
}
