using Collab.Planning.Scheduling;

namespace Collab.Planning.Tests.Scheduling;

internal static class ScheduleAssert
{
    /// <summary>The validator finds nothing and the engine reported no conflict.</summary>
    public static void Valid(SchedulingProblem problem, ScheduleResult result)
    {
        var errors = ScheduleValidator.Validate(problem, result);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(10)));
        Assert.True(result.Conflicts.Count == 0, string.Join("\n", result.Conflicts.Select(c => c.Message)));
    }

    /// <summary>Every violation is covered by a reported conflict.</summary>
    public static void ValidExceptReported(SchedulingProblem problem, ScheduleResult result)
    {
        var errors = ScheduleValidator.Validate(problem, result, excuseReportedConflicts: true);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(10)));
    }
}
