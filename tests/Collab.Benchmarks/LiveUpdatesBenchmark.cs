using System.Diagnostics;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Sites;
using Collab.Infrastructure.Serialization;
using Collab.Web.Services;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.TestingHost;

namespace Collab.Benchmarks;

/// <summary>
/// Propagation of an edit to open screens: a 2-silo in-process cluster, one web process (LiveUpdates) attached
/// to silo 2 with 50 circuit subscriptions on one customer order, N edits sent through silo 1. Latency is measured
/// from the start of the command (validate → persist → publish) to each subscriber's handler running.
/// </summary>
public static class LiveUpdatesBenchmark
{
    public static async Task<int> Run(string[] args)
    {
        var edits = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 200;
        const int subscribers = 50;
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddCollabSerialization();
            silo.AddMemoryGrainStorageAsDefault();
        });
        builder.ConfigureClient(client => client.Services.AddCollabSerialization());
        await using var cluster = builder.Build();
        await cluster.DeployAsync();

        var silo1 = cluster.Silos[0].ServiceProvider.GetRequiredService<IGrainFactory>();
        var silo2 = cluster.Silos[1].ServiceProvider.GetRequiredService<IGrainFactory>();
        const string site = "BENCH";
        var siteGrain = silo1.GetGrain<ISiteGrain>(site);
        await siteGrain.ImportMasterDataAsync(MasterDataSet.Empty with { Items = [new ItemData("VAN", "Vanne", "VANNES", ItemSource.Make, "pc", 1, 1, 0)] }, 0, "bench");
        var order = silo1.GetGrain<ICustomerOrderGrain>("CC-BENCH-1");
        var view = await order.CreateAsync(site, new CustomerOrderDraft("C001", [new("VAN", 1, new DateOnly(2026, 12, 1))]), "bench");

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Collab:Site"] = site }).Build();
        using var live = new LiveUpdates(silo2, TimeProvider.System, configuration, NullLogger<LiveUpdates>.Instance);
        await live.StartAsync(CancellationToken.None);

        var latencies = new List<double>(edits * subscribers);
        var clock = Stopwatch.StartNew();
        long expectedVersion = 0;
        double startedAt = 0;
        var remaining = 0;
        TaskCompletionSource allSeen = new(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new Lock();
        var subscriptions = Enumerable.Range(0, subscribers).Select(_ => live.Subscribe(ObjectKind.CustomerOrder, "CC-BENCH-1", change =>
        {
            var at = clock.Elapsed.TotalMilliseconds;
            lock (gate)
            {
                if (change.Version == expectedVersion)
                {
                    latencies.Add(at - startedAt);
                    if (--remaining == 0)
                    {
                        allSeen.TrySetResult();
                    }
                }
            }

            return Task.CompletedTask;
        })).ToList();

        for (var i = 0; i < edits + 10; i++)
        {
            lock (gate)
            {
                expectedVersion = view.Version + 1;
                remaining = subscribers;
                allSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                startedAt = clock.Elapsed.TotalMilliseconds;
            }

            view = await order.SetLineQtyAsync(1, 1 + i % 7 + 1, view.Version, "bench");
            await allSeen.Task.WaitAsync(TimeSpan.FromSeconds(10));
            if (i == 9)
            {
                lock (gate)
                {
                    latencies.Clear(); // warm-up
                }
            }
        }

        subscriptions.ForEach(s => s.Dispose());
        await live.StopAsync(CancellationToken.None);
        latencies.Sort();
        double P(double q) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];
        Console.WriteLine($"live updates: 2 silos, {subscribers} subscribers on one object (web process on silo 2, edits through silo 1), {edits} edits, {latencies.Count} notifications");
        Console.WriteLine($"  edit → subscriber notified: p50 {P(0.50):0.00} ms, p99 {P(0.99):0.00} ms, max {latencies[^1]:0.00} ms");
        return 0;
    }
}
