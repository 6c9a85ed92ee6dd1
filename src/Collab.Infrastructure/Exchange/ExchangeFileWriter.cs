using System.Data;
using System.Globalization;
using System.Text;
using Collab.Domain.Exchange;
using CsvHelper;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace Collab.Infrastructure.Exchange;

/// <summary>
/// Writes <see cref="ExportTable"/>s: .xlsx with MiniExcel (one sheet per table, typed cells — numbers as numbers,
/// dates as dates —, frozen header row, autofilter) and CSV with CsvHelper (French: <c>;</c>, decimal comma,
/// dd/MM/yyyy, UTF-8 with BOM so Excel opens it right; English: <c>,</c>, decimal point, ISO dates).
/// Text cells starting with = + - @ are neutralised against formula injection in both.
/// </summary>
public static class ExchangeFileWriter
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvContentType = "text/csv; charset=utf-8";

    public static void WriteXlsx(Stream output, IReadOnlyList<ExportTable> tables)
    {
        var sheets = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            var dt = new DataTable(table.Name);
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var column in table.Columns)
            {
                var name = column.Header;
                for (var n = 2; !names.Add(name); n++)
                {
                    name = $"{column.Header} ({n})";
                }

                dt.Columns.Add(name, column.Type switch
                {
                    ExportType.Number => typeof(double),
                    ExportType.Integer => typeof(int),
                    ExportType.Date or ExportType.DateTime => typeof(DateTime),
                    ExportType.Boolean => typeof(bool),
                    _ => typeof(string),
                });
            }

            foreach (var row in table.Rows)
            {
                var values = new object[table.Columns.Count];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = Xlsx(i < row.Count ? row[i] : null, table.Columns[i].Type) ?? DBNull.Value;
                }

                dt.Rows.Add(values);
            }

            sheets[SheetName(table.Name, sheets.Keys)] = dt;
        }

        var configuration = new OpenXmlConfiguration { AutoFilter = true, FreezeRowCount = 1, TableStyles = TableStyles.Default };
        MiniExcel.SaveAs(output, sheets, printHeader: true, excelType: ExcelType.XLSX, configuration: configuration);
    }

    private static string SheetName(string name, IEnumerable<string> taken)
    {
        var clean = new string(name.Select(c => c is ':' or '\\' or '/' or '?' or '*' or '[' or ']' ? '-' : c).ToArray());
        clean = clean.Length > 31 ? clean[..31] : clean;
        var result = clean.Length == 0 ? "Sheet" : clean;
        for (var n = 2; taken.Contains(result, StringComparer.OrdinalIgnoreCase); n++)
        {
            result = $"{clean[..Math.Min(clean.Length, 27)]} ({n})";
        }

        return result;
    }

    private static object? Xlsx(object? value, ExportType type) => value switch
    {
        null => null,
        string s when type == ExportType.Text => ExportTable.Neutralise(s),
        string s => ExportTable.Neutralise(s),
        DateOnly d => d.ToDateTime(TimeOnly.MinValue),
        DateTimeOffset o => o.DateTime,
        int i when type == ExportType.Number => (double)i,
        double d when type == ExportType.Integer => (int)Math.Round(d),
        _ => value,
    };

    public static void WriteCsv(Stream output, ExportTable table, bool english)
    {
        var options = new CsvWriterOptions
        {
            Separator = english ? ',' : ';',
            HasHeader = false,
            Injection = CsvInjection.None, // neutralised below, the same way as in .xlsx
            WriteByteOrderMark = true,
        };
        using (var csv = CsvWriter.Create(output, options, true))
        {
            foreach (var column in table.Columns)
            {
                csv.WriteField(ExportTable.Neutralise(column.Header));
            }

            csv.EndRecord();
            foreach (var row in table.Rows)
            {
                for (var i = 0; i < table.Columns.Count; i++)
                {
                    csv.WriteField(CsvText(i < row.Count ? row[i] : null, english));
                }

                csv.EndRecord();
            }

            csv.Flush();
        }
    }

    private static string CsvText(object? value, bool english) => value switch
    {
        null => string.Empty,
        string s => ExportTable.Neutralise(s),
        double d => english ? d.ToString("0.##########", CultureInfo.InvariantCulture) : d.ToString("0.##########", CultureInfo.GetCultureInfo("fr-FR")),
        int i => i.ToString(CultureInfo.InvariantCulture),
        DateOnly d => english ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
        DateTime t => english ? t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : t.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture),
        DateTimeOffset t => english ? t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : t.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture),
        bool b => english ? (b ? "yes" : "no") : (b ? "oui" : "non"),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
