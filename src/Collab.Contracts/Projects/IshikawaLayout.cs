namespace Collab.Contracts.Projects;

/// <summary>A line of the fishbone drawing (coordinates in the drawing's own units, y downwards).</summary>
public sealed record FishLine(double X1, double Y1, double X2, double Y2, bool Main);

/// <summary>
/// A text of the fishbone drawing; <see cref="Anchor"/> is "start", "middle" or "end" (SVG terms); <see cref="Cause"/> is set on
/// cause labels. A cause too long for its rib is wrapped: <see cref="Lines"/> are drawn upwards from (<see cref="X"/>,
/// <see cref="Y"/>), the last line on the rib, each <see cref="LineHeight"/> above the next.
/// </summary>
public sealed record FishText(double X, double Y, string Text, string Anchor, bool Bold, double Size, Guid? Cause = null, IshikawaCategory? Category = null)
{
    public IReadOnlyList<string> Lines { get; init; } = [Text];

    /// <summary>Horizontal shift of a line per unit of height above the last one: a cause's lines follow the slant of its
    /// bone (left above a top bone, right above a bottom one) so they never cross it.</summary>
    public double Slant { get; init; }

    public double LineHeight => Size * 1.15;

    /// <summary>Baseline of line <paramref name="i"/> (0 = top line).</summary>
    public double LineY(int i) => Y - (Lines.Count - 1 - i) * LineHeight;

    /// <summary>Anchor x of line <paramref name="i"/> (0 = top line).</summary>
    public double LineX(int i) => X + (Lines.Count - 1 - i) * LineHeight * Slant;
}

public sealed record FishDrawing(double Width, double Height, IReadOnlyList<FishLine> Lines, IReadOnlyList<FishText> Texts,
    (double X, double Y, double W, double H) Head, IReadOnlyList<string> HeadLines);

/// <summary>
/// Geometry of the Ishikawa (fishbone) diagram, shared by the page (SVG) and the A3 PDF so both draw the same
/// picture: the effect in a box at the head (right), the spine, one bone per category alternately above and
/// below, causes as short horizontal ribs on their bone. Long causes wrap onto as many lines as the room above their
/// rib allows, set smaller (to 70 %) when needed; only a cause that does not fit even then is shortened with "…".
/// </summary>
public static class IshikawaLayout
{
    public static FishDrawing Compute(IshikawaDiagram d, double width, double height, Func<IshikawaCategory, string> categoryName, string emptyEffect = "?", double maxCauseSize = 12)
    {
        const double m = 8;
        var lines = new List<FishLine>();
        var texts = new List<FishText>();
        var headW = width * 0.17;
        var headH = height * 0.34;
        var head = (X: width - m - headW, Y: (height - headH) / 2, W: headW, H: headH);
        var spineY = height / 2;
        var x0 = m;
        var x1 = head.X;
        lines.Add(new FishLine(x0, spineY, x1, spineY, true));
        var headLines = Wrap(string.IsNullOrWhiteSpace(d.Effect) ? emptyEffect : d.Effect, (int)(headW / 6.2), 4);

        var categories = d.Categories;
        var top = categories.Where((_, i) => i % 2 == 0).ToList();
        var bottom = categories.Where((_, i) => i % 2 == 1).ToList();
        var labelSize = Math.Max(8, height / 30);
        var causeSize = Math.Clamp(height / 30, 8, Math.Max(8, maxCauseSize));
        foreach (var (row, above) in new[] { (top, true), (bottom, false) })
        {
            var slot = (x1 - x0) / Math.Max(row.Count, 1);
            // Bones lean less in a narrow drawing (the A3 box) so the first one keeps room for its causes on its left.
            var slope = Math.Min((spineY - m - labelSize - 4) * 0.45, slot * 0.35);
            for (var i = 0; i < row.Count; i++)
            {
                var cat = row[i];
                var jx = x0 + slot * (i + 1) - slot * 0.08;
                var endY = above ? m + labelSize + 4 : height - m - labelSize - 4;
                var sx = jx - slope;
                lines.Add(new FishLine(sx, endY, jx, spineY, true));
                texts.Add(new FishText(sx, above ? endY - 4 : endY + labelSize, categoryName(cat), "middle", true, labelSize, null, cat));
                var causes = d.Causes.Where(c => c.Category == cat).ToList();
                var ribLength = slot * 0.9;
                for (var j = 0; j < causes.Count; j++)
                {
                    var t = (j + 1.0) / (causes.Count + 1);
                    var px = sx + (jx - sx) * t;
                    var py = endY + (spineY - endY) * t;
                    var ribStart = Math.Max(m / 2, px - ribLength);
                    lines.Add(new FishLine(ribStart, py, px, py, false));
                    // Lines above a rib must not reach the rib above it: as many as the gap between ribs allows. Each line
                    // follows the bone's slant (between this bone and the previous one, parallel, the room stays a rib
                    // long; the first bone is bounded by the drawing's edge instead). A cause that does not fit is set
                    // smaller (down to 60 %) before it is ever shortened with "…".
                    var gap = Math.Abs(spineY - endY) / (causes.Count + 1);
                    var slant = -(jx - sx) / (spineY - endY);
                    var first = i == 0;
                    double Room(double up) => first ? Math.Min(ribLength, px - 2 + up * slant - m / 2) : ribLength;
                    var (size, wrapped) = Fit(causes[j].Text, gap, causeSize, Room);
                    texts.Add(new FishText(px - 3 + Math.Min(0, slant) * size * 0.8, py - 2, causes[j].Text, "end", false, size, causes[j].Id, cat)
                    {
                        Lines = wrapped,
                        Slant = slant,
                    });
                }
            }
        }

        return new FishDrawing(width, height, lines, texts, head, headLines);
    }

