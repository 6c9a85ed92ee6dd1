using System.Text;
using ClosedXML.Excel;
using Collab.Contracts.Sites;
using Collab.Domain.Exchange;
using Collab.Infrastructure.Exchange;

namespace Collab.Infrastructure.Tests.Exchange;

public sealed class ExchangeFileTests
{
    private static MemoryStream Workbook(Action<XLWorkbook> build)
    {
        using var wb = new XLWorkbook();
        build(wb);
        var ms = new MemoryStream();
        wb.SaveAs(ms);
        ms.Position = 0;
        return ms;
    }

    [Fact]
    public void Workbook_rows_keep_their_excel_line_numbers_formulas_give_their_value_and_merged_cells_fill_their_range()
    {
        using var file = Workbook(wb =>
        {
            var ws = wb.AddWorksheet("Articles");
            ws.Cell(1, 1).Value = "Code";
            ws.Cell(1, 2).Value = "Famille";
            ws.Cell(1, 3).Value = "Délai (jours)";
            ws.Cell(2, 1).Value = "A";
            ws.Cell(2, 2).Value = "VELOS";
            ws.Cell(2, 3).FormulaA1 = "2*3";
            ws.Cell(3, 1).Value = "B";
            ws.Cell(3, 3).Value = 4;
            ws.Range(2, 2, 3, 2).Merge();
            // line 4 empty, line 5 data
            ws.Cell(5, 1).Value = "C";
            ws.Cell(5, 3).Value = new DateTime(2027, 1, 4);
        });

        var table = Assert.Single(ExchangeFileReader.ReadWorkbook(file, 100));
        Assert.Equal("Articles", table.Source);
        Assert.Equal(1, table.HeaderLine);
        Assert.Equal([2, 3, 5], table.Rows.Select(r => r.Line));
        Assert.Equal(6d, table.Rows[0].Cells[2]);
        Assert.Equal("VELOS", table.Rows[1].Cells[1]);
        Assert.IsType<DateTime>(table.Rows[2].Cells[2]);
    }

    [Fact]
    public void A_sheet_longer_than_the_limit_is_refused_without_reading_it_all()
    {
        using var file = Workbook(wb =>
        {
            var ws = wb.AddWorksheet("Stock");
            ws.Cell(1, 1).Value = "Article";
            ws.Cell(1, 2).Value = "En stock";
            for (var r = 2; r < 2000; r++)
            {
                ws.Cell(r, 1).Value = "A" + r;
                ws.Cell(r, 2).Value = r;
            }
        });

        var table = Assert.Single(ExchangeFileReader.ReadWorkbook(file, 100));
        Assert.True(table.TooManyRows);
        Assert.Equal(100, table.Rows.Count);
    }

    [Theory]
    [InlineData("utf-8-bom")]
    [InlineData("utf-8")]
    [InlineData("windows-1252")]
    public void Csv_encodings_and_separators_are_detected_and_empty_lines_keep_the_numbering(string encoding)
    {
        var text = "Code;Désignation;Coût unitaire\r\n\r\nA;Vélo électrique;1 234,5\r\nB;\"Roue; avant\";12\r\n";
        var bytes = encoding switch
        {
            "utf-8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
            "utf-8" => Encoding.UTF8.GetBytes(text),
            _ => CodePages().GetBytes(text),
        };

        var table = ExchangeFileReader.ReadCsv(new MemoryStream(bytes), "articles.csv", 100);
        Assert.Equal(["Code", "Désignation", "Coût unitaire"], table.Headers);
        Assert.Equal([3, 4], table.Rows.Select(r => r.Line));
        Assert.Equal("Vélo électrique", table.Rows[0].Cells[1]);
        Assert.Equal("Roue; avant", table.Rows[1].Cells[1]);
    }

    private static Encoding CodePages()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }

    [Fact]
    public void Comma_separated_csv_is_read_too() =>
        Assert.Equal("1234.5", ExchangeFileReader.ReadCsv(new MemoryStream(Encoding.UTF8.GetBytes("Item,On hand\nA,1234.5\n")), "stock.csv", 10).Rows[0].Cells[1]);

    [Fact]
    public void The_template_reads_back_without_error_in_both_languages()
    {
        foreach (var english in new[] { false, true })
        {
            using var ms = new MemoryStream();
            ExchangeFileWriter.WriteXlsx(ms, MasterDataTables.Template(english));
            ms.Position = 0;
            var tables = ExchangeFileReader.ReadWorkbook(ms, 100);
            Assert.Equal(ExchangeSchema.Sheets.Count, tables.Count);
            var (data, problems) = ImportMapper.Map(tables);
            Assert.DoesNotContain(problems, p => !p.Warning);
            Assert.Equal(ExchangeSchema.Sheets.Count, data.Sources.Count);
            Assert.Equal("PF-100", data.Items.Single().Row.Code);
            Assert.Equal(new DateOnly(2027, 1, 4), data.Forecasts.Single().Row.PeriodStart);
        }
    }

    [Fact]
    public void Exports_are_typed_with_frozen_header_and_autofilter_and_neutralise_formulas()
    {
        var table = new ExportTable("Ordres", [new("Article", ExportType.Text), new("Quantité", ExportType.Number), new("Date", ExportType.Date)],
            [["=HYPERLINK(\"http://x\")", 12.5, new DateOnly(2027, 1, 4)], ["@SUM(A1)", -3.0, null]]);
        using var ms = new MemoryStream();
        ExchangeFileWriter.WriteXlsx(ms, [table]);
        ms.Position = 0;
        using var wb = new XLWorkbook(ms);
        var ws = wb.Worksheet(1);
        Assert.Equal("'=HYPERLINK(\"http://x\")", ws.Cell(2, 1).GetString());
        Assert.False(ws.Cell(2, 1).HasFormula);
        Assert.Equal(XLDataType.Number, ws.Cell(2, 2).DataType);
        Assert.Equal(-3, ws.Cell(3, 2).GetDouble());
        Assert.Equal(XLDataType.DateTime, ws.Cell(2, 3).DataType);
        Assert.Equal(1, ws.SheetView.SplitRow);
        Assert.True(ws.AutoFilter.IsEnabled);

        using var csv = new MemoryStream();
        ExchangeFileWriter.WriteCsv(csv, table, english: false);
        var text = Encoding.UTF8.GetString(csv.ToArray());
        Assert.StartsWith("\uFEFFArticle;Quantité;Date", text, StringComparison.Ordinal);
        Assert.Contains("12,5;04/01/2027", text, StringComparison.Ordinal);
        Assert.Contains("'@SUM(A1)", text, StringComparison.Ordinal);
    }
}
