using System.Text.RegularExpressions;
using System.Xml.Linq;
using Collab.Contracts.Common;
using Collab.Contracts.Plan;
using Collab.Contracts.Projects;
using Collab.Contracts.Sites;
using Collab.Web.Tests.Infrastructure;

namespace Collab.Web.Tests.Planner;

/// <summary>PlannerResource (the planner's own resx pair): same keys and placeholders in French and English, every key the code uses exists.</summary>
public sealed partial class PlannerResourceTests
{
    private static Dictionary<string, string> Read(string file) =>
        XDocument.Load(Path.Combine(SourceTree.Root, "src", "Collab.Web", "Resources", file)).Root!.Elements("data")
            .ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")!.Value);

    [Fact]
    public void French_and_english_have_the_same_keys_placeholders_and_cover_the_code()
    {
        var fr = Read("PlannerResource.resx");
        var en = Read("PlannerResource.en.resx");
        Assert.Equal(fr.Keys.Order(StringComparer.Ordinal), en.Keys.Order(StringComparer.Ordinal));
        Assert.All(fr, kv => Assert.False(string.IsNullOrWhiteSpace(kv.Value) || string.IsNullOrWhiteSpace(en[kv.Key]), kv.Key));
        foreach (var (key, value) in fr)
        {
            Assert.True(Placeholders(value).SetEquals(Placeholders(en[key])), key);
        }

        var used = Directory.EnumerateFiles(Path.Combine(SourceTree.Root, "src", "Collab.Web"), "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal)) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => UsedKey().Matches(File.ReadAllText(f)).Select(m => m.Groups["key"].Value))
            .ToHashSet();
        Assert.True(used.Count > 20, $"only {used.Count} keys found");
        Assert.All(used, k => Assert.True(fr.ContainsKey(k), $"key {k} used in the code but missing from PlannerResource"));

        // keys built from typed values
        var built = Enum.GetNames<HistoryEvent>().Select(n => $"PL.History.{n}")
            .Concat(Enum.GetNames<HistoryField>().Select(n => $"PL.Field.{n}"))
            .Concat(Enum.GetNames<PegKind>().Select(n => $"PL.Peg.{n}"))
            .Concat(Enum.GetNames<GateCheckKind>().Select(n => $"PL.Gate.{n}"))
            .Concat(Enum.GetNames<LotRule>().Select(n => $"PL.Lot.{n}"));
        Assert.All(built, k => Assert.True(fr.ContainsKey(k), $"key {k} missing from PlannerResource"));
    }

    private static HashSet<string> Placeholders(string text) => PlaceholderRegex().Matches(text).Select(m => m.Value).ToHashSet();

    [GeneratedRegex("""\b(?:Pl|l)\["(?<key>PL\.[^"$]+)"[\],]""")]
    private static partial Regex UsedKey();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex PlaceholderRegex();
}
