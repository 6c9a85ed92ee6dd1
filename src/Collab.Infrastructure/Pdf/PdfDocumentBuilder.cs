using System.Globalization;
using SkiaSharp;

namespace Collab.Infrastructure.Pdf;

/// <summary>
/// Small flowing-document builder over SkiaSharp's PDF backend: headings, wrapped paragraphs,
/// bullet lists, tables that break across pages repeating their header row, bar charts; a header
/// (plant, title, date) and a "Page X / Y" footer on every page. Layout runs first on abstract
/// pages, so the page count is known when the footers are drawn. Units are PDF points (1/72 in).
/// Not thread-safe; one builder per document.
/// </summary>
public sealed class PdfDocumentBuilder
{
    private const float Margin = 42;       // ≈ 15 mm
    private const float HeaderHeight = 40;
    private const float FooterHeight = 26;
    private const float BodySize = 10;
    private const float SmallSize = 8;
    private const float CellPadding = 4;

    private readonly PdfFonts _fonts;
    private readonly PdfPageDecoration _decoration;
    private readonly List<Action<Layout>> _blocks = [];

    public PdfDocumentBuilder(PdfPageSize pageSize, PdfPageDecoration decoration, PdfFonts? fonts = null)
    {
        PageSize = pageSize;
        _decoration = decoration ?? throw new ArgumentNullException(nameof(decoration));
        _fonts = fonts ?? PdfFonts.Shared;
        (PageWidth, PageHeight) = pageSize switch
        {
            PdfPageSize.A4Portrait => (595.28f, 841.89f),
            PdfPageSize.A3Landscape => (1190.55f, 841.89f),
            _ => throw new ArgumentOutOfRangeException(nameof(pageSize)),
        };
    }

    public PdfPageSize PageSize { get; }
    public float PageWidth { get; }
    public float PageHeight { get; }

    /// <summary>PDF metadata.</summary>
    public string? Title { get; set; }
    public string? Author { get; set; }
    /// <summary>Creation date written in the metadata (pass the clock's time; default: none).</summary>
    public DateTimeOffset? CreatedAt { get; set; }
    /// <summary>Culture of the numbers drawn by the builder (chart axes and values); default fr-FR.</summary>
    public CultureInfo Culture { get; set; } = CultureInfo.GetCultureInfo("fr-FR");

    public PdfDocumentBuilder Heading(string text, int level = 1)
    {
        var size = level switch { 1 => 16f, 2 => 13f, _ => 11f };
        _blocks.Add(l => l.Heading(text, size, level == 1 ? PdfColor.Blue : PdfColor.Black));
        return this;
    }

    public PdfDocumentBuilder Paragraph(string text, bool bold = false, PdfColor? color = null, float size = BodySize)
    {
        _blocks.Add(l => l.Paragraph(text, bold, color ?? PdfColor.Black, size, indent: 0));
        return this;
    }

    /// <summary>"Label : value" lines with the label in bold.</summary>
    public PdfDocumentBuilder LabelledLines(params (string Label, string Value)[] lines)
    {
        _blocks.Add(l => l.Labelled(lines));
        return this;
    }

    public PdfDocumentBuilder Bullets(IEnumerable<string> items, PdfColor? color = null)
    {
        var list = items.ToArray();
        _blocks.Add(l => l.Bullets(list, color ?? PdfColor.Black));
        return this;
    }

