namespace Collab.Infrastructure.Pdf;

public enum PdfPageSize
{
    /// <summary>210 × 297 mm, portrait (minutes, letters).</summary>
    A4Portrait,
    /// <summary>420 × 297 mm, landscape (A3 sheet of an improvement project).</summary>
    A3Landscape,
}

public enum PdfAlign { Left, Center, Right }

/// <summary>RGB colour.</summary>
public readonly record struct PdfColor(byte R, byte G, byte B)
{
    public static readonly PdfColor Black = new(0x1a, 0x1a, 0x1a);
    public static readonly PdfColor Gray = new(0x66, 0x66, 0x66);
    public static readonly PdfColor LightGray = new(0xe8, 0xea, 0xed);
    public static readonly PdfColor Line = new(0xb0, 0xb4, 0xba);
    public static readonly PdfColor Blue = new(0x1f, 0x5f, 0xa8);
    public static readonly PdfColor Red = new(0xc6, 0x28, 0x28);
    public static readonly PdfColor Green = new(0x2e, 0x7d, 0x32);
    public static readonly PdfColor Orange = new(0xe0, 0x8a, 0x00);
}

/// <summary>A table column: header text, relative width, alignment.</summary>
public sealed record PdfColumn(string Header, float Weight = 1, PdfAlign Align = PdfAlign.Left);

/// <summary>A table; its header row is repeated on every page it spans.</summary>
public sealed record PdfTable(PdfColumn[] Columns, string[][] Rows)
{
    /// <summary>Optional per-row text colour (same length as <see cref="Rows"/>), e.g. red for late lines.</summary>
    public PdfColor?[]? RowColors { get; init; }
}

/// <summary>One bar of a chart.</summary>
public sealed record PdfBar(string Label, double Value, PdfColor? Color = null);

/// <summary>Simple vertical bar chart, e.g. load % per workstation, with an optional reference line (capacity 100 %).</summary>
public sealed record PdfBarChart(string Title, PdfBar[] Bars)
{
    public string? Unit { get; init; }
    public double? ReferenceValue { get; init; }
    public string? ReferenceLabel { get; init; }
    public float Height { get; init; } = 180;
}

/// <summary>Texts of the header and footer repeated on every page.</summary>
public sealed record PdfPageDecoration
{
    /// <summary>Top left, bold: the plant.</summary>
    public string HeaderLeft { get; init; } = "";
    /// <summary>Top centre: document title.</summary>
    public string HeaderCenter { get; init; } = "";
    /// <summary>Top right: the date.</summary>
    public string HeaderRight { get; init; } = "";
    /// <summary>Bottom left (e.g. "Généré par Collab").</summary>
    public string FooterLeft { get; init; } = "";
    /// <summary>Bottom right, with {0} = page number and {1} = page count.</summary>
    public string PageNumberFormat { get; init; } = "Page {0} / {1}";
}
