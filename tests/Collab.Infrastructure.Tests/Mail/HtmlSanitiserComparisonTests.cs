using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Xunit.Abstractions;
using CollabSanitizer = Collab.Infrastructure.Mail.HtmlSanitizer;

namespace Collab.Infrastructure.Tests.Mail;

/// <summary>
/// Issue #16 item 14: the same hostile corpus (OWASP XSS filter evasion list and mutation-XSS cases, in
/// XssCorpus/) through the hand-written sanitiser and through HtmlSanitizer (Ganss.Xss). An output is unsafe when
/// a browser-grade HTML5 parser (AngleSharp) finds something active in it — parsed once, and again after being
/// serialised and re-parsed (mutation XSS): a script-capable element, an event handler, a script/data URL in
/// any URL attribute, or CSS that can run or load something. Result recorded in docs/mail-and-pdf.md.
/// </summary>
public sealed class HtmlSanitiserComparisonTests(ITestOutputHelper output)
{
    private static readonly HashSet<string> ActiveElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link", "style", "svg", "math",
        "form", "input", "button", "textarea", "select", "keygen", "isindex", "template", "noscript", "xml", "video", "audio", "source",
    };

    private static readonly HashSet<string> UrlAttributes = new(StringComparer.OrdinalIgnoreCase)
    {
        "href", "src", "action", "formaction", "xlink:href", "background", "dynsrc", "lowsrc", "data", "poster", "srcset", "codebase", "cite", "longdesc", "usemap",
    };

    public static IReadOnlyList<string> Corpus { get; } = LoadCorpus();

    private static IReadOnlyList<string> LoadCorpus()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "Mail", "XssCorpus");
        return [.. Directory.GetFiles(directory, "*.txt").Order(StringComparer.Ordinal)
            .SelectMany(f => File.ReadAllText(f).Split("\n%%\n"))
            .Select(v => v.TrimEnd('\n'))
            .Where(v => v.Length > 0)];
    }

    private static readonly Func<string, string> Handwritten = CollabSanitizer.Sanitize;

    private static readonly global::Ganss.Xss.HtmlSanitizer GanssSanitizer = new();

    private static readonly Func<string, string> Ganss = html => GanssSanitizer.Sanitize(html);

    /// <summary>Why the sanitised <paramref name="html"/> is unsafe, or null.</summary>
    public static string? Unsafe(string html)
    {
        var parser = new HtmlParser();
        var once = parser.ParseDocument("<!DOCTYPE html><html><body><div id=\"mail\">" + html + "</div></body></html>");
        if (Find(once.Body!) is { } first)
        {
            return first;
        }

        // Mutation XSS: what the browser re-serialises (innerHTML) must stay inert when parsed again.
        var twice = parser.ParseDocument("<!DOCTYPE html><html><body><div>" + once.Body!.InnerHtml + "</div></body></html>");
        return Find(twice.Body!) is { } second ? "after re-parsing: " + second : null;
    }

    private static string? Find(IElement root)
    {
        foreach (var e in root.QuerySelectorAll("*"))
        {
            if (ActiveElements.Contains(e.LocalName))
            {
                return $"<{e.LocalName}> element";
            }

            foreach (var a in e.Attributes)
            {
                var name = a.Name.ToLowerInvariant();
                var value = new string([.. a.Value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c))]).ToLowerInvariant();
                if (name.StartsWith("on", StringComparison.Ordinal))
                {
                    return $"{name} handler on <{e.LocalName}>";
                }

                if (UrlAttributes.Contains(name) && (value.StartsWith("javascript:", StringComparison.Ordinal) || value.StartsWith("vbscript:", StringComparison.Ordinal)
                    || value.StartsWith("data:", StringComparison.Ordinal) || value.StartsWith("livescript:", StringComparison.Ordinal)))
                {
                    return $"{name}=\"{a.Value}\" on <{e.LocalName}>";
                }

                if (name == "style" && (value.Contains("expression", StringComparison.Ordinal) || value.Contains("javascript", StringComparison.Ordinal)
                    || value.Contains("behavior", StringComparison.Ordinal) || value.Contains("-moz-binding", StringComparison.Ordinal) || value.Contains("url(", StringComparison.Ordinal)))
                {
                    return $"style=\"{a.Value}\" on <{e.LocalName}>";
                }
            }
        }

        return null;
    }

    private List<(string Vector, string Output, string Why)> Failures(Func<string, string> sanitise) =>
        [.. Corpus.Select(v => (Vector: v, Output: sanitise(v))).Select(x => (x.Vector, x.Output, Why: Unsafe(x.Output))).Where(x => x.Why is not null).Select(x => (x.Vector, x.Output, x.Why!))];

    [Fact]
    public void The_corpus_is_hostile_raw()
    {
        // The detector works: left unsanitised, most vectors are flagged (127 of 161 when written; the others are
        // filter-evasion strings that are inert unless a broken filter rewrites them).
        Assert.True(Corpus.Count >= 150, $"corpus has {Corpus.Count} vectors");
        var flagged = Corpus.Count(v => Unsafe(v) is not null);
        output.WriteLine($"raw corpus: {flagged}/{Corpus.Count} flagged unsafe");
        Assert.True(flagged >= Corpus.Count * 3 / 4, $"only {flagged}/{Corpus.Count} raw vectors flagged");
    }

    [Fact]
    public void Both_sanitisers_compared_on_the_same_corpus()
    {
        var handwritten = Failures(Handwritten);
        var ganss = Failures(Ganss);
        var both = Failures(h => CollabSanitizer.Sanitize(Ganss(h)));
        output.WriteLine($"corpus: {Corpus.Count} vectors");
        output.WriteLine($"hand-written: {handwritten.Count} unsafe; Ganss.Xss: {ganss.Count} unsafe; Ganss.Xss then hand-written: {both.Count} unsafe");
        foreach (var (name, list) in new[] { ("hand-written", handwritten), ("Ganss.Xss", ganss) })
        {
            foreach (var (vector, result, why) in list)
            {
                output.WriteLine($"[{name}] {why}: {vector.ReplaceLineEndings(" ")} → {result.ReplaceLineEndings(" ")}");
            }
        }

        // Decision (docs/mail-and-pdf.md): the app keeps the hand-written allow-list (0 unsafe; Ganss.Xss's defaults keep
        // form controls, 11 unsafe; both in sequence are not safer than the hand-written one alone). It must let nothing through.
        Assert.Empty(Failures(CollabSanitizer.Sanitize).Select(f => $"{f.Why}: {f.Vector}"));
    }

    [Theory]
    [InlineData("<p>Bonjour <b>Paul</b>,</p><p>Livraison le <i>12/12</i>.</p>", "Livraison le")]
    [InlineData("<table><tr><td>Article</td><td align=\"right\">120</td></tr></table>", "120")]
    [InlineData("<a href=\"https://fournisseur.example/suivi\">suivi</a>", "https://fournisseur.example/suivi")]
    [InlineData("<a href=\"mailto:ventes@fournisseur.example\">ventes</a>", "mailto:ventes@fournisseur.example")]
    [InlineData("<blockquote>Le 1 déc. 2026, Alain a écrit : &lt;pièces&gt; &amp; co</blockquote>", "&lt;pièces&gt; &amp; co")]
    public void The_app_pipeline_keeps_an_ordinary_mail_readable(string html, string kept) =>
        Assert.Contains(kept, CollabSanitizer.Sanitize(html), StringComparison.Ordinal);
}
