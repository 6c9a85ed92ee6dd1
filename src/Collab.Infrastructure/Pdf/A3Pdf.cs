using System.Globalization;
using Collab.Contracts.Common;
using Collab.Contracts.Projects;
using SkiaSharp;

namespace Collab.Infrastructure.Pdf;

/// <summary>
/// The A3 sheet of an improvement project as a one-page A3 landscape PDF in the reader's language (French by default,
/// English with an "en" culture; words from <c>A3PdfResource.resx</c> beside this file, the typed project data worded
/// here — no French comes from the domain): header (project,
/// method, phase, people, dates), then three columns — left: context, current situation, target and
/// KPIs, root-cause analysis with the 5-whys chains; middle: the Ishikawa diagram (same geometry as the
/// page, <see cref="IshikawaLayout"/>), countermeasures, what-if simulation; right: action plan (overdue
/// in red), follow-up, results and gains. Every box clips its content with "…" so the sheet stays one page; Ishikawa
/// causes wrap on their rib (<see cref="IshikawaLayout"/>).
/// </summary>
public static class A3Pdf
{
    private const float W = 1190.55f;
    private const float H = 841.89f;
    private const float M = 24;
    private static readonly System.Resources.ResourceManager Words = new("Collab.Infrastructure.Pdf.A3PdfResource", typeof(A3Pdf).Assembly);

    /// <summary>Renders the sheet; <paramref name="culture"/> picks the words and number/date formats (fr-FR when null).</summary>
    public static byte[] Render(ImprovementProjectView p, string siteName, DateOnly today, DateTimeOffset createdAt, PdfFonts? fonts = null, CultureInfo? culture = null)
    {
        fonts ??= PdfFonts.Shared;
        var c = culture ?? CultureInfo.GetCultureInfo("fr-FR");
        using var stream = new MemoryStream();
        var metadata = new SKDocumentPdfMetadata
        {
            Title = $"A3 {p.Reference} — {p.Title}",
            Author = p.Lead ?? p.SubmittedBy,
            Creator = "Collab",
            Producer = "Collab (SkiaSharp)",
            Creation = createdAt.UtcDateTime,
            Modified = createdAt.UtcDateTime,
        };
        using (var document = SKDocument.CreatePdf(stream, metadata))
        {
            var canvas = document.BeginPage(W, H);
            new Sheet(canvas, fonts, c).Draw(p, siteName, today, createdAt);
            document.EndPage();
            document.Close();
        }

        return stream.ToArray();
    }

    /// <summary>A word of the sheet in <paramref name="culture"/> (the French resource when the culture has none).</summary>
    public static string Word(CultureInfo culture, string key, params object[] args)
    {
        var text = Words.GetString("A3." + key, culture) ?? key;
        return args.Length == 0 ? text : string.Format(culture, text, args);
    }

    /// <summary>Phase name of a project in <paramref name="culture"/>.</summary>
    public static string PhaseName(CultureInfo culture, ProjectMethod method, int phase, ProjectStatus status) => status switch
    {
        ProjectStatus.Active => Word(culture, $"Phase.{ProjectPhases.Key(method, phase)}"),
        _ => Word(culture, $"Phase.{status}"),
    };

    /// <summary>One parameter change as a line, e.g. "Temps de réglage sur ESS-01 : -50 %".</summary>
    public static string ParameterText(CultureInfo culture, ParameterChange c)
    {
        var v = (c.Kind is ParameterKind.SetupTimePercent or ParameterKind.RunTimePercent && c.Value > 0 ? "+" : "") + c.Value.ToString("0.##", culture);
        var on = c.Item is null ? c.Target : Word(culture, "Param.ItemOnly", c.Target, c.Item);
        return Word(culture, $"Param.{c.Kind}", on, v);
    }

    private sealed class Sheet(SKCanvas canvas, PdfFonts fonts, CultureInfo culture)
    {
        private string T(string key, params object[] args) => Word(culture, key, args);