    /// <summary>Average advance of a character in em (DejaVu Sans, the PDF's font, is among the widest).</summary>
    private const double CharWidth = 0.56;

    /// <summary>
    /// The largest size (from <paramref name="size"/> down to 60 % of it) and fewest lines at which <paramref name="text"/>
    /// wraps whole within <paramref name="gap"/> units of height, each line as wide as <paramref name="room"/> allows at its
    /// height above the rib; only when even the smallest size does not hold it is the last line shortened.
    /// </summary>
    private static (double Size, IReadOnlyList<string> Lines) Fit(string text, double gap, double size, Func<double, double> room)
    {
        var whole = string.Join(" ", text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        (double, IReadOnlyList<string>)? last = null;
        for (var s = size; s >= size * 0.6 - 1e-9; s -= Math.Max(0.25, size * 0.05))
        {
            var maxLines = Math.Max(1, (int)((gap - 2) / (s * 1.15)));
            for (var n = 1; n <= maxLines; n++)
            {
                var perLine = Math.Max(4, (int)(room((n - 1) * s * 1.15) / (s * CharWidth)));
                var lines = Wrap(text, perLine, n);
                if (string.Join(" ", lines) == whole)
                {
                    return (s, lines);
                }

                last = (s, lines);
            }
        }

        return last ?? (size, [text]);
    }

    public static string Shorten(string text, int max) => text.Length <= max ? text : text[..Math.Max(1, max - 1)].TrimEnd() + "…";

    public static IReadOnlyList<string> Wrap(string text, int perLine, int maxLines)
    {
        var result = new List<string>();
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = line.Length == 0 ? word : line + " " + word;
            if (next.Length > perLine && line.Length > 0)
            {
                result.Add(line);
                line = word;
            }
            else
            {
                line = next;
            }
        }

        if (line.Length > 0)
        {
            result.Add(line);
        }

        if (result.Count > maxLines)
        {
            result = [.. result.Take(maxLines)];
            result[^1] = Shorten(result[^1] + "…", perLine);
        }

        return [.. result.Select(l => Shorten(l, perLine))];
    }
}
