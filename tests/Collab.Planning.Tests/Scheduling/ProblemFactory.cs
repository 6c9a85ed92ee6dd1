using Collab.Planning.Scheduling;

namespace Collab.Planning.Tests.Scheduling;

internal static class ProblemFactory
{
    public static Workstation Ws(string id, int machines = 1, WorkCalendar? calendar = null, SetupMatrix? setups = null) => new(id, machines, calendar, setups);

    public static ScheduledOperation Op(string id, string order, string ws, long duration, params string[] predecessors) =>
        new(id, order, ws, duration) { Predecessors = predecessors.Select(p => new Precedence(p)).ToArray() };

    /// <summary>A random plant: workstations with day shifts (two 8-hour shifts, weekends closed) and parallel machines,
    /// orders with 2–6 routed operations, setup families, release dates, due dates, weights, priorities.</summary>
    public static SchedulingProblem Random(int seed, int orders, int workstations, bool calendars = true, bool setups = true, bool withFixed = false)
    {
        var rng = new Random(seed);
        var horizon = 1440L * 200;
        var wss = Enumerable.Range(0, workstations).Select(w => new Workstation(
            $"W{w}", 1 + rng.Next(3) / 2,
            calendars ? WorkCalendar.FromShifts(0, horizon, [(360, 840), (840, 1320)], day => day % 7 < 5,
                w % 4 == 0 ? new[] { new TimeInterval(1440 * 2, 1440 * 3) } : null) : null,
            setups ? new SetupMatrix(15 + rng.Next(30)) : null)).ToList();
        var ords = new List<ScheduledOrder>();
        var ops = new List<ScheduledOperation>();
        for (var k = 0; k < orders; k++)
        {
            var count = 2 + rng.Next(5);
            var release = rng.Next(4) == 0 ? rng.Next(1440 * 3) : (long?)null;
            ords.Add(new ScheduledOrder($"O{k}", 1440L * (2 + rng.Next(15)), 1 + rng.Next(3), rng.Next(3), release));
            string? prev = null;
            for (var i = 0; i < count; i++)
            {
                var id = $"O{k}-{i}";
                ops.Add(new ScheduledOperation(id, $"O{k}", $"W{rng.Next(workstations)}", 30 + rng.Next(300))
                {
                    Predecessors = prev is null ? [] : [new Precedence(prev, rng.Next(6) == 0 ? 0.5 : 1.0, rng.Next(5) == 0 ? 60 : 0)],
                    SetupFamily = setups ? $"F{rng.Next(3)}" : null,
                    Interruptible = rng.Next(8) != 0,
                    Fix = withFixed && rng.Next(12) == 0
                        ? (i == 0 && rng.Next(2) == 0
                            ? new OperationFix(FixKind.InProgress, 60 - rng.Next(100), 0)
                            : new OperationFix(FixKind.Pinned, 1440L * rng.Next(10) + 420 + rng.Next(300), rng.Next(2) == 0 ? 0 : null))
                        : null,
                });
                prev = id;
            }
        }

        return new SchedulingProblem(60, wss, ords, ops);
    }
}