        private static readonly SKColor Blue = new(0x1f, 0x5f, 0xa8);
        private static readonly SKColor Ink = new(0x1a, 0x1a, 0x1a);
        private static readonly SKColor Grey = new(0x66, 0x66, 0x66);
        private static readonly SKColor Red = new(0xc6, 0x28, 0x28);
        private static readonly SKColor Green = new(0x2e, 0x7d, 0x32);
        private static readonly SKColor Band = new(0xe8, 0xef, 0xf8);
        private static readonly SKColor Rule = new(0xb0, 0xb4, 0xba);

        public void Draw(ImprovementProjectView p, string siteName, DateOnly today, DateTimeOffset createdAt)
        {
            // header
            Text(M, M + 16, T("Title", p.Title), 16, true, Blue);
            Text(W - M, M + 12, $"{siteName} · {createdAt.ToOffset(TimeSpan.FromHours(1)):dd/MM/yyyy HH:mm}", 9, false, Grey, SKTextAlign.Right);
            var people = T("People", p.Reference, MethodName(p.Method), PhaseName(culture, p.Method, p.Phase, p.Status), p.Lead ?? "—", p.Sponsor ?? "—", p.Team.Count == 0 ? "—" : string.Join(", ", p.Team));
            Text(M, M + 32, Fit(people, W - 2 * M, 9.5f, false), 9.5f, false, Ink);
            var dates = T("Dates", p.TargetDate?.ToString("d", culture) ?? "—", p.Scope.Length == 0 ? "—" : p.Scope, p.SubmittedBy, p.SubmittedAt.ToString("d", culture));
            Text(M, M + 46, Fit(dates, W - 2 * M, 9.5f, false), 9.5f, false, Grey);
            Line(M, M + 53, W - M, M + 53, Blue, 1.4f);

            var top = M + 62;
            var bottom = H - M - 14;
            var gap = 10f;
            var colW = (W - 2 * M - 2 * gap) / 3;
            var x1 = M;
            var x2 = M + colW + gap;
            var x3 = M + 2 * (colW + gap);
            var total = bottom - top;

            // left column
            var y = top;
            y = TextBox(x1, y, colW, total * 0.14f, T("Box.Context"), p.Section(A3Section.Context)) + 6;
            y = TextBox(x1, y, colW, total * 0.16f, T("Box.CurrentSituation"), p.Section(A3Section.CurrentSituation)) + 6;
            y = TargetBox(x1, y, colW, total * 0.22f, p) + 6;
            AnalysisBox(x1, y, colW, bottom - y, p);

            // middle column
            y = top;
            y = IshikawaBox(x2, y, colW, total * 0.46f, p) + 6;
            y = TextBox(x2, y, colW, total * 0.18f, T("Box.Countermeasures"), p.Section(A3Section.Countermeasures)) + 6;
            SimulationBox(x2, y, colW, bottom - y, p);

            // right column
            y = top;
            y = ActionsBox(x3, y, colW, total * 0.42f, p, today) + 6;
            y = FollowUpBox(x3, y, colW, total * 0.25f, p) + 6;
            ResultsBox(x3, y, colW, bottom - y, p);

            Line(M, H - M - 8, W - M, H - M - 8, Rule, 0.6f);
            Text(M, H - M + 2, T("Footer"), 7.5f, false, Grey);
            Text(W - M, H - M + 2, T("Page"), 7.5f, false, Grey, SKTextAlign.Right);
        }

        // ------------------------------------------------------------ boxes

        private float Frame(float x, float y, float w, float h, string title)
        {
            using var fill = new SKPaint { Color = Band, IsAntialias = true };
            canvas.DrawRect(x, y, w, 16, fill);
            using var border = new SKPaint { Color = Rule, IsStroke = true, StrokeWidth = 0.8f, IsAntialias = true };
            canvas.DrawRect(x, y, w, h, border);
            Text(x + 5, y + 12, title, 10, true, Blue);
            return y + 20;
        }

