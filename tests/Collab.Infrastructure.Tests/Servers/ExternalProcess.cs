using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Collab.Infrastructure.Tests.Servers;

/// <summary>Helpers to run a real server process for a test fixture.</summary>
internal static class ExternalProcess
{
    public static bool IsRoot => Environment.UserName == "root" || CurrentUid() == 0;

    public static int CurrentUid()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("Uid:", StringComparison.Ordinal))
                return int.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        return -1;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string FindExecutable(string name, params string[] candidates)
    {
        foreach (var c in candidates) if (File.Exists(c)) return c;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            var p = Path.Combine(dir, name);
            if (File.Exists(p)) return p;
        }
        throw new InvalidOperationException($"{name} is not installed (apt-get install -y the Debian package; test.sh does it).");
    }

    /// <summary>Starts a process capturing its output; as root, runs it as <paramref name="runAsUser"/> when given.</summary>
    public static (Process Process, StringBuilder Output) Start(string file, IEnumerable<string> args, string? runAsUser)
    {
        var psi = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (runAsUser is not null && IsRoot)
        {
            psi.FileName = FindExecutable("runuser", "/usr/sbin/runuser", "/sbin/runuser");
            psi.ArgumentList.Add("-u");
            psi.ArgumentList.Add(runAsUser);
            psi.ArgumentList.Add("--");
            psi.ArgumentList.Add(file);
        }
        else
        {
            psi.FileName = file;
        }
        foreach (var a in args) psi.ArgumentList.Add(a);
        var output = new StringBuilder();
        var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, output);
    }

    /// <summary>
    /// Polls (deadline 20 s) until the server on <paramref name="port"/> sends a greeting starting
    /// with <paramref name="greetingPrefix"/>. Fails fast with the server's output if it exits.
    /// </summary>
    public static async Task WaitForGreetingAsync(Process process, StringBuilder output, int port, string greetingPrefix, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"{what} exited with code {process.ExitCode}: {Snapshot(output)}");
            try
            {
                using var client = new TcpClient();
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await client.ConnectAsync(IPAddress.Loopback, port, cts.Token);
                using var stream = client.GetStream();
                var buffer = new byte[512];
                var read = await stream.ReadAsync(buffer, cts.Token);
                var greeting = Encoding.ASCII.GetString(buffer, 0, read);
                if (greeting.StartsWith(greetingPrefix, StringComparison.Ordinal)) return;
                last = new InvalidOperationException($"unexpected greeting '{greeting}'");
            }
            catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
            {
                last = ex;
            }
            // Polling a real external process with a deadline (allowed); the pause only spaces the attempts.
            await Task.Delay(50);
        }
        throw new TimeoutException($"{what} did not answer on 127.0.0.1:{port} within 20 s ({last?.Message}): {Snapshot(output)}");
    }

    public static void Stop(Process? process)
    {
        if (process is null) return;
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        process.Dispose();
    }

    public static string Snapshot(StringBuilder output)
    {
        lock (output) return output.ToString();
    }

    /// <summary>rwxr-xr-x, so the unprivileged server user can reach its directories inside.</summary>
    public static void MakeTraversable(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    public static void ChownRecursive(string path, string user)
    {
        if (!IsRoot) return;
        using var p = Process.Start(FindExecutable("chown", "/usr/bin/chown", "/bin/chown"), ["-R", $"{user}:{user}", path])!;
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"chown {path} failed");
    }
}
