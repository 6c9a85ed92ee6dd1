using System.Collections.Concurrent;
using System.Diagnostics;
using Collab.Web.Tests.Infrastructure;

namespace Collab.Web.Tests.Hosting;

/// <summary>A real Collab.Web process (the built Collab.Web.dll, or <c>dotnet run --no-build</c> as the README
/// says), its output captured line by line; killed with its children on dispose.</summary>
public sealed class CollabProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> stdout = new();
    private readonly ConcurrentQueue<string> stderr = new();
    private readonly SemaphoreSlim outputSignal = new(0);

    private CollabProcess(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        // The host's own environment must not leak in (e.g. the shared fixture's Collab__* variables).
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Collab__", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("Kestrel__", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Add(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Add(stderr, e.Data);
    }

    public string StandardOutput => string.Join('\n', stdout);

    public string StandardError => string.Join('\n', stderr);

    /// <summary>The project's build output (same configuration as the tests).</summary>
    public static string WebDirectory => Path.Combine(SourceTree.Root, "src", "Collab.Web");

    /// <summary>Starts <c>dotnet Collab.Web.dll args</c> in src/Collab.Web (its appsettings.json).</summary>
    public static CollabProcess StartDll(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // bin/<Configuration>/net10.0
        var dll = Path.Combine(WebDirectory, "bin", configuration, "net10.0", "Collab.Web.dll");
        Assert.True(File.Exists(dll), $"{dll} not built");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = WebDirectory };
        start.ArgumentList.Add(dll);
        return Start(start, args, environment);
    }

    /// <summary>Starts <c>dotnet run --no-build --project src/Collab.Web -- args</c> from the repository root
    /// (the README's commands; --no-build because the tests already built it).</summary>
    public static CollabProcess StartDotnetRun(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = SourceTree.Root };
        foreach (var a in new[] { "run", "--no-build", "--project", "src/Collab.Web", "--" })
        {
            start.ArgumentList.Add(a);
        }

        return Start(start, args, environment);
    }

    private static CollabProcess Start(ProcessStartInfo start, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        var collab = new CollabProcess(start);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        collab.process.Start();
        collab.process.BeginOutputReadLine();
        collab.process.BeginErrorReadLine();
        return collab;
    }

    /// <summary>Waits for the process to exit; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"Collab did not exit within {timeout}.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
        }

        process.WaitForExit(); // flushes the redirected output
        return process.ExitCode;
    }

    /// <summary>Waits until a stdout line satisfies <paramref name="condition"/> (or fails if the process exits first).</summary>
    public async Task<string> WaitForOutputAsync(Func<string, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (stdout.FirstOrDefault(condition) is { } line)
            {
                return line;
            }

            if (process.HasExited)
            {
                process.WaitForExit();
                if (stdout.FirstOrDefault(condition) is { } last)
                {
                    return last;
                }

                Assert.Fail($"Collab exited ({process.ExitCode}) before the expected output.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                Assert.Fail($"Expected output not seen within {timeout}.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
            }

            // Woken by every new output line (or at most every second to notice an exit).
            await outputSignal.WaitAsync(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1));
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }

        process.Dispose();
    }

    private void Add(ConcurrentQueue<string> queue, string? line)
    {
        if (line is not null)
        {
            queue.Enqueue(line);
            outputSignal.Release();
        }
    }
}
