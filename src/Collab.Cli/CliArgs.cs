namespace Collab.Cli;

/// <summary>Minimal "--name value" / "--flag" option parser shared by the sub-commands.</summary>
internal sealed class CliArgs
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);

    private CliArgs()
    {
    }

    public List<string> Errors { get; } = [];

    public static CliArgs Parse(string[] args, IReadOnlySet<string> valued, IReadOnlySet<string> flags)
    {
        var result = new CliArgs();
        for (var k = 0; k < args.Length; k++)
        {
            var a = args[k];
            if (valued.Contains(a))
            {
                if (k + 1 >= args.Length)
                {
                    result.Errors.Add($"option {a} needs a value");
                }
                else
                {
                    result._options[a] = args[++k];
                }
            }
            else if (flags.Contains(a))
            {
                result._options[a] = null;
            }
            else
            {
                result.Errors.Add($"unknown argument '{a}'");
            }
        }

        return result;
    }

    /// <summary>Prints every parse error as "collab &lt;command&gt;: &lt;error&gt;"; true when there was one (exit code 2).</summary>
    public bool Failed(string command, TextWriter stderr)
    {
        Errors.ForEach(e => stderr.WriteLine($"collab {command}: {e}"));
        return Errors.Count > 0;
    }

    /// <summary>The bytes of an input file, or null with the reason on stderr (exit code 2).</summary>
    public static byte[]? ReadInput(string command, string path, TextWriter stderr)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"collab {command}: cannot read '{path}': {e.Message}");
            return null;
        }
    }

    public bool Has(string name) => _options.ContainsKey(name);

    public string? Get(string name) => _options.GetValueOrDefault(name);

    public int Int(string name, int fallback, int min)
    {
        var v = Get(name);
        if (v is null)
        {
            return fallback;
        }

        if (int.TryParse(v, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var i) && i >= min)
        {
            return i;
        }

        Errors.Add($"option {name} must be an integer ≥ {min} (got '{v}')");
        return fallback;
    }

    /// <summary>Writes bytes to a file atomically (temp file then rename), so a failure never leaves a partial output.</summary>
    public static void WriteFileAtomically(string path, ReadOnlySpan<byte> bytes)
    {
        var full = Path.GetFullPath(path);
        var temp = full + ".tmp-" + Environment.ProcessId;
        File.WriteAllBytes(temp, bytes.ToArray());
        File.Move(temp, full, overwrite: true);
    }
}
