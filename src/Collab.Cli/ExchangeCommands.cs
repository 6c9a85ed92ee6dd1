using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Collab.Cli;

/// <summary>
/// <c>collab import</c> and <c>collab export</c>: clients of a running Collab server's REST API (/api/v1) with an API key
/// (Administration → Clés d'API). The server parses and validates; the CLI prints its line-numbered errors.
/// Exit codes: 0 done, 1 server unreachable or unexpected answer, 2 usage error or file rejected (nothing changed).
/// </summary>
internal static class ExchangeCommands
{
    public const string ImportSummary = "Load a plant's data into a server: --site S --file plant.xlsx [--dry-run] [--mode merge|replace] --url http://… --key …";
    public const string ExportSummary = "Export a list or plan output: --what planned-orders --format csv|xlsx [--out file] --url http://… --key …";

    internal static Func<HttpMessageHandler> Handler { get; set; } = () => new HttpClientHandler();

    public static int Import(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args is ["--help"] or ["-h"])
        {
            stdout.WriteLine("collab import --site S --file plant.xlsx [--file more.csv …] [--dry-run] [--mode merge|replace] --url http://host:port --key collab_…");
            stdout.WriteLine("  Sends the workbook (or CSV files) to the server, which checks everything before changing anything.");
            stdout.WriteLine("  --dry-run   preview only (counts created / changed / removed per kind)");
            stdout.WriteLine("  --mode      merge (default: create and update) or replace (each kind in the file replaces the existing list)");
            stdout.WriteLine("  The key may also come from the COLLAB_API_KEY environment variable.");
            stdout.WriteLine("  Exit 0 applied (or previewed), 2 file rejected (every error printed with sheet/file, line, column; nothing changed), 1 other failure.");
            return 0;
        }

        var files = new List<string>();
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--file" && i + 1 < args.Length)
            {
                files.Add(args[++i]);
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        var a = CliArgs.Parse([.. rest], new HashSet<string> { "--site", "--mode", "--url", "--key" }, new HashSet<string> { "--dry-run" });
        if (files.Count == 0)
        {
            a.Errors.Add("missing --file plant.xlsx");
        }

        var mode = a.Get("--mode") ?? "merge";
        if (mode is not ("merge" or "replace"))
        {
            a.Errors.Add("--mode must be merge or replace");
        }

        var (url, key) = Server(a);
        foreach (var f in files.Where(f => !File.Exists(f)))
        {
            a.Errors.Add($"file not found: {f}");
        }

        if (a.Failed("import", stderr))
        {
            return 2;
        }

        using var http = Client(url!, key!);
        using var form = new MultipartFormDataContent();
        foreach (var f in files)
        {
            form.Add(new ByteArrayContent(File.ReadAllBytes(f)), "file", Path.GetFileName(f));
        }

        var query = $"api/v1/imports?mode={mode}&dryRun={(a.Has("--dry-run") ? "true" : "false")}" + (a.Get("--site") is { } site ? $"&site={Uri.EscapeDataString(site)}" : string.Empty);
        var watch = Stopwatch.StartNew();
        HttpResponseMessage response;
        try
        {
            response = http.PostAsync(query, form).GetAwaiter().GetResult();
        }
        catch (HttpRequestException ex)
        {
            stderr.WriteLine($"collab import: cannot reach {url}: {ex.Message}");
            return 1;
        }

        var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        watch.Stop();
        if (response.StatusCode == HttpStatusCode.UnprocessableEntity)
        {
            using var doc = JsonDocument.Parse(body);
            var problems = doc.RootElement.TryGetProperty("problems", out var p) ? p.EnumerateArray().ToList() : [];
            var errors = problems.Where(x => !x.GetProperty("warning").GetBoolean()).ToList();
            stderr.WriteLine($"collab import: file rejected, {errors.Count} error(s); nothing was changed.");
            foreach (var e in problems)
            {
                var where = e.GetProperty("line").GetInt32() > 0 ? $"{e.GetProperty("source").GetString()}:{e.GetProperty("line").GetInt32()}" : e.GetProperty("source").GetString();
                var column = e.GetProperty("column").ValueKind == JsonValueKind.String ? $" [{e.GetProperty("column").GetString()}]" : string.Empty;
                stderr.WriteLine($"  {(e.GetProperty("warning").GetBoolean() ? "warning" : "error")}: {where}{column}: {e.GetProperty("message").GetString()}");
            }

            return 2;
        }

        if (!response.IsSuccessStatusCode)
        {
            stderr.WriteLine($"collab import: server answered {(int)response.StatusCode}: {Shorten(body)}");
            return response.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound ? 2 : 1;
        }

        using (var doc = JsonDocument.Parse(body))
        {
            var root = doc.RootElement;
            stdout.WriteLine(root.GetProperty("applied").GetBoolean() ? $"Applied (site version {root.GetProperty("siteVersion").GetInt64()})." : "Dry run: nothing changed. It would do:");
            foreach (var c in root.GetProperty("changes").EnumerateArray())
            {
                stdout.WriteLine($"  {c.GetProperty("kind").GetString(),-14} +{c.GetProperty("created").GetInt32()} created  ~{c.GetProperty("changed").GetInt32()} changed  -{c.GetProperty("removed").GetInt32()} removed");
            }

            foreach (var w in root.GetProperty("warnings").EnumerateArray())
            {
                stdout.WriteLine($"  warning: {w.GetProperty("source").GetString()}: {w.GetProperty("message").GetString()}");
            }
        }

        stdout.WriteLine($"  ({watch.ElapsedMilliseconds} ms round trip)");
        return 0;
    }

