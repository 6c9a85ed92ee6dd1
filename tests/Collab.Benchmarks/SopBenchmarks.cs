using Collab.Planning.Mrp;
using Collab.Planning.Sop;

namespace Collab.Benchmarks;

internal static class SopBenchmarks
{
    public static void Run(string[] args)
    {
        Console.WriteLine("== S&OP (PIC): families × 24 months, three strategies, 20 key workstations ==");
        foreach (var families in new[] { 200, 1_000 })
        {
            var input = Generate(families, 24, 20, 11);
            SopResult? result = null;
            var (median, min, allocated, cpu) = Measure.TimeWithCpu(15, () => result = SopEngine.Run(input));
            Console.WriteLine($"{families,5} families × 24 months: median {median:F2} ms (min {min:F2} ms, CPU {cpu:F2} ms), allocated {Measure.Mb(allocated)}; " +
                              $"overloaded workstation-months chase/level/target = {string.Join("/", result!.Comparison.Select(c => c.OverloadedWorkstationMonths))}");
        }
    }

    internal static SopInput Generate(int families, int months, int workstations, ulong seed)
    {
        var rng = new PlantGenerator.SplitMix64(seed);
        var list = new List<SopFamily>(families);
        for (var f = 0; f < families; f++)
        {
            var firm = new double[months];
            var forecast = new double[months];
            var baseDemand = 100 + rng.Next(900);
            for (var m = 0; m < months; m++)
            {
                var season = 1 + 0.3 * Math.Sin(2 * Math.PI * m / 12);
                forecast[m] = Math.Round(baseDemand * season);
                firm[m] = m < 3 ? Math.Round(forecast[m] * (0.5 + rng.NextDouble())) : m < 6 ? Math.Round(forecast[m] * 0.3 * rng.NextDouble()) : 0;
            }

            var hours = new Dictionary<string, double>();
            for (var k = 0; k < 1 + rng.Next(3); k++)
            {
                hours[$"WS{rng.Next(workstations):D2}"] = 0.05 + 0.5 * rng.NextDouble();
            }

            list.Add(new SopFamily
            {
                Code = $"FAM{f:D4}",
                OpeningInventory = rng.Next(2 * baseDemand),
                TargetDaysOfCover = rng.Next(3) == 0 ? 0 : 5 + rng.Next(20),
                Firm = firm,
                Forecast = forecast,
                Optional = [new SopOptionalOrder(1 + rng.Next(months), 50 + rng.Next(500), 0.1 * (1 + rng.Next(9)))],
                HoursPerUnit = hours,
            });
        }

        var stations = Enumerable.Range(0, workstations)
            .Select(w => new SopWorkstation($"WS{w:D2}", [.. Enumerable.Repeat(families * 12.0, months)]))
            .ToList();
        return new SopInput { Months = months, Families = list, Workstations = stations };
    }
}
