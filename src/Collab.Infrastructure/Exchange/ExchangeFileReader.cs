using System.Globalization;
using System.Text;
using Collab.Domain.Exchange;
using CsvHelper;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace Collab.Infrastructure.Exchange;

/// <summary>A file the reader cannot open at all (not an .xlsx, not text, corrupt zip…).</summary>
public sealed class UnreadableFileException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads an uploaded .xlsx workbook (MiniExcel, streaming: every sheet, formulas as their cached value,
/// merged cells filled with the value of their range) or a CSV file (CsvHelper: UTF-8 with or without BOM,
/// UTF-16 with BOM, otherwise Windows-1252 as Excel writes it; separator <c>;</c>, <c>,</c> or tab found
/// on the header line) into <see cref="RawTable"/>s with the line number of every row. A table longer than
/// <c>maxRows</c> data rows is not read further and comes back flagged <see cref="RawTable.TooManyRows"/>.
/// </summary>
public static class ExchangeFileReader
{
    static ExchangeFileReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static bool IsWorkbook(string fileName) => fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".xlsm", StringComparison.OrdinalIgnoreCase);

    public static IReadOnlyList<RawTable> Read(Stream content, string fileName, int maxRows) =>
        IsWorkbook(fileName) ? ReadWorkbook(content, maxRows) : [ReadCsv(content, Path.GetFileName(fileName), maxRows)];

    public static IReadOnlyList<RawTable> ReadWorkbook(Stream content, int maxRows)
    {
        var stream = Seekable(content);
        List<string> names;
        try
        {
            names = MiniExcel.GetSheetNames(stream);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or System.Xml.XmlException or InvalidOperationException or NotSupportedException or ArgumentException or KeyNotFoundException or NullReferenceException)
        {
            throw new UnreadableFileException(ex.Message, ex);
        }

        // MiniExcel may go through a whole sheet before yielding its first row (to find its dimension when the file has
        // none, and its merged ranges, which come after the rows): each sheet is first scanned forward only, stopping as
        // soon as its rows pass the limit (refused), else collecting its merged ranges, which Collab fills itself (a
        // range's covered cells need not be in the file at all).
        stream.Position = 0;
        var scans = ScanSheets(stream, maxRows);
        var tables = new List<RawTable>();
        var configuration = new OpenXmlConfiguration { FillMergedCells = false };
        foreach (var name in names)
        {
            var scan = scans.GetValueOrDefault(name);
            if (scan?.Oversized == true)
            {
                tables.Add(new RawTable(name, 0, [], [], TooManyRows: true) { RowLimit = maxRows });
                continue;
            }

            stream.Position = 0;
            tables.Add(ReadSheet(stream, name, configuration, maxRows, scan?.Merges ?? []));
        }

        return tables;
    }

    /// <summary>A merged range: rows and columns 1-based, inclusive.</summary>
    internal sealed record MergedRange(int Row1, int Column1, int Row2, int Column2);

    /// <summary>What the forward scan of a sheet found: more than the limit of data rows, or its merged ranges.</summary>
    internal sealed record SheetScan(bool Oversized, IReadOnlyList<MergedRange> Merges);

    /// <summary>
    /// Scans each worksheet's XML forward only: a sheet with more than <paramref name="maxRows"/> data rows (header row
    /// excluded) is flagged as soon as the count passes the limit, so a 1,048,576-row sheet costs its first rows only;
    /// the others are read to their end for their merged ranges (bounded by the limit).
    /// </summary>
    internal static Dictionary<string, SheetScan> ScanSheets(Stream stream, int maxRows)
    {
        var result = new Dictionary<string, SheetScan>(StringComparer.Ordinal);
        try
        {
            using var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Read, leaveOpen: true);
            const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
            const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
            var targets = new Dictionary<string, string>(StringComparer.Ordinal);
            if (zip.GetEntry("xl/_rels/workbook.xml.rels") is { } rels)
            {
                using var r = System.Xml.XmlReader.Create(rels.Open());
                while (r.Read())
                {
                    if (r.NodeType == System.Xml.XmlNodeType.Element && r.LocalName == "Relationship" && r.GetAttribute("Id") is { } id && r.GetAttribute("Target") is { } target)
                    {
                        targets[id] = target.StartsWith('/') ? target[1..] : "xl/" + target;
                    }
                }
            }

            if (zip.GetEntry("xl/workbook.xml") is not { } workbook)
            {
                return result;
            }

            var sheets = new List<(string Name, string Path)>();
            using (var r = System.Xml.XmlReader.Create(workbook.Open()))
            {
                while (r.Read())
                {
                    if (r.NodeType == System.Xml.XmlNodeType.Element && r.LocalName == "sheet" && r.NamespaceURI == Main
                        && r.GetAttribute("name") is { } name && r.GetAttribute("id", Relationships) is { } id && targets.TryGetValue(id, out var path))
                    {
                        sheets.Add((name, path));
                    }
                }
            }

            foreach (var (name, path) in sheets)
            {
                if (zip.GetEntry(path) is { } part)
                {
                    result[name] = Scan(part, maxRows + 1);
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or System.Xml.XmlException)
        {
            throw new UnreadableFileException(ex.Message, ex);
        }

        return result;
    }

    /// <summary>Counts the rows holding at least one value (a &lt;v&gt; or inline &lt;t&gt; that is not blank), stopping
    /// past <paramref name="maxRowsWithHeader"/>; otherwise goes on to the merged ranges after the rows.</summary>
    private static SheetScan Scan(System.IO.Compression.ZipArchiveEntry part, int maxRowsWithHeader)
    {
        using var r = System.Xml.XmlReader.Create(part.Open(), new System.Xml.XmlReaderSettings { IgnoreWhitespace = true, IgnoreComments = true });
        var count = 0;
        var hasValue = false;
        var merges = new List<MergedRange>();
        while (!r.EOF)
        {
            if (r.NodeType == System.Xml.XmlNodeType.Element)
            {
                if (r.LocalName == "row")
                {
                    hasValue = false;
                }
                else if (!hasValue && r.LocalName is "v" or "t" && !r.IsEmptyElement)
                {
                    // Reading the content moves past the element: no Read() after it.
                    if (!string.IsNullOrWhiteSpace(r.ReadElementContentAsString()))
                    {
                        hasValue = true;
                        if (++count > maxRowsWithHeader)
                        {
                            return new SheetScan(true, []);
                        }
                    }

                    continue;
                }
                else if (r.LocalName == "mergeCell" && r.GetAttribute("ref") is { } range && ParseRange(range) is { } merged)
                {
                    merges.Add(merged);
                }
            }

            r.Read();
        }

        return new SheetScan(false, merges);
    }

    /// <summary>"B2:C4" → rows 2–4, columns 2–3.</summary>
    internal static MergedRange? ParseRange(string range)
    {
        var parts = range.Split(':');
        if (parts.Length != 2 || ParseCell(parts[0]) is not { } a || ParseCell(parts[1]) is not { } b)
        {
            return null;
        }

        return new MergedRange(Math.Min(a.Row, b.Row), Math.Min(a.Column, b.Column), Math.Max(a.Row, b.Row), Math.Max(a.Column, b.Column));
    }

    private static (int Row, int Column)? ParseCell(string cell)
    {
        int column = 0, i = 0;
        for (; i < cell.Length && char.IsAsciiLetter(cell[i]); i++)
        {
            column = column * 26 + (char.ToUpperInvariant(cell[i]) - 'A' + 1);
        }

        return column > 0 && i < cell.Length && int.TryParse(cell.AsSpan(i), NumberStyles.None, CultureInfo.InvariantCulture, out var row) ? (row, column) : null;
    }

    /// <summary>Column letters of a 1-based column number (1 → A, 27 → AA).</summary>
    private static string Letters(int column)
    {
        var letters = string.Empty;
        for (; column > 0; column = (column - 1) / 26)
        {
            letters = (char)('A' + (column - 1) % 26) + letters;
        }

        return letters;
    }

    private static RawTable ReadSheet(Stream stream, string sheet, OpenXmlConfiguration configuration, int maxRows, IReadOnlyList<MergedRange> merges)
    {
        // Value of each merged range, taken on its first row (rows come in order).
        var mergedValues = new Dictionary<MergedRange, object?>();
        IReadOnlyList<string?>? headers = null;
        var headerLine = 0;
        var rows = new List<RawRow>();
        var line = 0;
        try
        {
            foreach (IDictionary<string, object?> row in MiniExcel.Query(stream, useHeaderRow: false, sheetName: sheet, excelType: ExcelType.XLSX, configuration: configuration))
            {
                line++;
                foreach (var range in merges)
                {
                    if (line == range.Row1)
                    {
                        mergedValues[range] = row.TryGetValue(Letters(range.Column1), out var v) ? v : null;
                    }

                    if (line >= range.Row1 && line <= range.Row2 && mergedValues.TryGetValue(range, out var value))
                    {
                        for (var c = range.Column1; c <= range.Column2; c++)
                        {
                            var key = Letters(c);
                            if (row.ContainsKey(key) && row[key] is null or "")
                            {
                                row[key] = value;
                            }
                        }
                    }
                }

                // Keys are column letters A, B, … in order.
                var cells = row.Values.Select(Clean).ToList();
                if (headers is null)
                {
                    if (cells.All(CellParser.IsBlank))
                    {
                        continue;
                    }

                    headers = cells.Select(CellParser.Text).ToList();
                    headerLine = line;
                    continue;
                }

                if (cells.All(CellParser.IsBlank))
                {
                    continue;
                }

                if (rows.Count == maxRows)
                {
                    return new RawTable(sheet, headerLine, headers, rows, TooManyRows: true);
                }

                rows.Add(new RawRow(line, cells));
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or System.Xml.XmlException or InvalidCastException or FormatException or InvalidOperationException)
        {
            throw new UnreadableFileException($"{sheet}: {ex.Message}", ex);
        }

        return new RawTable(sheet, headerLine, headers ?? [], rows);
    }

    private static object? Clean(object? value) => value switch
    {
        null => null,
        string s => s,
        double or DateTime or bool => value,
        int i => (double)i,
        long l => (double)l,
        decimal m => (double)m,
        float f => (double)f,
        TimeSpan t => t.ToString(),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    public static RawTable ReadCsv(Stream content, string fileName, int maxRows)
    {
        var bytes = ReadAll(content);
        var text = Decode(bytes);
        var delimiter = DetectDelimiter(text);
        var options = new CsvReaderOptions
        {
            Separator = delimiter[0],
            HasHeader = false,
            SkipEmptyLines = true,
            TrackLineNumbers = true,
            MaxRecordSize = 1 << 20,
        };

        IReadOnlyList<string?>? headers = null;
        var headerLine = 0;
        var rows = new List<RawRow>();
        using var csv = CsvReader.Create(new StringReader(text), options, false);
        try
        {
            while (csv.Read())
            {
                var record = new string[csv.FieldCount];
                for (var i = 0; i < record.Length; i++)
                {
                    record[i] = csv.GetString(i);
                }

                var line = (int)csv.LineNumber;
                if (headers is null)
                {
                    if (record.All(string.IsNullOrWhiteSpace))
                    {
                        continue;
                    }

                    headers = record;
                    headerLine = line;
                    continue;
                }

                if (record.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }

                if (rows.Count == maxRows)
                {
                    return new RawTable(fileName, headerLine, headers, rows, TooManyRows: true);
                }

                rows.Add(new RawRow(line, record.Select(c => (object?)c).ToList()));
            }
        }
        catch (Exception ex) when (ex is CsvFormatException or InvalidDataException or FormatException)
        {
            throw new UnreadableFileException(ex.Message, ex);
        }

        return new RawTable(fileName, headerLine, headers ?? [], rows);
    }

    /// <summary>UTF-8 (BOM or valid without), UTF-16 with BOM, otherwise Windows-1252.</summary>
    public static string Decode(byte[] bytes)
    {
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        }

        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        {
            return Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
        }

        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            return Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2);
        }

        if (Array.IndexOf(bytes, (byte)0) >= 0)
        {
            throw new UnreadableFileException("binary content");
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding(1252).GetString(bytes);
        }
    }

    /// <summary>The separator that occurs most on the first non-blank line outside quotes (<c>;</c> when none).</summary>
    public static string DetectDelimiter(string text)
    {
        int semicolons = 0, commas = 0, tabs = 0;
        var quoted = false;
        var seen = false;
        foreach (var ch in text)
        {
            if (ch == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && ch is '\n' or '\r')
            {
                if (seen)
                {
                    break;
                }
            }
            else if (!quoted)
            {
                seen |= !char.IsWhiteSpace(ch);
                semicolons += ch == ';' ? 1 : 0;
                commas += ch == ',' ? 1 : 0;
                tabs += ch == '\t' ? 1 : 0;
            }
        }

        return tabs > semicolons && tabs > commas ? "\t" : commas > semicolons ? "," : ";";
    }

    private static byte[] ReadAll(Stream content)
    {
        if (content is MemoryStream ms && ms.TryGetBuffer(out var segment) && segment.Offset == 0 && ms.Position == 0)
        {
            return segment.Count == segment.Array!.Length ? segment.Array : segment.ToArray();
        }

        using var copy = new MemoryStream();
        content.CopyTo(copy);
        return copy.ToArray();
    }

    private static Stream Seekable(Stream content)
    {
        if (content.CanSeek)
        {
            return content;
        }

        var copy = new MemoryStream();
        content.CopyTo(copy);
        copy.Position = 0;
        return copy;
    }
}
