using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Collab.Web.Tests.Infrastructure;

namespace Collab.Web.Tests.Http;

[Collection(WebHostCollection.Name)]
public sealed partial class LocalizationTests(WebHostFixture host)
{
    /// <summary>Every page, rendered in French and in English, looks up only resource keys that
    /// exist (a missing key would render the key itself).</summary>
    [Theory]
    [InlineData("fr-FR", "fr", "Tableau de bord", "Se déconnecter")]
    [InlineData("en-GB", "en", "Dashboard", "Sign out")]
    public async Task Every_page_renders_without_untranslated_keys(string culture, string lang, string dashboard, string signOut)
    {
        using var admin = await host.SignInAsync("admin");
        admin.Cookies.Add(host.BaseAddress, new System.Net.Cookie(".AspNetCore.Culture", Uri.EscapeDataString($"c={culture}|uic={culture}")));
        var pages = (await DemoPlantData.ConcreteRoutesAsync(host, PageRoutes.All.Select(p => p.Route))).Append("not-found").Append("account/access-denied").Distinct().ToList();

        var failures = new List<string>();
        foreach (var route in pages)
        {
            host.Factory.MissingResources.Clear();
            var response = await admin.Http.GetAsync(route);
            var html = await response.Content.ReadAsStringAsync();
            var text = System.Net.WebUtility.HtmlDecode(StripTags(html));
            if (!response.IsSuccessStatusCode && route != "not-found")
            {
                failures.Add($"{route}: HTTP {(int)response.StatusCode}");
                continue;
            }

            var missing = host.Factory.MissingResources.Missing;
            if (missing.Count > 0)
            {
                failures.Add($"{route}: missing {string.Join(", ", missing)}");
            }

            if (!html.Contains($"<html lang=\"{lang}\"", StringComparison.Ordinal))
            {
                failures.Add($"{route}: not rendered in {lang}");
            }

            // A raw key such as "Nav.Dashboard" or "Admin.Users" must never reach the page.
            if (RawKey().Match(text) is { Success: true } raw)
            {
                failures.Add($"{route}: raw key '{raw.Value}'");
            }

            if (route is "" or "meetings" or "admin" && (!text.Contains(dashboard, StringComparison.Ordinal) || !text.Contains(signOut, StringComparison.Ordinal)))
            {
                failures.Add($"{route}: navigation not in {lang}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task Dashboard_shows_the_date_in_the_user_culture()
    {
        using var client = await host.SignInAsync("acheteur");
        var before = DateTimeOffset.Now;
        var fr = (await client.GetDocumentAsync("")).QuerySelector("[data-testid=welcome]")!.TextContent;
        Assert.Contains(ExpectedDates(before, "fr-FR"), fr.Contains);
        Assert.Contains("Nous sommes le", fr, StringComparison.Ordinal);

        await SwitchLanguageAsync(client, "en-GB");
        var en = (await client.GetDocumentAsync("")).QuerySelector("[data-testid=welcome]")!.TextContent;
        Assert.Contains(ExpectedDates(before, "en-GB"), en.Contains);
        Assert.Contains("Today is", en, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Language_choice_is_remembered_on_the_user_and_restored_at_next_sign_in()
    {
        using (var first = await host.SignInAsync("chef.projet"))
        {
            await SwitchLanguageAsync(first, "en-GB");
            Assert.Equal("en", (await first.GetDocumentAsync("")).DocumentElement.GetAttribute("lang"));
        }

        // A new browser (no culture cookie): the sign-in page is French, the session is English.
        using var second = host.Anonymous();
        Assert.Equal("fr", (await second.GetDocumentAsync("account/signin")).DocumentElement.GetAttribute("lang"));
        var signIn = await second.SignInAsync("chef.projet", "Demo#2026");
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
        Assert.Contains("en-GB", Uri.UnescapeDataString(second.CookieValue(".AspNetCore.Culture") ?? string.Empty), StringComparison.Ordinal);
        var document = await second.GetDocumentAsync("");
        Assert.Equal("en", document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Dashboard", document.QuerySelector("h1")!.TextContent.Trim());

        await SwitchLanguageAsync(second, "fr-FR");
        Assert.Equal("Tableau de bord", (await second.GetDocumentAsync("")).QuerySelector("h1")!.TextContent.Trim());
    }

    [Fact]
    public async Task Unsupported_language_is_refused()
    {
        using var client = await host.SignInAsync("lecteur");
        var token = await client.AntiforgeryTokenAsync();
        var response = await client.Http.PostAsync("account/language", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["culture"] = "de-DE",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public void French_and_english_resources_have_the_same_keys_and_cover_every_key_in_the_code()
    {
        var dir = Path.Combine(SourceTree.Root, "src", "Collab.Web", "Resources");
        var fr = ReadResx(Path.Combine(dir, "SharedResource.resx"));
        var en = ReadResx(Path.Combine(dir, "SharedResource.en.resx"));
        Assert.Equal(fr.Keys.Order(StringComparer.Ordinal), en.Keys.Order(StringComparer.Ordinal));
        Assert.All(fr, kv => Assert.False(string.IsNullOrWhiteSpace(kv.Value), kv.Key));
        Assert.All(en, kv => Assert.False(string.IsNullOrWhiteSpace(kv.Value), kv.Key));

        var used = Directory.EnumerateFiles(Path.Combine(SourceTree.Root, "src", "Collab.Web"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => UsedKey().Matches(File.ReadAllText(f)).Select(m => m.Groups["key"].Value))
            .ToHashSet();
        Assert.True(used.Count > 50, $"only {used.Count} keys found in the code");
        Assert.All(used, k => Assert.True(fr.ContainsKey(k), $"key {k} used in code but missing from the resources"));

        // Roles are looked up by name ($"Role.{role}").
        foreach (var role in Collab.Web.Identity.Roles.All)
        {
            Assert.True(fr.ContainsKey($"Role.{role}") && fr.ContainsKey($"Role.{role}.Description"), role);
        }
    }

    [Fact]
    public void Format_strings_take_the_same_arguments_in_both_languages()
    {
        var dir = Path.Combine(SourceTree.Root, "src", "Collab.Web", "Resources");
        var fr = ReadResx(Path.Combine(dir, "SharedResource.resx"));
        var en = ReadResx(Path.Combine(dir, "SharedResource.en.resx"));
        foreach (var (key, value) in fr)
        {
            Assert.True(Placeholders(value).SetEquals(Placeholders(en[key])), key);
        }
    }

    private static HashSet<string> Placeholders(string text) => Placeholder().Matches(text).Select(m => m.Value).ToHashSet();

    private static string[] ExpectedDates(DateTimeOffset before, string culture)
    {
        var c = new CultureInfo(culture);
        var after = DateTimeOffset.Now;
        return [before.ToString("D", c), after.ToString("D", c)];
    }

    private static async Task SwitchLanguageAsync(SignedInClient client, string culture)
    {
        var token = await client.AntiforgeryTokenAsync();
        var response = await client.Http.PostAsync("account/language", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["culture"] = culture,
            ["returnUrl"] = "/",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
    }

    private static Dictionary<string, string> ReadResx(string path) =>
        XDocument.Load(path).Root!.Elements("data").ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")!.Value);

    private static string StripTags(string html) =>
        Regex.Replace(Regex.Replace(html, "<(script|style)[^>]*>.*?</\\1>|<!--.*?-->", " ", RegexOptions.Singleline), "<[^>]+>", " ");

    [GeneratedRegex(@"\b(?:Nav|Admin|Common|Dashboard|Empty|SignIn|Layout|Role|Language|NotFound|AccessDenied|Error|Reconnect|Identity|Plan|Meetings|Purchasing|Stocks|Actions|Workstations|ManufacturingOrders|CustomerOrders|ImprovementProjects)\.[A-Z][A-Za-z]+")]
    private static partial Regex RawKey();

    [GeneratedRegex("""L\["(?<key>[^"$]+)"[\],]""")]
    private static partial Regex UsedKey();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
