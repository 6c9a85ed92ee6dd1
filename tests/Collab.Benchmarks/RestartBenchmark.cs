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
        var dll = Path.Combine(RepositoryRoot(), "src", "Collab.Web", "bin", "Release", "net10.0", "Collab.Web.dll");
        if (!File.Exists(dll))
        {
            Console.WriteLine($"restart needs the web application built: dotnet build src/Collab.Web -c Release ({dll} missing)");
            return 2;
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

    private static async Task<(double Seconds, long WorkingSet)> StartStopAsync(string dll, string data, string scale)
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
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
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
                    using var response = await http.GetAsync($"http://127.0.0.1:{port}/health/ready");
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

            var seconds = watch.Elapsed.TotalSeconds;
            process.Refresh();
            return (seconds, process.WorkingSet64);
        }
        finally
        {
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
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
