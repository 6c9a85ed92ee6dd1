using System.Collections.Concurrent;
using System.Diagnostics;
using Collab.Contracts.Sites;
using Collab.Infrastructure.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Collab.Benchmarks;

/// <summary>
/// One item edit on a 10,000-item plant through the site grain (in-process silo, memory storage wrapped by a counter
/// that serialises every written state with the application's JSON serializer): bytes written and time per edit.
/// <c>--mode cluster</c>: the 2 cluster-mode silos on PostgreSQL of <see cref="LargePlantSilo"/> instead, the bytes also
/// read back from <c>orleansstorage</c> (<see cref="StoredBytes"/>).
/// Goal of issue #14: &lt; 64 KB written and &lt; 20 ms p99 per edit.
/// </summary>
public static class MasterDataEditBenchmark
{
    public static async Task<int> Run(string[] args)
    {
        var itemCount = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 10_000;
        var edits = args.Length > 1 && int.TryParse(args[1], out var e) ? e : 300;
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddCollabSerialization();
            silo.AddMemoryGrainStorage("inner");
            CountingStorage.Wrap(silo, "inner");
        });
        builder.ConfigureClient(client => client.Services.AddCollabSerialization());
        // Cluster mode (--mode cluster): 2 cluster-mode silos on PostgreSQL (LargePlantSilo), every state sized as here.
        await using var large = LargePlantSilo.ClusterMode ? await LargePlantSilo.StartAsync(_ => true) : null;
        await using var cluster = large is null ? builder.Build() : null;
        await (cluster?.DeployAsync() ?? Task.CompletedTask);
        var grains = large?.Grains ?? cluster!.Client;
        var site = grains.GetGrain<ISiteGrain>("BENCH");
        var plant = Plant(itemCount);
        var watch = Stopwatch.StartNew();
        await site.ImportMasterDataAsync(plant, 0, "bench");
        var import = watch.Elapsed.TotalMilliseconds;
        var wholePlant = CountingStorage.Size(grains.ServiceProvider.GetRequiredService<IGrainStorageSerializer>(), plant);
        Console.WriteLine($"Master-data edit benchmark: {plant.Items.Count} items, {plant.Bom.Count} BOM lines, {plant.Routings.Count} operations, {plant.Workstations.Count} workstations, {plant.Forecasts.Count} forecasts; " +
            $"{(large is null ? "in-process silo, memory storage" : LargePlantSilo.ModeName)}, load average {BenchMachine.LoadAverage()}");
        Console.WriteLine($"import {import,8:0} ms, whole plant as one state = {wholePlant / 1024.0:0} KB (what every edit wrote before)");

        var validations = new List<double>();
        for (var k = 0; k < 15; k++)
        {
            watch.Restart();
            _ = Collab.Domain.MasterData.MasterDataValidator.Validate(plant);
            validations.Add(watch.Elapsed.TotalMilliseconds);
        }

        validations.Sort();
        Console.WriteLine($"whole-plant validation (pure, in this process): p50 {P(validations, 0.5),6:0.00} ms  max {validations[^1],6:0.00} ms");

        var random = new Random(11);
        var times = new List<double>();
        var bytes = new List<long>();
        var writes = new List<int>();
        var stored = large is null ? null : new StoredBytes(large);
        await (stored?.StartAsync() ?? Task.CompletedTask);
        for (var k = 0; k < edits + 20; k++)
        {
            var item = plant.Items[random.Next(plant.Items.Count)];
            var stamp = await site.GetStampAsync(MasterDataKeys.Of(item));
            var (b0, w0) = CountingStorage.Totals;
            watch.Restart();
            await site.UpsertItemAsync(item with { LeadTimeDays = item.LeadTimeDays + 1 + k % 3, SafetyStock = k % 7 }, stamp.Version, "bench");
            var ms = watch.Elapsed.TotalMilliseconds;
            var (b1, w1) = CountingStorage.Totals;
            await (stored?.AddAsync(k >= 20) ?? Task.CompletedTask);
            if (k >= 20)
            {
                times.Add(ms);
                bytes.Add(b1 - b0);
                writes.Add(w1 - w0);
            }
        }

        times.Sort();
        bytes.Sort();
        Console.WriteLine($"item edit ({edits} edits): time p50 {P(times, 0.5),6:0.00} ms  p90 {P(times, 0.9),6:0.00}  p99 {P(times, 0.99),6:0.00}  max {times[^1],6:0.00}");
        Console.WriteLine($"                   written p50 {P(bytes, 0.5) / 1024.0,6:0.0} KB  p90 {P(bytes, 0.9) / 1024.0,6:0.0}  p99 {P(bytes, 0.99) / 1024.0,6:0.0}  max {bytes[^1] / 1024.0,6:0.0} KB  in {writes.Average():0.0} state writes per edit");
        Console.WriteLine($"                   largest states written: {string.Join(", ", CountingStorage.Largest.OrderByDescending(kv => kv.Value).Take(4).Select(kv => $"{kv.Key} {kv.Value / 1024.0:0.0} KB"))}");
        stored?.Print();
        Console.WriteLine($"load average at the end {BenchMachine.LoadAverage()}");
        return 0;
    }

    private static double P(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * q))];

    private static double P(List<long> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * q))];

    /// <summary>A synthetic plant: 5 % finished goods, 25 % sub-assemblies, 30 % parts, 40 % bought; 2–3 components per made item, 1–3 operations.</summary>
    internal static MasterDataSet Plant(int count)
    {
        var random = new Random(5);
        var stations = Enumerable.Range(1, 50).Select(w => new WorkstationData($"W{w:00}", $"Poste {w:00}", WorkstationData.Shifts(1 + w % 2), 1 + w % 3, 0.9, [])).ToList();
        var suppliers = Enumerable.Range(1, 200).Select(s => new SupplierData($"F{s:000}", $"Fournisseur {s:000}", $"achats{s}@fournisseur.example", s % 4 == 0 ? "en" : "fr")).ToList();
        var customers = Enumerable.Range(1, 500).Select(c => new CustomerData($"C{c:000}", $"Client {c:000}", "Lyon")).ToList();
        var items = new List<ItemData>();
        for (var i = 0; i < count; i++)
        {
            var level = i < count * 0.05 ? 0 : i < count * 0.30 ? 1 : i < count * 0.60 ? 2 : 3;
            var buy = level == 3;
            items.Add(new ItemData($"I{i:00000}", $"Article {i:00000} niveau {level}", $"FAM{i % 40:00}", buy ? ItemSource.Buy : ItemSource.Make, "pc",
                Math.Round(1 + random.NextDouble() * 100, 2), 2 + i % 10, i % 5, i % 3 == 0 ? LotRule.FixedQuantity : LotRule.LotForLot, i % 3 == 0 ? 50 : 0,
                PreferredSupplier: buy ? suppliers[i % suppliers.Count].Code : null, Buyer: buy ? "acheteur" : null, Planner: buy ? null : "planificateur"));
        }

        int Start(int level) => level switch { 0 => 0, 1 => (int)(count * 0.05), 2 => (int)(count * 0.30), _ => (int)(count * 0.60) };
        int End(int level) => level == 3 ? count : Start(level + 1);
        var bom = new List<BomLineData>();
        var routings = new List<RoutingOperationData>();
        for (var i = 0; i < (int)(count * 0.60); i++)
        {
            var level = i < count * 0.05 ? 0 : i < count * 0.30 ? 1 : 2;
            var children = new HashSet<int>();
            while (children.Count < 2 + i % 2)
            {
                children.Add(random.Next(Start(level + 1), End(level + 1)));
            }

            bom.AddRange(children.Select(c => new BomLineData(items[i].Code, items[c].Code, 1 + c % 3)));
            for (var op = 1; op <= 1 + i % 3; op++)
            {
                routings.Add(new RoutingOperationData(items[i].Code, op * 10, stations[(i + op) % stations.Count].Code, 0.5, 0.05 + (i % 7) / 100.0, "Opération"));
            }
        }

        var monday = new DateOnly(2026, 11, 30);
        var forecasts = items.Take((int)(count * 0.05)).SelectMany(i => Enumerable.Range(0, 26).Select(w => new ForecastData(i.Code, monday.AddDays(7 * w), 10 + w % 5))).ToList();
        var stock = items.Select((i, k) => new StockData(i.Code, k % 50)).ToList();
        return new MasterDataSet(items, bom, routings, stations, suppliers, customers, forecasts, stock);
    }
}
