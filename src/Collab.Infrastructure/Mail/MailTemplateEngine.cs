using System.Text;

namespace Collab.Infrastructure.Mail;

/// <summary>A value for a placeholder: plain text, or a block with its own text and HTML forms (e.g. the lines table).</summary>
public sealed record TemplateValue(string Text, string? Html = null)
{
    public static implicit operator TemplateValue(string text) => new(text);
}

/// <summary>A template names a placeholder nobody provides, or is malformed: the templates are built in, so this is a
/// programming error (neutral message, for logs and tests).</summary>
public sealed class MailTemplateException(string message) : Exception(message);

/// <summary>
/// Minimal, safe template engine: <c>{Name}</c> is replaced by the value of Name, <c>{{</c> and
/// <c>}}</c> produce literal braces. Values are inserted literally (never re-expanded, so a value
/// containing "{X}" stays as typed), HTML-encoded in HTML output, and stripped of line breaks in
/// one-line output (subjects). An unknown placeholder is an error, not a silent blank.
/// </summary>
public static class MailTemplateEngine
{
    public enum Output
    {
        /// <summary>One header line: control characters in values become spaces.</summary>
        SingleLine,
        /// <summary>Plain-text body.</summary>
        Text,
        /// <summary>HTML body: literal text encoded, blank lines → paragraphs, line breaks → &lt;br /&gt;, block values use their HTML form.</summary>
        Html,
    }

    public static string Render(string template, IReadOnlyDictionary<string, TemplateValue> values, Output output)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        // Tokenise first, so that HTML structure is computed on the template, not on the values.
        var pieces = new List<(bool IsValue, string Content)>();
        var literal = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '{' && i + 1 < template.Length && template[i + 1] == '{') { literal.Append('{'); i++; continue; }
            if (c == '}' && i + 1 < template.Length && template[i + 1] == '}') { literal.Append('}'); i++; continue; }
            if (c == '}') throw new MailTemplateException($"Invalid template: lone '}}' at position {i + 1} (write '}}}}').");
            if (c != '{') { literal.Append(c); continue; }
            var end = template.IndexOf('}', i + 1);
            if (end < 0) throw new MailTemplateException($"Invalid template: '{{' not closed at position {i + 1}.");
            var name = template[(i + 1)..end].Trim();
            if (name.Length == 0 || name.Any(ch => !(char.IsLetterOrDigit(ch) || ch == '_')))
                throw new MailTemplateException($"Invalid template: incorrect field name '{name}'.");
            if (!values.ContainsKey(name))
                throw new MailTemplateException($"The template uses the field {{{name}}}, which does not exist. Available fields: {string.Join(", ", values.Keys.Order(StringComparer.Ordinal).Select(k => "{" + k + "}"))}.");
            if (literal.Length > 0) { pieces.Add((false, literal.ToString())); literal.Clear(); }
            pieces.Add((true, name));
            i = end;
        }
        if (literal.Length > 0) pieces.Add((false, literal.ToString()));

        return output switch
        {
            Output.SingleLine => RenderSingleLine(pieces, values),
            Output.Text => string.Concat(pieces.Select(p => p.IsValue ? values[p.Content].Text : p.Content)),
            Output.Html => RenderHtml(pieces, values),
            _ => throw new ArgumentOutOfRangeException(nameof(output)),
        };
    }

    private static string RenderSingleLine(List<(bool IsValue, string Content)> pieces, IReadOnlyDictionary<string, TemplateValue> values)
    {
        var sb = new StringBuilder();
        foreach (var (isValue, content) in pieces)
        {
            var text = isValue ? values[content].Text : content;
            foreach (var c in text) sb.Append(MailValidator.ContainsControlCharacter(c.ToString()) ? ' ' : c);
        }
        return string.Join(' ', sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    private static string RenderHtml(List<(bool IsValue, string Content)> pieces, IReadOnlyDictionary<string, TemplateValue> values)
    {
        // Paragraphs are separated by blank lines of the template; a block value alone in its
        // paragraph is emitted as is (e.g. a <table>), otherwise inside <p>.
        var paragraphs = new List<List<(bool IsValue, string Content)>> { new() };
        foreach (var (isValue, content) in pieces)
        {
            if (isValue) { paragraphs[^1].Add((true, content)); continue; }
            var normalized = content.Replace("\r\n", "\n", StringComparison.Ordinal);
            var parts = normalized.Split("\n\n");
            for (var k = 0; k < parts.Length; k++)
            {
                if (k > 0) paragraphs.Add([]);
                if (parts[k].Length > 0) paragraphs[^1].Add((false, parts[k]));
            }
        }
        var html = new StringBuilder();
        foreach (var paragraph in paragraphs)
        {
            var trimmed = paragraph.Where(p => p.IsValue || p.Content.Trim('\n', ' ').Length > 0).ToList();
            if (trimmed.Count == 0) continue;
            if (trimmed.Count == 1 && trimmed[0].IsValue && values[trimmed[0].Content].Html is { } block)
            {
                html.Append(block).Append('\n');
                continue;
            }
            html.Append("<p>");
            var inner = new StringBuilder();
            foreach (var (isValue, content) in paragraph)
            {
                if (isValue && values[content].Html is { } h) inner.Append(h);
                else inner.Append(HtmlSanitizer.Encode(isValue ? values[content].Text : content).Replace("\n", "<br />\n", StringComparison.Ordinal));
            }
            html.Append(inner.ToString().Trim('\n')).Append("</p>\n");
        }
        return html.ToString();
    }
}