        private float TextBox(float x, float y, float w, float h, string title, string text)
        {
            var cy = Frame(x, y, w, h, title);
            Paragraph(x + 6, cy, w - 12, y + h - 3, text.Length == 0 ? T("ToComplete") : text, 10, text.Length == 0 ? Grey : Ink);
            return y + h;
        }

        private float TargetBox(float x, float y, float w, float h, ImprovementProjectView p)
        {
            var cy = Frame(x, y, w, h, T("Box.Target"));
            var target = p.Section(A3Section.Target);
            cy = Paragraph(x + 6, cy, w - 12, y + h - 3, target.Length == 0 ? T("ToComplete") : target, 9, target.Length == 0 ? Grey : Ink, maxLines: 3);
            if (p.Kpis.Count > 0)
            {
                cy += 2;
                cy = Row(x + 6, cy, w - 12, [T("Kpi.Name"), T("Kpi.Baseline"), T("Kpi.Target"), T("Kpi.Last")], [0.46f, 0.18f, 0.18f, 0.18f], true, Ink, y + h);
                foreach (var k in p.Kpis)
                {
                    if (cy > y + h - 4)
                    {
                        break;
                    }

                    var last = k.Last is { } l ? $"{l.ToString("0.##", culture)}" : "—";
                    cy = Row(x + 6, cy, w - 12, [$"{k.Name} ({k.Unit})", k.Baseline.ToString("0.##", culture), k.Target.ToString("0.##", culture), last], [0.46f, 0.18f, 0.18f, 0.18f], false,
                        k.Last is null ? Ink : k.TargetReached ? Green : Red, y + h);
                }
            }

            return y + h;
        }

        private void AnalysisBox(float x, float y, float w, float h, ImprovementProjectView p)
        {
            var cy = Frame(x, y, w, h, T("Box.Analysis"));
            var text = p.Section(A3Section.RootCauseAnalysis);
            if (text.Length > 0)
            {
                cy = Paragraph(x + 6, cy, w - 12, y + h - 3, text, 9, Ink, maxLines: 4) + 3;
            }

            foreach (var chain in p.Whys)
            {
                if (cy > y + h - 14)
                {
                    break;
                }

                cy = Paragraph(x + 6, cy, w - 12, y + h - 3, T("Whys", chain.Problem), 9, Blue, bold: true);
                for (var i = 0; i < chain.Whys.Count; i++)
                {
                    cy = Paragraph(x + 14, cy, w - 20, y + h - 3, T("Why", i + 1, chain.Whys[i]), 8.5f, Ink, maxLines: 2);
                }

                if (chain.RootCause is { } root)
                {
                    cy = Paragraph(x + 14, cy, w - 20, y + h - 3, T("RootCause", root), 8.5f, Red, bold: true, maxLines: 2);
                }

                cy += 3;
            }

            if (text.Length == 0 && p.Whys.Count == 0)
            {
                Paragraph(x + 6, cy, w - 12, y + h - 3, T("ToComplete"), 9, Grey);
            }
        }