    public PdfDocumentBuilder Table(PdfTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.Columns.Length == 0) throw new ArgumentException("Un tableau doit avoir au moins une colonne.", nameof(table));
        if (table.Rows.Any(r => r.Length != table.Columns.Length)) throw new ArgumentException("Chaque ligne du tableau doit avoir autant de cellules que de colonnes.", nameof(table));
        _blocks.Add(l => l.Table(table));
        return this;
    }

    public PdfDocumentBuilder BarChart(PdfBarChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        _blocks.Add(l => l.BarChart(chart));
        return this;
    }

    public PdfDocumentBuilder Space(float points = 8)
    {
        _blocks.Add(l => l.Space(points));
        return this;
    }

    public PdfDocumentBuilder PageBreak()
    {
        _blocks.Add(l => l.NewPage());
        return this;
    }

    /// <summary>Lays out and renders the document.</summary>
    public byte[] Build()
    {
        using var layout = new Layout(this);
        foreach (var block in _blocks) block(layout);
        var pages = layout.Pages;

        using var stream = new MemoryStream();
        var metadata = new SKDocumentPdfMetadata
        {
            Title = Title ?? _decoration.HeaderCenter,
            Author = Author ?? "",
            Creator = "Collab",
            Producer = "Collab (SkiaSharp)",
            RasterDpi = 150,
            PdfA = false,
        };
        if (CreatedAt is { } created)
        {
            metadata.Creation = created.UtcDateTime;
            metadata.Modified = created.UtcDateTime;
        }
        using (var document = SKDocument.CreatePdf(stream, metadata))
        {
            using var regular = new SKFont(_fonts.Regular, BodySize) { Subpixel = true };
            using var bold = new SKFont(_fonts.Bold, BodySize) { Subpixel = true };
            using var paint = new SKPaint { IsAntialias = true };
            for (var i = 0; i < pages.Count; i++)
            {
                var canvas = document.BeginPage(PageWidth, PageHeight);
                DrawDecoration(canvas, regular, bold, paint, i + 1, pages.Count);
                foreach (var op in pages[i]) op.Draw(canvas, regular, bold, paint);
                document.EndPage();
            }
            document.Close();
        }
        return stream.ToArray();
    }

    private void DrawDecoration(SKCanvas canvas, SKFont regular, SKFont bold, SKPaint paint, int page, int count)
    {
        // Line 1: plant (bold, left) and date (right); line 2: document title; then a rule.
        var top = Margin;
        var ops = new List<DrawOp>();
        var width = PageWidth - 2 * Margin;
        var right = Fit(_decoration.HeaderRight, _fonts.Regular, 9, width / 3);
        using (var measure = new SKFont(_fonts.Regular, 9))
        {
            var rightWidth = measure.MeasureText(right);
            ops.Add(new TextOp(Margin, top + 10, Fit(_decoration.HeaderLeft, _fonts.Bold, 10, width - rightWidth - 12), true, 10, PdfColor.Black, PdfAlign.Left));
        }
        ops.Add(new TextOp(PageWidth - Margin, top + 10, right, false, 9, PdfColor.Gray, PdfAlign.Right));
        ops.Add(new TextOp(Margin, top + 23, Fit(_decoration.HeaderCenter, _fonts.Regular, 9, width), false, 9, PdfColor.Gray, PdfAlign.Left));
        ops.Add(new LineOp(Margin, top + 29, PageWidth - Margin, top + 29, PdfColor.Blue, 1.2f));

        var footerY = PageHeight - Margin;
        ops.Add(new LineOp(Margin, footerY - FooterHeight + 8, PageWidth - Margin, footerY - FooterHeight + 8, PdfColor.Line, 0.6f));
        if (!string.IsNullOrEmpty(_decoration.FooterLeft))
            ops.Add(new TextOp(Margin, footerY - 4, _decoration.FooterLeft, false, SmallSize, PdfColor.Gray, PdfAlign.Left));
        var pageText = string.Format(CultureInfo.InvariantCulture, _decoration.PageNumberFormat, page, count);
        ops.Add(new TextOp(PageWidth - Margin, footerY - 4, pageText, false, SmallSize + 1, PdfColor.Gray, PdfAlign.Right));
        foreach (var op in ops) op.Draw(canvas, regular, bold, paint);
    }

    /// <summary>Shortens <paramref name="text"/> with "…" to fit <paramref name="width"/>.</summary>
    private static string Fit(string text, SKTypeface typeface, float size, float width)
    {
        using var font = new SKFont(typeface, size);
        if (font.MeasureText(text) <= width) return text;
        var s = text;
        while (s.Length > 1 && font.MeasureText(s + "…") > width) s = s[..^1];
        return s.TrimEnd() + "…";
    }

    // ------------------------------------------------------------------ layout

    private sealed class Layout : IDisposable
    {
        private readonly PdfDocumentBuilder _b;
        private readonly float _left;
        private readonly float _right;
        private readonly float _top;
        private readonly float _bottom;
        private readonly SKFont _measureRegular;
        private readonly SKFont _measureBold;
        private float _y;

        public Layout(PdfDocumentBuilder builder)
        {
            _b = builder;
            _left = Margin;
            _right = builder.PageWidth - Margin;
            _top = Margin + HeaderHeight;
            _bottom = builder.PageHeight - Margin - FooterHeight;
            _measureRegular = new SKFont(builder._fonts.Regular, BodySize) { Subpixel = true };
            _measureBold = new SKFont(builder._fonts.Bold, BodySize) { Subpixel = true };
            Pages.Add([]);
            _y = _top;
        }

        public List<List<DrawOp>> Pages { get; } = [];

        public void Dispose()
        {
            _measureRegular.Dispose();
            _measureBold.Dispose();
        }
        private List<DrawOp> Page => Pages[^1];
        private float Width => _right - _left;

        public void NewPage()
        {
            if (Page.Count == 0) return; // never leave an empty page
            Pages.Add([]);
            _y = _top;
        }

        private void Ensure(float height)
        {
            if (_y + height > _bottom && _y > _top) NewPage();
        }

        public void Space(float points) => _y = Math.Min(_y + points, _bottom);

        private static float LineHeight(float size) => size * 1.35f;

        /// <summary>Advance width at the real size (glyph metrics are not linear in size, so never scale a size-1 measure).</summary>
        public float Measure(string text, bool bold, float size)
        {
            var font = bold ? _measureBold : _measureRegular;
            font.Size = size;
            return font.MeasureText(text);
        }

        /// <summary>Greedy word wrap; words longer than the width are cut.</summary>
        public List<string> Wrap(string text, bool bold, float size, float width)
        {
            var lines = new List<string>();
            foreach (var rawLine in (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
            {
                var words = rawLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words.Length == 0) { lines.Add(""); continue; }
                var current = "";
                foreach (var word in words)
                {
                    var candidate = current.Length == 0 ? word : current + " " + word;
                    if (Measure(candidate, bold, size) <= width) { current = candidate; continue; }
                    if (current.Length > 0) lines.Add(current);
                    current = word;
                    while (Measure(current, bold, size) > width && current.Length > 1)
                    {
                        var cut = current.Length - 1;
                        while (cut > 1 && Measure(current[..cut], bold, size) > width) cut--;
                        lines.Add(current[..cut]);
                        current = current[cut..];
                    }
                }
                lines.Add(current);
            }
            return lines;
        }

        public void Heading(string text, float size, PdfColor color)
        {
            var lines = Wrap(text, true, size, Width);
            // Keep with what follows: heading + at least three body lines on the page.
            Ensure(lines.Count * LineHeight(size) + 6 + 3 * LineHeight(BodySize));
            _y += size * 0.4f;
            foreach (var line in lines)
            {
                _y += LineHeight(size);
                Page.Add(new TextOp(_left, _y - size * 0.3f, line, true, size, color, PdfAlign.Left));
            }
            _y += 4;
        }

        public void Paragraph(string text, bool bold, PdfColor color, float size, float indent)
        {
            var lines = Wrap(text, bold, size, Width - indent);
            var lh = LineHeight(size);
            if (lines.Count <= 3) Ensure(lines.Count * lh); // short paragraphs are not split
            foreach (var line in lines)
            {
                Ensure(lh);
                _y += lh;
                Page.Add(new TextOp(_left + indent, _y - size * 0.3f, line, bold, size, color, PdfAlign.Left));
            }
            _y += 3;
        }

        public void Labelled((string Label, string Value)[] items)
        {
            var lh = LineHeight(BodySize);
            foreach (var (label, value) in items)
            {
                var labelText = label + " : ";
                var labelWidth = Measure(labelText, true, BodySize);
                var lines = Wrap(value, false, BodySize, Width - labelWidth);
                Ensure(lines.Count * lh);
                for (var i = 0; i < lines.Count; i++)
                {
                    _y += lh;
                    if (i == 0) Page.Add(new TextOp(_left, _y - BodySize * 0.3f, labelText, true, BodySize, PdfColor.Black, PdfAlign.Left));
                    Page.Add(new TextOp(_left + labelWidth, _y - BodySize * 0.3f, lines[i], false, BodySize, PdfColor.Black, PdfAlign.Left));
                }
            }
            _y += 3;
        }

        public void Bullets(string[] items, PdfColor color)
        {
            var lh = LineHeight(BodySize);
            const float indent = 14;
            foreach (var item in items)
            {
                var lines = Wrap(item, false, BodySize, Width - indent);
                Ensure(Math.Min(lines.Count, 2) * lh);
                for (var i = 0; i < lines.Count; i++)
                {
                    Ensure(lh);
                    _y += lh;
                    if (i == 0) Page.Add(new TextOp(_left + 3, _y - BodySize * 0.3f, "•", true, BodySize, color, PdfAlign.Left));
                    Page.Add(new TextOp(_left + indent, _y - BodySize * 0.3f, lines[i], false, BodySize, color, PdfAlign.Left));
                }
            }
            _y += 3;
        }

        public void Table(PdfTable table)
        {
            const float size = 9;
            var lh = LineHeight(size);
            var widths = ColumnWidths(table, size);
            var xs = new float[widths.Length + 1];
            xs[0] = _left;
            for (var i = 0; i < widths.Length; i++) xs[i + 1] = xs[i] + widths[i];

            List<string>[] WrapRow(string[] cells, bool bold) =>
                [.. cells.Select((c, i) => Wrap(c, bold, size, widths[i] - 2 * CellPadding))];

            var header = WrapRow([.. table.Columns.Select(c => c.Header)], true);
            var headerHeight = header.Max(h => h.Count) * lh + 2 * CellPadding;

            void DrawRow(List<string>[] cells, int from, int count, bool isHeader, PdfColor color)
            {
                var height = count * lh + 2 * CellPadding;
                if (isHeader) Page.Add(new RectOp(_left, _y, Width, height, PdfColor.LightGray));
                for (var c = 0; c < cells.Length; c++)
                {
                    var col = table.Columns[c];
                    for (var k = 0; k < count && from + k < cells[c].Count; k++)
                    {
                        var baseline = _y + CellPadding + (k + 1) * lh - size * 0.3f;
                        var x = col.Align switch
                        {
                            PdfAlign.Right => xs[c + 1] - CellPadding,
                            PdfAlign.Center => (xs[c] + xs[c + 1]) / 2,
                            _ => xs[c] + CellPadding,
                        };
                        Page.Add(new TextOp(x, baseline, cells[c][from + k], isHeader, size, isHeader ? PdfColor.Black : color, col.Align));
                    }
                }
                Page.Add(new LineOp(_left, _y + height, _right, _y + height, PdfColor.Line, isHeader ? 1f : 0.5f));
                foreach (var x in xs) Page.Add(new LineOp(x, _y, x, _y + height, PdfColor.Line, 0.5f));
                if (isHeader) Page.Add(new LineOp(_left, _y, _right, _y, PdfColor.Line, 1f));
                _y += height;
            }

            void Header()
            {
                DrawRow(header, 0, header.Max(h => h.Count), true, PdfColor.Black);
            }

            Ensure(headerHeight + lh + 2 * CellPadding);
            _y += 2;
            Header();
            for (var r = 0; r < table.Rows.Length; r++)
            {
                var cells = WrapRow(table.Rows[r], false);
                var color = table.RowColors is { } colors && r < colors.Length && colors[r] is { } rc ? rc : PdfColor.Black;
                var lineCount = Math.Max(1, cells.Max(c => c.Count));
                var done = 0;
                while (done < lineCount)
                {
                    var available = (int)Math.Floor((_bottom - _y - 2 * CellPadding) / lh);
                    var remaining = lineCount - done;
                    var fitsOnFreshPage = remaining * lh + 2 * CellPadding <= _bottom - _top - headerHeight;
                    if (available < remaining && (fitsOnFreshPage || available < 1))
                    {
                        // Continue on the next page under a repeated header row.
                        NewPage();
                        Header();
                        continue;
                    }
                    var count = Math.Min(available, remaining);
                    DrawRow(cells, done, count, false, color);
                    done += count;
                }
            }
            _y += 6;
        }

        /// <summary>
        /// Widths proportional to the column weights, but never narrower than the longest word of
        /// the column (dates, numbers and codes are not cut), within 45 % of the table width.
        /// </summary>
        private float[] ColumnWidths(PdfTable table, float size)
        {
            var n = table.Columns.Length;
            var min = new float[n];
            for (var c = 0; c < n; c++)
            {
                var longest = table.Columns[c].Header.Split(' ').Select(w => Measure(w, true, size)).DefaultIfEmpty(0).Max();
                foreach (var row in table.Rows)
                    foreach (var word in (row[c] ?? "").Split(' ', '\n'))
                        longest = Math.Max(longest, Measure(word, false, size));
                min[c] = Math.Min(longest + 2 * CellPadding + 1, Width * 0.45f);
            }
            var weights = table.Columns.Select(col => Math.Max(0.01f, col.Weight)).ToArray();
            var widths = new float[n];
            var fixedCols = new bool[n];
            for (var pass = 0; pass < n; pass++)
            {
                var freeWidth = Width - Enumerable.Range(0, n).Where(i => fixedCols[i]).Sum(i => widths[i]);
                var freeWeight = Enumerable.Range(0, n).Where(i => !fixedCols[i]).Sum(i => weights[i]);
                var changed = false;
                for (var i = 0; i < n; i++)
                {
                    if (fixedCols[i]) continue;
                    widths[i] = freeWeight <= 0 ? 0 : freeWidth * weights[i] / freeWeight;
                }
                for (var i = 0; i < n; i++)
                {
                    if (!fixedCols[i] && widths[i] < min[i]) { widths[i] = min[i]; fixedCols[i] = true; changed = true; }
                }
                if (!changed) break;
            }
            var sum = widths.Sum();
            if (sum > Width) for (var i = 0; i < n; i++) widths[i] *= Width / sum; // too many wide columns: shrink all
            return widths;
        }

        public void BarChart(PdfBarChart chart)
        {
            var titleSize = 10f;
            var height = chart.Height;
            Ensure(height + 2 * LineHeight(titleSize) + 20);
            _y += LineHeight(titleSize);
            Page.Add(new TextOp(_left, _y - 3, chart.Title, true, titleSize, PdfColor.Black, PdfAlign.Left));
            _y += 6;

            var axisLeft = _left + 40;
            var plotTop = _y + 8;
            var plotBottom = _y + height - 28;
            var plotRight = _right - 10;
            var max = Math.Max(chart.Bars.Length == 0 ? 1 : chart.Bars.Max(b => b.Value), chart.ReferenceValue ?? 0);
            if (max <= 0) max = 1;
            var step = NiceStep(max * 1.1 / 4);
            var ticks = (int)Math.Ceiling(max * 1.1 / step);
            var niceMax = step * ticks;
            float Y(double v) => plotBottom - (float)(v / niceMax) * (plotBottom - plotTop);

            for (var k = 0; k <= ticks; k++)
            {
                var v = step * k;
                var y = Y(v);
                Page.Add(new LineOp(axisLeft, y, plotRight, y, PdfColor.LightGray, 0.5f));
                Page.Add(new TextOp(axisLeft - 4, y + 3, v.ToString("0.##", _b.Culture) + (chart.Unit is null ? "" : " " + chart.Unit), false, 7, PdfColor.Gray, PdfAlign.Right));
            }
            Page.Add(new LineOp(axisLeft, plotBottom, plotRight, plotBottom, PdfColor.Black, 0.8f));

            var n = Math.Max(1, chart.Bars.Length);
            var slot = (plotRight - axisLeft) / n;
            var barWidth = Math.Min(48, slot * 0.6f);
            for (var i = 0; i < chart.Bars.Length; i++)
            {
                var bar = chart.Bars[i];
                var cx = axisLeft + slot * (i + 0.5f);
                var top = Y(Math.Max(0, bar.Value));
                var color = bar.Color ?? (chart.ReferenceValue is { } r && bar.Value > r ? PdfColor.Red : PdfColor.Blue);
                Page.Add(new RectOp(cx - barWidth / 2, top, barWidth, plotBottom - top, color));
                Page.Add(new TextOp(cx, top - 3, bar.Value.ToString("0.#", _b.Culture), true, 7, PdfColor.Black, PdfAlign.Center));
                var label = bar.Label;
                while (label.Length > 1 && Measure(label, false, 7) > slot - 2) label = label[..^1];
                Page.Add(new TextOp(cx, plotBottom + 11, label == bar.Label ? label : label + "…", false, 7, PdfColor.Black, PdfAlign.Center));
            }
            if (chart.ReferenceValue is { } reference)
            {
                var y = Y(reference);
                Page.Add(new LineOp(axisLeft, y, plotRight, y, PdfColor.Orange, 1.2f));
                if (chart.ReferenceLabel is not null)
                {
                    // Legend on the title line (never over the bars).
                    var legendY = plotTop - 14 - 3;
                    Page.Add(new TextOp(plotRight, legendY, chart.ReferenceLabel, false, 8, PdfColor.Black, PdfAlign.Right));
                    var lx = plotRight - Measure(chart.ReferenceLabel, false, 8) - 6;
                    Page.Add(new LineOp(lx - 18, legendY - 3, lx, legendY - 3, PdfColor.Orange, 1.6f));
                }
            }
            _y += height;
        }

        /// <summary>Smallest of 1, 2, 2.5, 5 × 10^k that is ≥ <paramref name="value"/>.</summary>
        private static double NiceStep(double value)
        {
            if (value <= 0) return 1;
            var exponent = Math.Pow(10, Math.Floor(Math.Log10(value)));
            foreach (var m in new[] { 1, 2, 2.5, 5, 10 })
            {
                if (m * exponent >= value) return m * exponent;
            }
            return 10 * exponent;
        }
    }

    // ------------------------------------------------------------------ drawing operations

    private abstract record DrawOp
    {
        public abstract void Draw(SKCanvas canvas, SKFont regular, SKFont bold, SKPaint paint);

        protected static SKColor ToSk(PdfColor c) => new(c.R, c.G, c.B);
    }

    private sealed record TextOp(float X, float Y, string Text, bool Bold, float Size, PdfColor Color, PdfAlign Align) : DrawOp
    {
        public override void Draw(SKCanvas canvas, SKFont regular, SKFont bold, SKPaint paint)
        {
            if (Text.Length == 0) return;
            var font = Bold ? bold : regular;
            font.Size = Size;
            paint.Style = SKPaintStyle.Fill;
            paint.Color = ToSk(Color);
            var align = Align switch { PdfAlign.Center => SKTextAlign.Center, PdfAlign.Right => SKTextAlign.Right, _ => SKTextAlign.Left };
            canvas.DrawText(Text, X, Y, align, font, paint);
        }
    }

    private sealed record LineOp(float X1, float Y1, float X2, float Y2, PdfColor Color, float Width) : DrawOp
    {
        public override void Draw(SKCanvas canvas, SKFont regular, SKFont bold, SKPaint paint)
        {
            paint.Style = SKPaintStyle.Stroke;
            paint.StrokeWidth = Width;
            paint.Color = ToSk(Color);
            canvas.DrawLine(X1, Y1, X2, Y2, paint);
        }
    }

    private sealed record RectOp(float X, float Y, float W, float H, PdfColor Color) : DrawOp
    {
        public override void Draw(SKCanvas canvas, SKFont regular, SKFont bold, SKPaint paint)
        {
            paint.Style = SKPaintStyle.Fill;
            paint.Color = ToSk(Color);
            canvas.DrawRect(X, Y, W, H, paint);
        }
    }
}
