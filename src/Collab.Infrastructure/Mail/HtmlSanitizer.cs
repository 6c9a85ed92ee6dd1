using System.Net;
using System.Text;

namespace Collab.Infrastructure.Mail;

/// <summary>
/// Allow-list HTML sanitiser for displaying received mails. Only known-harmless elements and
/// attributes are kept; everything else is dropped: <c>script</c>, <c>style</c>, <c>iframe</c>,
/// <c>object</c>… are removed with their content, unknown elements are unwrapped (text kept),
/// every <c>on*</c> handler, <c>style</c> attribute and non-http(s)/mailto URL is removed. Text and
/// attribute values are re-encoded, so the output is well-formed enough to be inserted as markup.
/// Images are not kept (remote images track the reader); their alt text is.
/// </summary>
public static class HtmlSanitizer
{
    private static readonly HashSet<string> AllowedElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "div", "dl", "dt",
        "em", "font", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "li", "ol", "p", "pre", "q", "s", "small",
        "span", "strike", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
    };

    private static readonly HashSet<string> VoidElements = new(StringComparer.OrdinalIgnoreCase) { "br", "hr", "col", "img", "wbr", "meta", "link", "input", "base", "area", "source", "param", "embed", "track" };

    /// <summary>Elements removed together with everything inside them.</summary>
    private static readonly HashSet<string> DroppedWithContent = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "head", "title", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript", "noembed",
        "template", "svg", "math", "textarea", "select", "button", "form", "xml", "canvas", "audio", "video", "noframes", "plaintext", "xmp",
    };

    private static readonly HashSet<string> AllowedAttributes = new(StringComparer.OrdinalIgnoreCase)
    {
        "href", "title", "colspan", "rowspan", "align", "valign", "dir", "lang", "start", "type", "color", "size", "width", "span",
    };

    public static string Sanitize(string? html)
    {
        if (string.IsNullOrEmpty(html)) return "";
        var output = new StringBuilder(html.Length);
        var open = new List<string>();
        var pos = 0;
        while (pos < html.Length)
        {
            var lt = html.IndexOf('<', pos);
            if (lt < 0) { AppendText(output, html[pos..]); break; }
            if (lt > pos) AppendText(output, html[pos..lt]);
            pos = lt;

            if (StartsWith(html, pos, "<!--"))
            {
                var end = html.IndexOf("-->", pos + 4, StringComparison.Ordinal);
                pos = end < 0 ? html.Length : end + 3;
                continue;
            }
            if (StartsWith(html, pos, "<!") || StartsWith(html, pos, "<?"))
            {
                var end = html.IndexOf('>', pos);
                pos = end < 0 ? html.Length : end + 1;
                continue;
            }

            var closing = pos + 1 < html.Length && html[pos + 1] == '/';
            var nameStart = pos + (closing ? 2 : 1);
            var nameEnd = nameStart;
            while (nameEnd < html.Length && (char.IsAsciiLetterOrDigit(html[nameEnd]) || html[nameEnd] is '-' or ':' or '_')) nameEnd++;
            if (nameEnd == nameStart || !char.IsAsciiLetter(html[nameStart]))
            {
                // Not a tag ("a < b"): plain text.
                AppendText(output, "<");
                pos++;
                continue;
            }
            var name = html[nameStart..nameEnd].ToLowerInvariant();
            var tagEnd = FindTagEnd(html, nameEnd);
            var attributesText = html[nameEnd..Math.Min(tagEnd, html.Length)];
            pos = tagEnd >= html.Length ? html.Length : tagEnd + 1;
            var selfClosing = attributesText.TrimEnd().EndsWith('/');

            if (closing)
            {
                var index = open.FindLastIndex(n => n == name);
                if (index < 0) continue;
                for (var i = open.Count - 1; i >= index; i--) output.Append("</").Append(open[i]).Append('>');
                open.RemoveRange(index, open.Count - index);
                continue;
            }

            if (DroppedWithContent.Contains(name))
            {
                if (selfClosing || VoidElements.Contains(name)) continue;
                pos = SkipElement(html, pos, name);
                continue;
            }

            if (name == "img")
            {
                var alt = ParseAttributes(attributesText).FirstOrDefault(a => a.Name == "alt").Value;
                if (!string.IsNullOrWhiteSpace(alt)) AppendText(output, "[" + alt + "]", decode: false);
                continue;
            }

            if (!AllowedElements.Contains(name)) continue; // unwrap: tag dropped, content kept

            output.Append('<').Append(name);
            foreach (var (attrName, value) in ParseAttributes(attributesText))
            {
                if (!AllowedAttributes.Contains(attrName)) continue;
                var v = value;
                if (attrName == "href")
                {
                    v = SafeUrl(value);
                    if (v is null) continue;
                }
                output.Append(' ').Append(attrName).Append("=\"");
                Encode(output, v);
                output.Append('"');
            }
            if (name == "a") output.Append(" rel=\"noopener noreferrer nofollow\" target=\"_blank\"");
            if (VoidElements.Contains(name))
            {
                output.Append(" />");
                continue;
            }
            output.Append('>');
            open.Add(name);
        }
        for (var i = open.Count - 1; i >= 0; i--) output.Append("</").Append(open[i]).Append('>');
        return output.ToString();
    }

    /// <summary>Only http, https and mailto links survive (after entity decoding and removal of hidden characters).</summary>
    internal static string? SafeUrl(string url)
    {
        var compact = new StringBuilder(url.Length);
        foreach (var c in url)
        {
            if (!char.IsControl(c) && !char.IsWhiteSpace(c) && c != '\u200b' && c != '\ufeff') compact.Append(c);
        }
        var u = compact.ToString();
        if (u.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || u.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || u.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
            return u;
        return null;
    }

    private static void AppendText(StringBuilder output, string text, bool decode = true)
    {
        Encode(output, decode ? WebUtility.HtmlDecode(text) : text);
    }

    /// <summary>Escapes the five markup characters only (accents stay readable).</summary>
    public static string Encode(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
        Encode(sb, text);
        return sb.ToString();
    }

    /// <summary>Escapes the five markup characters only (accents stay readable).</summary>
    private static void Encode(StringBuilder output, string text)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': output.Append("&amp;"); break;
                case '<': output.Append("&lt;"); break;
                case '>': output.Append("&gt;"); break;
                case '"': output.Append("&quot;"); break;
                case '\'': output.Append("&#39;"); break;
                case '\0': break;
                default: output.Append(c); break;
            }
        }
    }

    private static bool StartsWith(string s, int pos, string value) => string.CompareOrdinal(s, pos, value, 0, value.Length) == 0;

    /// <summary>Index of the '&gt;' closing the tag, honouring quoted attribute values.</summary>
    private static int FindTagEnd(string html, int from)
    {
        char quote = '\0';
        for (var i = from; i < html.Length; i++)
        {
            var c = html[i];
            if (quote != '\0') { if (c == quote) quote = '\0'; continue; }
            if (c is '"' or '\'') quote = c;
            else if (c == '>') return i;
        }
        return html.Length;
    }

    /// <summary>Position after the end tag of a dropped element (or the end of the input if never closed).</summary>
    private static int SkipElement(string html, int from, string name)
    {
        var pos = from;
        var depth = 1;
        while (pos < html.Length)
        {
            var lt = html.IndexOf('<', pos);
            if (lt < 0) return html.Length;
            var closing = lt + 1 < html.Length && html[lt + 1] == '/';
            var start = lt + (closing ? 2 : 1);
            if (string.Compare(html, start, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) == 0
                && (start + name.Length >= html.Length || !char.IsAsciiLetterOrDigit(html[start + name.Length])))
            {
                var end = FindTagEnd(html, start + name.Length);
                depth += closing ? -1 : 1;
                pos = end >= html.Length ? html.Length : end + 1;
                if (depth == 0) return pos;
            }
            else
            {
                pos = lt + 1;
            }
        }
        return html.Length;
    }

    private static IEnumerable<(string Name, string Value)> ParseAttributes(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (char.IsWhiteSpace(text[i]) || text[i] == '/')) i++;
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not '=' and not '/' and not '>') i++;
            if (i == start) { i++; continue; }
            var name = text[start..i].ToLowerInvariant();
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            var value = "";
            if (i < text.Length && text[i] == '=')
            {
                i++;
                while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
                if (i < text.Length && text[i] is '"' or '\'')
                {
                    var q = text[i++];
                    var end = text.IndexOf(q, i);
                    if (end < 0) end = text.Length;
                    value = text[i..end];
                    i = Math.Min(text.Length, end + 1);
                }
                else
                {
                    var vs = i;
                    while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != '>') i++;
                    value = text[vs..i];
                }
            }
            yield return (name, WebUtility.HtmlDecode(value));
        }
    }
}
