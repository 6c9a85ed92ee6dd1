using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Collab.Benchmarks;

/// <summary>
/// Issue #17 line "restart to <c>/health/ready</c> with the large plant &lt; 30 s": runs the built web application
/// (<c>src/Collab.Web/bin/Release/net10.0/Collab.Web.dll</c>, embedded mode) on a data directory, polls
/// <c>/health/ready</c> until it answers 200, reads the process' working set, stops it with SIGTERM, and again
/// <c>--runs</c> times. The first start on an empty directory seeds the plant (<c>--demo-scale large</c> by default) and
/// is reported apart; the following ones are restarts on the stored plant.
/// </summary>
public static class RestartBenchmark
{
    public static async Task<int> Run(string[] args)
    {
        var data = BenchMachine.Option(args, "--data") ?? Path.Combine(Path.GetTempPath(), "collab-restart-" + Guid.NewGuid().ToString("N")[..8]);
        var runs = BenchMachine.Option(args, "--runs", 3);
        var scale = BenchMachine.Option(args, "--scale") ?? "large";
        if (WebDll() is not { } dll)
        {
            return 2;
        }

        if (LargePlantSilo.ClusterMode)
        {
            return await ClusterAsync(dll, runs);
        }

        Directory.CreateDirectory(data);
        var seeded = Directory.EnumerateFiles(data, "collab.db").Any();
        Console.WriteLine($"Restart to /health/ready: embedded mode, --demo-scale {scale}, data {data} ({(seeded ? "already seeded" : "empty: first start seeds")}), load average {BenchMachine.LoadAverage()}");
        var times = new List<double>();
        for (var run = seeded ? 1 : 0; run <= runs; run++)
        {
            var (seconds, workingSet) = await StartStopAsync(dll, data, scale);
            Console.WriteLine($"  {(run == 0 ? "first start (seeding)" : $"restart {run}"),-22} ready in {seconds,6:0.0} s   working set {workingSet / (1024.0 * 1024.0),6:0} MB");
            if (run > 0)
            {
                times.Add(seconds);
            }
        }

        times.Sort();
        Console.WriteLine($"restart to ready: median {times[times.Count / 2]:0.0} s, max {times[^1]:0.0} s (goal < 30 s); load average at the end {BenchMachine.LoadAverage()}");
        return 0;
    }