    public static int Export(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args is ["--help"] or ["-h"])
        {
            stdout.WriteLine("collab export --what planned-orders|exceptions|loads|schedule|late-customer-orders|actions|stock|master-data|… --format csv|xlsx [--out file] [--filter key=value …] --url http://host:port --key collab_…");
            return 0;
        }

        var filters = new List<string>();
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--filter" && i + 1 < args.Length && args[i + 1].Contains('=', StringComparison.Ordinal))
            {
                var kv = args[++i].Split('=', 2);
                filters.Add($"{Uri.EscapeDataString(kv[0])}={Uri.EscapeDataString(kv[1])}");
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        var a = CliArgs.Parse([.. rest], new HashSet<string> { "--what", "--format", "--out", "--url", "--key", "--lang" }, new HashSet<string>());
        var what = a.Get("--what");
        var format = a.Get("--format") ?? "csv";
        if (what is null)
        {
            a.Errors.Add("missing --what (e.g. planned-orders)");
        }

        if (format is not ("csv" or "xlsx"))
        {
            a.Errors.Add("--format must be csv or xlsx");
        }

        var (url, key) = Server(a);
        if (a.Failed("export", stderr))
        {
            return 2;
        }

        using var http = Client(url!, key!);
        var path = $"api/v1/exports/{Uri.EscapeDataString(what!)}?format={format}&lang={a.Get("--lang") ?? "fr"}" + string.Concat(filters.Select(f => "&" + f));
        HttpResponseMessage response;
        try
        {
            response = http.GetAsync(path).GetAwaiter().GetResult();
        }
        catch (HttpRequestException ex)
        {
            stderr.WriteLine($"collab export: cannot reach {url}: {ex.Message}");
            return 1;
        }

        var bytes = response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
        if (!response.IsSuccessStatusCode)
        {
            stderr.WriteLine($"collab export: server answered {(int)response.StatusCode}: {Shorten(System.Text.Encoding.UTF8.GetString(bytes))}");
            return response.StatusCode == HttpStatusCode.NotFound ? 2 : 1;
        }

        if (a.Get("--out") is { } output)
        {
            CliArgs.WriteFileAtomically(output, bytes);
            stdout.WriteLine($"{output}: {bytes.Length} bytes");
        }
        else if (format == "csv")
        {
            stdout.Write(System.Text.Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF'));
        }
        else
        {
            stderr.WriteLine("collab export: --out is required for xlsx");
            return 2;
        }

        return 0;
    }

    private static (string? Url, string? Key) Server(CliArgs a)
    {
        var url = a.Get("--url") ?? Environment.GetEnvironmentVariable("COLLAB_URL");
        var key = a.Get("--key") ?? Environment.GetEnvironmentVariable("COLLAB_API_KEY");
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            a.Errors.Add("missing or invalid --url http://host:port");
        }

        if (string.IsNullOrWhiteSpace(key))
        {
            a.Errors.Add("missing --key (or COLLAB_API_KEY)");
        }

        return (url, key);
    }

    private static HttpClient Client(string url, string key)
    {
        var http = new HttpClient(Handler(), disposeHandler: true) { BaseAddress = new Uri(url.EndsWith('/') ? url : url + "/"), Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    private static string Shorten(string s) => s.Length > 400 ? s[..400] + "…" : s;
}