        private float IshikawaBox(float x, float y, float w, float h, ImprovementProjectView p)
        {
            var cy = Frame(x, y, w, h, T("Box.Ishikawa", p.Ishikawa.SixM ? "6M" : "5M"));
            var drawing = IshikawaLayout.Compute(p.Ishikawa, w - 8, y + h - cy - 4, c => T($"Cat.{c}"), T("EmptyEffect"));
            var ox = x + 4;
            var oy = cy;
            foreach (var l in drawing.Lines)
            {
                Line(ox + (float)l.X1, oy + (float)l.Y1, ox + (float)l.X2, oy + (float)l.Y2, l.Main ? Blue : Grey, l.Main ? 1.6f : 0.7f);
            }

            using (var headFill = new SKPaint { Color = Band, IsAntialias = true })
            using (var headBorder = new SKPaint { Color = Blue, IsStroke = true, StrokeWidth = 1.2f, IsAntialias = true })
            {
                var r = new SKRect(ox + (float)drawing.Head.X, oy + (float)drawing.Head.Y, ox + (float)(drawing.Head.X + drawing.Head.W), oy + (float)(drawing.Head.Y + drawing.Head.H));
                canvas.DrawRect(r, headFill);
                canvas.DrawRect(r, headBorder);
                var ty = r.MidY - (drawing.HeadLines.Count - 1) * 5.5f + 3;
                foreach (var hl in drawing.HeadLines)
                {
                    Text(r.MidX, ty, hl, 8.5f, true, Ink, SKTextAlign.Center);
                    ty += 11;
                }
            }

            foreach (var t in drawing.Texts)
            {
                var align = t.Anchor switch { "middle" => SKTextAlign.Center, "end" => SKTextAlign.Right, _ => SKTextAlign.Left };
                for (var k = 0; k < t.Lines.Count; k++)
                {
                    Text(ox + (float)t.LineX(k), oy + (float)t.LineY(k), t.Lines[k], (float)t.Size, t.Bold, t.Bold ? Blue : Ink, align);
                }
            }

            return y + h;
        }