    /// <summary>
    /// Cluster mode (<c>--mode cluster --database NAME</c>, a database seeded by <c>plan-scale --mode cluster --database
    /// NAME</c>): two instances of the built application (each a silo and the web) started together on it until both
    /// answer <c>/health/ready</c>, then both stopped, <c>--runs</c> times.
    /// </summary>
    private static async Task<int> ClusterAsync(string dll, int runs)
    {
        var (connectionString, drop) = await LargePlantSilo.DatabaseAsync();
        if (drop is not null)
        {
            Console.WriteLine($"restart --mode cluster needs --database NAME, a database seeded by plan-scale --mode cluster --database NAME (database {drop} created empty: drop it)");
            return 2;
        }

        Console.WriteLine($"Restart to /health/ready: {LargePlantSilo.ModeName}, 2 application instances started together, load average {BenchMachine.LoadAverage()}");
        var times = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            var watch = Stopwatch.StartNew();
            var apps = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => RunningApp.StartAsync(dll, Path.GetTempPath(), "large", extra: ClusterArguments(connectionString))));
            times.Add(watch.Elapsed.TotalSeconds);
            Console.WriteLine($"  restart {run}: both ready in {times[^1],6:0.0} s ({string.Join(" / ", apps.Select(a => $"{a.SecondsToReady:0.0} s"))}), working set {string.Join(" / ", apps.Select(a => $"{a.WorkingSet() / (1024.0 * 1024.0):0} MB"))}; load average {BenchMachine.LoadAverage()}");
            foreach (var app in apps)
            {
                await app.DisposeAsync();
            }
        }

        times.Sort();
        Console.WriteLine($"restart to ready (cluster, 2 instances): median {times[times.Count / 2]:0.0} s, max {times[^1]:0.0} s (goal < 30 s); load average at the end {BenchMachine.LoadAverage()}");
        return 0;
    }

    /// <summary>The command line of one cluster-mode instance on <paramref name="connectionString"/> (the silos of <see cref="LargePlantSilo"/>' cluster, free loopback ports).</summary>
    internal static string[] ClusterArguments(string connectionString) =>
    [
        "--Collab:Mode=Cluster", $"--ConnectionStrings:Collab={connectionString}", "--Collab:Cluster:ClusterId=collab-bench", "--Collab:Cluster:ServiceId=collab-bench",
        $"--Collab:Cluster:SiloPort={BenchMachine.FreePort()}", $"--Collab:Cluster:GatewayPort={BenchMachine.FreePort()}", "--Collab:Cluster:AdvertisedIPAddress=127.0.0.1",
    ];

    private static async Task<(double Seconds, long WorkingSet)> StartStopAsync(string dll, string data, string scale)
    {
        await using var app = await RunningApp.StartAsync(dll, data, scale);
        return (app.SecondsToReady, app.WorkingSet());
    }

    /// <summary>The built web application (<c>src/Collab.Web/bin/Release/net10.0/Collab.Web.dll</c>), or null with a message when it is not built.</summary>
    internal static string? WebDll()
    {
        var dll = Path.Combine(RepositoryRoot(), "src", "Collab.Web", "bin", "Release", "net10.0", "Collab.Web.dll");
        if (File.Exists(dll))
        {
            return dll;
        }

        Console.WriteLine($"this benchmark needs the web application built: dotnet build src/Collab.Web -c Release ({dll} missing)");
        return null;
    }

    /// <summary>
    /// The built web application started in embedded mode on a data directory (<c>--demo-scale</c> <paramref name="scale"/>),
    /// ready (<c>/health/ready</c> answered 200) when <see cref="StartAsync"/> returns; stopped with SIGTERM on dispose.
    /// </summary>
    internal sealed class RunningApp : IAsyncDisposable
    {
        private readonly Process _process;

        private RunningApp(Process process, Uri baseAddress, double seconds)
        {
            _process = process;
            BaseAddress = baseAddress;
            SecondsToReady = seconds;
        }

        public Uri BaseAddress { get; }

        public double SecondsToReady { get; }

        public int ProcessId => _process.Id;

        /// <summary>The process' working set now (bytes).</summary>
        public long WorkingSet()
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }

        public static async Task<RunningApp> StartAsync(string dll, string data, string scale, string environment = "Production", IEnumerable<string>? extra = null)
        {
            var port = BenchMachine.FreePort();
            var start = new ProcessStartInfo("dotnet")
            {
                ArgumentList = { dll, "--demo-scale", scale, $"--Collab:DataDirectory={data}", "--urls", $"http://127.0.0.1:{port}" },
                WorkingDirectory = Path.GetDirectoryName(dll)!,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in extra ?? [])
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
            var watch = Stopwatch.StartNew();
            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var app = new RunningApp(process, new Uri($"http://127.0.0.1:{port}/"), 0);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            try
            {
                while (true)
                {
                    if (process.HasExited)
                    {
                        throw new InvalidOperationException($"Collab.Web exited with code {process.ExitCode} before it was ready");
                    }

                    try
                    {
                        using var response = await http.GetAsync(new Uri(app.BaseAddress, "health/ready"));
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            break;
                        }
                    }
                    catch (HttpRequestException)
                    {
                        // not listening yet
                    }
                    catch (TaskCanceledException)
                    {
                        // busy starting
                    }

                    await Task.Delay(200); // polling a process from outside: the only way to see "ready"
                }
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }

            return new RunningApp(process, app.BaseAddress, watch.Elapsed.TotalSeconds);
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
                {
                    await term.WaitForExitAsync();
                }

                using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                try
                {
                    await _process.WaitForExitAsync(stop.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                }
            }

            _process.Dispose();
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
