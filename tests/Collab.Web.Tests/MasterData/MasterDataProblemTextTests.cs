using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Collab.Domain.MasterData;
using Collab.Web.Components.Pages.MasterData;
using Collab.Web.Resources;
using Collab.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Collab.Web.Tests.MasterData;

public sealed partial class MasterDataProblemTextTests
{
    private static MasterDataProblemText Text()
    {
        var services = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider();
        return new MasterDataProblemText(services.GetRequiredService<IStringLocalizer<MasterDataResource>>());
    }

    private static T InCulture<T>(string culture, Func<T> f)
    {
        var (c, u) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            return f();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (c, u);
        }
    }

    [Theory]
    [InlineData("fr-FR", "Article A01 — Délai (jours) ne peut pas être négatif.")]
    [InlineData("en-GB", "Item A01 — Lead time (days) cannot be negative.")]
    public void A_negative_lead_time_reads_as_a_sentence(string culture, string expected)
    {
        var p = new MasterDataProblem(MasterDataKind.Item, 0, "A01", "LeadTimeDays", MasterDataProblemCode.Negative, []);
        Assert.Equal(expected, InCulture(culture, () => Text().Describe(p)));
    }

    [Theory]
    [InlineData("fr-FR", "Nomenclature C/A — Composant la nomenclature boucle : A → B → C → A.")]
    [InlineData("en-GB", "BOM line C/A — Component the bill of materials loops: A → B → C → A.")]
    public void A_cycle_is_named(string culture, string expected)
    {
        var p = new MasterDataProblem(MasterDataKind.BomLine, 2, "C/A", "Component", MasterDataProblemCode.BomCycle, ["A → B → C → A"]);
        Assert.Equal(expected, InCulture(culture, () => Text().Describe(p)));
    }

    [Fact]
    public void Still_used_says_by_what()
    {
        var p = new MasterDataProblem(MasterDataKind.Item, 0, "C", "Code", MasterDataProblemCode.StillUsed, ["BOM:B", "ORDER:OF-2026-00001"]);
        Assert.Equal("Article C — Code ne peut pas être supprimé, encore utilisé par : la nomenclature de B, l'ordre OF-2026-00001.",
            InCulture("fr-FR", () => Text().Describe(p)));
    }

    [Theory]
    [InlineData("fr-FR")]
    [InlineData("en-GB")]
    public void Every_kind_code_and_field_has_a_text(string culture)
    {
        var fields = typeof(Collab.Contracts.Sites.MasterDataSet).GetProperties()
            .Select(p => p.PropertyType.GetGenericArguments()[0])
            .SelectMany(t => t.GetProperties().Where(p => p.CanWrite || p.GetMethod!.IsPublic).Select(p => p.Name))
            .Where(n => n is not ("WeeklyHours" or "EqualityContract"))
            .Distinct();
        InCulture(culture, () =>
        {
            var localizer = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider().GetRequiredService<IStringLocalizer<MasterDataResource>>();
            var keys = Enum.GetNames<MasterDataKind>().Select(k => $"Kind.{k}")
                .Concat(Enum.GetNames<MasterDataProblemCode>().Select(c => $"Problem.{c}"))
                .Concat(fields.Select(f => $"Field.{f}"));
            Assert.All(keys, k => Assert.False(localizer[k].ResourceNotFound, k));
            return 0;
        });
    }

    /// <summary>French and English have the same keys and placeholders; every M["…"] key used by the pages exists.</summary>
    [Fact]
    public void Resources_match_and_cover_the_pages()
    {
        var dir = Path.Combine(SourceTree.Root, "src", "Collab.Web", "Resources");
        var fr = Read(Path.Combine(dir, "MasterDataResource.resx"));
        var en = Read(Path.Combine(dir, "MasterDataResource.en.resx"));
        Assert.Equal(fr.Keys.Order(StringComparer.Ordinal), en.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, value) in fr)
        {
            Assert.False(string.IsNullOrWhiteSpace(en[key]), key);
            Assert.True(Placeholders(value).SetEquals(Placeholders(en[key])), key);
        }

        var used = Directory.EnumerateFiles(Path.Combine(SourceTree.Root, "src", "Collab.Web", "Components", "Pages", "MasterData"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .SelectMany(f => UsedKey().Matches(File.ReadAllText(f)).Select(m => m.Groups["key"].Value))
            .ToHashSet();
        Assert.All(used, k => Assert.True(fr.ContainsKey(k), $"key {k} used in the master-data pages but missing from MasterDataResource"));
    }

    private static HashSet<string> Placeholders(string text) => Regex.Matches(text, @"\{\d+\}").Select(m => m.Value).ToHashSet();

    private static Dictionary<string, string> Read(string path) =>
        XDocument.Load(path).Root!.Elements("data").ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")!.Value);

    [GeneratedRegex("""\bM\["(?<key>[^"$]+)"[\],]""")]
    private static partial Regex UsedKey();
}
