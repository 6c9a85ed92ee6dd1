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

        var tables = new List<RawTable>();
        var configuration = new OpenXmlConfiguration { FillMergedCells = true };
        foreach (var name in names)
        {
            stream.Position = 0;
            tables.Add(ReadSheet(stream, name, configuration, maxRows));
        }

        return tables;
    }

    private static RawTable ReadSheet(Stream stream, string sheet, OpenXmlConfiguration configuration, int maxRows)
    {
        IReadOnlyList<string?>? headers = null;
        var headerLine = 0;
        var rows = new List<RawRow>();
        var line = 0;
        try
        {
            foreach (IDictionary<string, object?> row in MiniExcel.Query(stream, useHeaderRow: false, sheetName: sheet, excelType: ExcelType.XLSX, configuration: configuration))
            {
                line++;
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