        private void SimulationBox(float x, float y, float w, float h, ImprovementProjectView p)
        {
            var cy = Frame(x, y, w, h, T("Box.Simulation"));
            if (p.Simulation is not { } s)
            {
                var text = p.Changes.Count == 0 ? T("Sim.None") : T("Sim.NotRun", string.Join(" ; ", p.Changes.Select(c => ParameterText(culture, c))));
                Paragraph(x + 6, cy, w - 12, y + h - 3, text, 9, Grey);
                return;
            }

            // Typed changes worded here; results stored before they were typed keep their French lines.
            foreach (var c in s.Parameters is { } typed ? typed.Select(c => ParameterText(culture, c)) : s.Changes)
            {
                cy = Paragraph(x + 6, cy, w - 12, y + h - 3, "• " + c, 9, Ink, maxLines: 1);
            }

            cy += 2;
            float[] widths = [0.46f, 0.27f, 0.27f];
            cy = Row(x + 6, cy, w - 12, ["", T("Sim.Before"), T("Sim.After")], widths, true, Ink, y + h);
            cy = Row(x + 6, cy, w - 12, [T("Sim.LateOrders"), N(s.Before.LateOrders), N(s.After.LateOrders)], widths, false, Ink, y + h);
            cy = Row(x + 6, cy, w - 12, [T("Sim.Otd"), $"{s.Before.OtdPercent.ToString("0.#", culture)} %", $"{s.After.OtdPercent.ToString("0.#", culture)} %"], widths, false, Ink, y + h);
            cy = Row(x + 6, cy, w - 12, [T("Sim.Stock"), s.Before.AverageStockValue.ToString("N0", culture), s.After.AverageStockValue.ToString("N0", culture)], widths, false, Ink, y + h);
            cy = Row(x + 6, cy, w - 12, [T("Sim.Overloads"), N(s.Before.OverloadedWorkstationWeeks), N(s.After.OverloadedWorkstationWeeks)], widths, false, Ink, y + h);
            foreach (var ws in s.Workstations.Where(w => Math.Abs(w.TotalAfter - w.TotalBefore) > 1e-6).Take(4))
            {
                cy = Row(x + 6, cy, w - 12, [T("Sim.Load", ws.Workstation), $"{(ws.PeakBefore * 100).ToString("0", culture)} %", $"{(ws.PeakAfter * 100).ToString("0", culture)} %"], widths, false,
                    ws.PeakAfter < ws.PeakBefore ? Green : Red, y + h);
            }
        }

        private float ActionsBox(float x, float y, float w, float h, ImprovementProjectView p, DateOnly today)
        {
            var cy = Frame(x, y, w, h, T("Box.Actions"));
            float[] widths = [0.43f, 0.18f, 0.14f, 0.25f];
            cy = Row(x + 6, cy, w - 12, [T("Actions.Action"), T("Actions.Owner"), T("Actions.Due"), T("Actions.Status")], widths, true, Ink, y + h);
            if (p.Actions.Count == 0)
            {
                Paragraph(x + 6, cy, w - 12, y + h - 3, T("Actions.None"), 9, Grey);
            }

            var shown = 0;
            foreach (var a in p.Actions.OrderBy(a => a.Due))
            {
                if (cy > y + h - 14)
                {
                    Text(x + 6, y + h - 4, T("Actions.More", p.Actions.Count - shown), 8, false, Grey);
                    break;
                }

                var color = a.IsOverdue(today) ? Red : Ink;
                var titleLines = Wrap(a.Title, (w - 12) * widths[0] - 4, 8.5f, false);
                var rowTop = cy;
                cy = Row(x + 6, cy, w - 12, [titleLines[0], a.Owner, a.Due.ToString(culture.DateTimeFormat.ShortDatePattern.Replace("yyyy", "yy", StringComparison.Ordinal), culture), a.IsOverdue(today) ? T("Actions.Late", T($"Status.{a.Status}")) : T($"Status.{a.Status}")], widths, false, color, y + h);
                if (titleLines.Count > 1 && cy > rowTop && cy + 11 <= y + h)
                {
                    cy = Row(x + 6, cy, w - 12, [titleLines.Count > 2 ? Fit(titleLines[1] + " …", (w - 12) * widths[0] - 4, 8.5f, false) : titleLines[1], "", "", ""], widths, false, color, y + h);
                }

                shown++;
            }

            return y + h;
        }

        private float FollowUpBox(float x, float y, float w, float h, ImprovementProjectView p)
        {
            var cy = Frame(x, y, w, h, T("Box.FollowUp"));
            var text = p.Section(A3Section.FollowUp);
            cy = Paragraph(x + 6, cy, w - 12, y + h - 3, text.Length == 0 ? T("ToComplete") : text, 9, text.Length == 0 ? Grey : Ink, maxLines: 3) + 2;
            foreach (var k in p.Kpis.Where(k => k.Measures.Count > 0))
            {
                if (cy > y + h - 12)
                {
                    break;
                }

                var series = string.Join(" · ", k.Measures.OrderBy(m => m.Date).TakeLast(6).Select(m => $"{m.Date.ToString(System.Text.RegularExpressions.Regex.Replace(culture.DateTimeFormat.ShortDatePattern, "[^dM]*y+[^dM]*", ""), culture)} {m.Value.ToString("0.##", culture)}"));
                cy = Paragraph(x + 6, cy, w - 12, y + h - 3, $"{k.Name} ({k.Unit}){(culture.TwoLetterISOLanguageName == "fr" ? " :" : ":")} {series}", 8.5f, k.TargetReached ? Green : Ink, maxLines: 2);
            }

            return y + h;
        }

        private void ResultsBox(float x, float y, float w, float h, ImprovementProjectView p)
        {
            var cy = Frame(x, y, w, h, T("Box.Results"));
            var text = p.Section(A3Section.Results);
            cy = Paragraph(x + 6, cy, w - 12, y + h - 3, text.Length == 0 ? T("ToComplete") : text, 9, text.Length == 0 ? Grey : Ink, maxLines: 4) + 2;
            float[] widths = [0.34f, 0.33f, 0.33f];
            cy = Row(x + 6, cy, w - 12, [T("Gains"), T("Gains.Estimated"), T("Gains.Confirmed")], widths, true, Ink, y + h);
            var e = p.EstimatedGains;
            var c = p.ConfirmedGains;
            string G(ProjectGains? g, Func<ProjectGains, double> f, string unit, string format = "N0") => g is null ? "—" : T($"Unit.{unit}", f(g).ToString(format, culture));
            cy = Row(x + 6, cy, w - 12, [T("Gains.Euros"), G(e, g => g.EurosPerYear, "EurosPerYear"), G(c, g => g.EurosPerYear, "EurosPerYear")], widths, false, Ink, y + h);
            cy = Row(x + 6, cy, w - 12, [T("Gains.Hours"), G(e, g => g.Hours, "Hours", "0.#"), G(c, g => g.Hours, "Hours", "0.#")], widths, false, Ink, y + h);
            cy = Row(x + 6, cy, w - 12, [T("Gains.Days"), G(e, g => g.LeadTimeDays, "Days", "0.#"), G(c, g => g.LeadTimeDays, "Days", "0.#")], widths, false, Ink, y + h);
            Row(x + 6, cy, w - 12, [T("Gains.Scrap"), G(e, g => g.ScrapPercent, "ScrapPoints", "0.#"), G(c, g => g.ScrapPercent, "ScrapPoints", "0.#")], widths, false, Ink, y + h);
        }

        // ------------------------------------------------------------ primitives

        private string N(int n) => n.ToString(culture);

        private float Row(float x, float y, float w, string[] cells, float[] weights, bool header, SKColor color, float limit)
        {
            const float size = 8.5f;
            if (y + 11 > limit)
            {
                return y;
            }

            var cx = x;
            for (var i = 0; i < cells.Length; i++)
            {
                var cw = w * weights[i];
                Text(cx, y + 9, Fit(cells[i], cw - 4, size, header), size, header, header ? Blue : color);
                cx += cw;
            }

            Line(x, y + 12, x + w, y + 12, Rule, 0.4f);
            return y + 13;
        }

        private float Paragraph(float x, float y, float w, float limit, string text, float size, SKColor color, bool bold = false, int maxLines = int.MaxValue)
        {
            var lineH = size * 1.3f;
            var lines = Wrap(text, w, size, bold);
            var room = Math.Max(0, (int)((limit - y) / lineH));
            var count = Math.Min(Math.Min(lines.Count, room), maxLines);
            for (var i = 0; i < count; i++)
            {
                var line = lines[i];
                if (i == count - 1 && count < lines.Count)
                {
                    line = Fit(line + " …", w, size, bold);
                }

                Text(x, y + size, line, size, bold, color);
                y += lineH;
            }

            return y;
        }

        private List<string> Wrap(string text, float width, float size, bool bold)
        {
            var result = new List<string>();
            foreach (var paragraph in text.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
            {
                var line = "";
                foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var next = line.Length == 0 ? word : line + " " + word;
                    if (Measure(next, size, bold) > width && line.Length > 0)
                    {
                        result.Add(line);
                        line = Fit(word, width, size, bold);
                    }
                    else
                    {
                        line = Measure(next, size, bold) > width ? Fit(next, width, size, bold) : next;
                    }
                }

                result.Add(line);
            }

            return result;
        }

        private float Measure(string text, float size, bool bold)
        {
            using var font = new SKFont(bold ? fonts.Bold : fonts.Regular, size);
            return font.MeasureText(text);
        }

        private string Fit(string text, float width, float size, bool bold)
        {
            if (Measure(text, size, bold) <= width)
            {
                return text;
            }

            var s = text;
            while (s.Length > 1 && Measure(s + "…", size, bold) > width)
            {
                s = s[..^1];
            }

            return s.TrimEnd() + "…";
        }

        private void Text(float x, float y, string text, float size, bool bold, SKColor color, SKTextAlign align = SKTextAlign.Left)
        {
            using var font = new SKFont(bold ? fonts.Bold : fonts.Regular, size) { Subpixel = true };
            using var paint = new SKPaint { Color = color, IsAntialias = true };
            canvas.DrawText(text, x, y, align, font, paint);
        }

        private void Line(float x1, float y1, float x2, float y2, SKColor color, float width)
        {
            using var paint = new SKPaint { Color = color, StrokeWidth = width, IsAntialias = true, IsStroke = true };
            canvas.DrawLine(x1, y1, x2, y2, paint);
        }
    }

    public static string MethodName(ProjectMethod m) => m switch
    {
        ProjectMethod.Dmaic => "DMAIC",
        ProjectMethod.EightD => "8D",
        _ => "PDCA",
    };
}
