using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Collab.Infrastructure.Storage;

/// <summary>The schema scripts of deploy/sql, embedded in this assembly.</summary>
public static class SqlScripts
{
    private const string Prefix = "Collab.Sql.";

    /// <summary>PostgreSQL scripts (cluster mode), in the order they are applied.</summary>
    public static IReadOnlyList<SqlScript> PostgreSql { get; } = Load("postgresql");

    /// <summary>SQLite scripts (embedded mode), in the order they are applied.</summary>
    public static IReadOnlyList<SqlScript> Sqlite { get; } = Load("sqlite");

    private static SqlScript[] Load(string folder)
    {
        var assembly = typeof(SqlScripts).Assembly;
        var prefix = Prefix + folder + ".";
        var scripts = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => new SqlScript(n[prefix.Length..], Read(assembly, n)))
            .ToArray();
        return scripts.Length > 0
            ? scripts
            : throw new InvalidOperationException($"No embedded SQL script found under '{prefix}'.");
    }

    private static string Read(Assembly assembly, string resourceName)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded SQL script '{resourceName}' is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}

/// <summary>One schema script and its content hash (recorded once applied).</summary>
public sealed record SqlScript(string Name, string Text)
{
    public string Sha256 { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text)));
}
