using System.IO.Compression;
using System.Text;
using System.Xml;
using Collab.Domain.Exchange;
using Collab.Infrastructure.Exchange;

namespace Collab.Infrastructure.Tests.Exchange;

/// <summary>
/// The file reader on files written the way Excel writes them (the .xlsx parts are produced here by hand so that the
/// test does not depend on a second spreadsheet library): formulas, merged cells, gaps, dates, the row limit on a
/// full-height sheet; CSV encodings, separators, number and date formats through the mapper.
/// </summary>
public sealed class ExchangeFileTests
{
    /// <summary>A cell of a hand-written sheet: text (shared string), number, date (serial with a date style) or formula with its cached value.</summary>
    private abstract record Cell(string Ref);
    private sealed record Text(string Ref, string Value) : Cell(Ref);
    private sealed record Number(string Ref, double Value) : Cell(Ref);
    private sealed record Date(string Ref, DateTime Value) : Cell(Ref);
    private sealed record Formula(string Ref, string Expression, double Cached) : Cell(Ref);

    /// <summary>Writes a minimal .xlsx (workbook, one sheet per entry, shared strings, a date style, merged ranges).</summary>
    private static void Workbook(Stream output, params (string Name, IEnumerable<(int Row, Cell[] Cells)> Rows, string[] Merged)[] sheets)
    {
        var strings = new List<string>();
        int S(string s)
        {
            var i = strings.IndexOf(s);
            if (i < 0)
            {
                strings.Add(s);
                i = strings.Count - 1;
            }

            return i;
        }

        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        void Part(string path, string xml)
        {
            using var w = new StreamWriter(zip.CreateEntry(path, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
            w.Write(xml);
        }

        const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        const string Rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        for (var n = 0; n < sheets.Length; n++)
        {
            using var stream = zip.CreateEntry($"xl/worksheets/sheet{n + 1}.xml", CompressionLevel.Fastest).Open();
            using var x = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) });
            x.WriteStartElement("worksheet", Main);
            x.WriteStartElement("sheetData", Main);
            foreach (var (row, cells) in sheets[n].Rows)
            {
                x.WriteStartElement("row", Main);
                x.WriteAttributeString("r", row.ToString(System.Globalization.CultureInfo.InvariantCulture));
                foreach (var cell in cells)
                {
                    x.WriteStartElement("c", Main);
                    x.WriteAttributeString("r", cell.Ref);
                    switch (cell)
                    {
                        case Text t:
                            x.WriteAttributeString("t", "s");
                            x.WriteElementString("v", Main, S(t.Value).ToString(System.Globalization.CultureInfo.InvariantCulture));
                            break;
                        case Number v:
                            x.WriteElementString("v", Main, v.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                            break;
                        case Date d:
                            x.WriteAttributeString("s", "1");
                            x.WriteElementString("v", Main, d.Value.ToOADate().ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                            break;
                        case Formula f:
                            x.WriteElementString("f", Main, f.Expression);
                            x.WriteElementString("v", Main, f.Cached.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                            break;
                    }

                    x.WriteEndElement();
                }

                x.WriteEndElement();
            }

            x.WriteEndElement();
            if (sheets[n].Merged.Length > 0)
            {
                x.WriteStartElement("mergeCells", Main);
                foreach (var range in sheets[n].Merged)
                {
                    x.WriteStartElement("mergeCell", Main);
                    x.WriteAttributeString("ref", range);
                    x.WriteEndElement();
                }

                x.WriteEndElement();
            }

            x.WriteEndElement();
        }

        var shared = new StringBuilder($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"{Main}\" count=\"{strings.Count}\" uniqueCount=\"{strings.Count}\">");
        foreach (var s in strings)
        {
            shared.Append("<si><t>").Append(System.Security.SecurityElement.Escape(s)).Append("</t></si>");
        }

        Part("xl/sharedStrings.xml", shared.Append("</sst>").ToString());
        Part("xl/styles.xml", $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><styleSheet xmlns=\"{Main}\"><fonts count=\"1\"><font/></fonts><fills count=\"1\"><fill/></fills><borders count=\"1\"><border/></borders>" +
            "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\"/></cellStyleXfs><cellXfs count=\"2\"><xf numFmtId=\"0\" xfId=\"0\"/><xf numFmtId=\"14\" xfId=\"0\" applyNumberFormat=\"1\"/></cellXfs></styleSheet>");
        Part("xl/workbook.xml", $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"{Main}\" xmlns:r=\"{Rel}\"><sheets>" +
            string.Concat(sheets.Select((s, i) => $"<sheet name=\"{System.Security.SecurityElement.Escape(s.Name)}\" sheetId=\"{i + 1}\" r:id=\"rId{i + 1}\"/>")) + "</sheets></workbook>");
        Part("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
            string.Concat(sheets.Select((_, i) => $"<Relationship Id=\"rId{i + 1}\" Type=\"{Rel}/worksheet\" Target=\"worksheets/sheet{i + 1}.xml\"/>")) +
            $"<Relationship Id=\"rIdS\" Type=\"{Rel}/sharedStrings\" Target=\"sharedStrings.xml\"/><Relationship Id=\"rIdT\" Type=\"{Rel}/styles\" Target=\"styles.xml\"/></Relationships>");
        Part("_rels/.rels", $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{Rel}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
        Part("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" +
            "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>" +
            "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>" +
            string.Concat(sheets.Select((_, i) => $"<Override PartName=\"/xl/worksheets/sheet{i + 1}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>")) +
            "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>" +
            "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/></Types>");
    }

    [Fact]
    public void Formulas_give_their_value_merged_cells_fill_their_range_dates_are_dates_and_lines_are_excels()
    {
        using var file = new MemoryStream();
        Workbook(file, ("Articles",
        [
            (1, [new Text("A1", "Code"), new Text("B1", "Famille"), new Text("C1", "Délai (jours)"), new Text("D1", "Début")]),
            (2, [new Text("A2", "A"), new Text("B2", "VELOS"), new Formula("C2", "2*3", 6), new Date("D2", new DateTime(2027, 1, 4))]),
            (3, [new Text("A3", "B"), new Number("C3", 4)]),
            // line 4 is empty
            (5, [new Text("A5", "C"), new Formula("C5", "C3+1", 5)]),
        ], ["B2:B3"]));
        file.Position = 0;

        var table = Assert.Single(ExchangeFileReader.ReadWorkbook(file, 100));

        Assert.Equal("Articles", table.Source);
        Assert.Equal(1, table.HeaderLine);
        Assert.Equal(["Code", "Famille", "Délai (jours)", "Début"], table.Headers);
        Assert.Equal([2, 3, 5], table.Rows.Select(r => r.Line));
        Assert.Equal(6d, table.Rows[0].Cells[2]);
        Assert.Equal(5d, table.Rows[2].Cells[2]);
        Assert.Equal("VELOS", table.Rows[1].Cells[1]); // merged B2:B3
        Assert.Equal(new DateTime(2027, 1, 4), table.Rows[0].Cells[3]);
    }

    [Fact]
    public void A_full_height_sheet_of_1048576_rows_is_refused_at_the_limit_without_being_read_whole()
    {
        var path = Path.Combine(Path.GetTempPath(), $"collab-rows-{Guid.NewGuid():N}.xlsx");
        try
        {
            using (var output = File.Create(path))
            {
                static IEnumerable<(int, Cell[])> Rows()
                {
                    yield return (1, [new Text("A1", "Article"), new Text("B1", "En stock")]);
                    for (var r = 2; r <= 1_048_576; r++)
                    {
                        yield return (r, [new Number("A" + r, r), new Number("B" + r, r % 97)]);
                    }
                }

                Workbook(output, ("Stock", Rows(), []));
            }

            using var input = File.OpenRead(path);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var table = Assert.Single(ExchangeFileReader.ReadWorkbook(input, 1_000));
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.True(table.TooManyRows);
            Assert.Equal(1_000, table.RowLimit);
            Assert.Empty(table.Rows);
            // Stopped at the limit: far less allocated than the ~100 MB of sheet XML a whole read goes through
            // (MiniExcel alone allocated 3.4 GB here before the forward scan was added).
            Assert.True(allocated < 64L * 1024 * 1024, $"{allocated / 1024 / 1024} MB allocated");

            var (_, problems) = ImportMapper.Map([table]);
            var problem = Assert.Single(problems);
            Assert.Equal((ImportProblemCode.TooManyRows, "Stock", 0, "1000"), (problem.Code, problem.Source, problem.Line, problem.Args[0]));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("utf-8-bom")]
    [InlineData("utf-8")]
    [InlineData("windows-1252")]
    public void Csv_encodings_are_recognised_and_empty_lines_keep_the_numbering(string encoding)
    {
        const string text = "Code;Désignation;Coût unitaire\r\n\r\nA;Vélo électrique;1 234,5\r\nB;\"Roue; avant\";12\r\n";
        byte[] bytes = encoding switch
        {
            "utf-8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
            "utf-8" => Encoding.UTF8.GetBytes(text),
            _ => CodePage1252().GetBytes(text),
        };

        var table = ExchangeFileReader.ReadCsv(new MemoryStream(bytes), "articles.csv", 100);

        Assert.Equal(["Code", "Désignation", "Coût unitaire"], table.Headers);
        Assert.Equal([3, 4], table.Rows.Select(r => r.Line));
        Assert.Equal("Vélo électrique", table.Rows[0].Cells[1]);
        Assert.Equal("Roue; avant", table.Rows[1].Cells[1]);
    }

    private static Encoding CodePage1252()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }

    [Fact]
    public void French_and_english_csv_files_give_the_same_records_separators_numbers_and_dates_included()
    {
        const string french = "Article ou famille;Début de période;Quantité\r\nA;04/01/2027;1 234,5\r\n";
        const string english = "Item or family,Period start,Quantity\r\nA,2027-01-04,1234.5\r\n";

        var fr = ImportMapper.Map([ExchangeFileReader.ReadCsv(new MemoryStream(Encoding.UTF8.GetBytes(french)), "previsions.csv", 10)]);
        var en = ImportMapper.Map([ExchangeFileReader.ReadCsv(new MemoryStream(Encoding.UTF8.GetBytes(english)), "forecasts.csv", 10)]);

        Assert.Empty(fr.Problems);
        Assert.Empty(en.Problems);
        var expected = new Collab.Contracts.Sites.ForecastData("A", new DateOnly(2027, 1, 4), 1234.5, false);
        Assert.Equal(expected, fr.Data.Forecasts.Single().Row);
        Assert.Equal(expected, en.Data.Forecasts.Single().Row);
    }

    [Fact]
    public void A_csv_longer_than_the_limit_is_refused()
    {
        var text = new StringBuilder("Article;En stock\n");
        for (var i = 0; i < 50; i++)
        {
            text.Append("A").Append(i).Append(";1\n");
        }

        var table = ExchangeFileReader.ReadCsv(new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())), "stock.csv", 20);
        Assert.True(table.TooManyRows);
        Assert.Equal(20, table.Rows.Count);
    }

    [Fact]
    public void The_template_reads_back_without_error_in_both_languages_open_order_sheets_included()
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
            Assert.Equal(new DateOnly(2027, 1, 13), data.PurchaseOrders.Single().Row.ConfirmedDate);
            Assert.True(data.ManufacturingOrders.Single().Row.Released);
            Assert.True(data.CustomerOrders.Single().Row.Firm);
        }
    }

    [Fact]
    public void Exports_have_typed_cells_a_frozen_header_an_autofilter_and_neutralised_formulas()
    {
        var table = new ExportTable("Ordres", [new("Article", ExportType.Text), new("Quantité", ExportType.Number), new("Date", ExportType.Date)],
            [["=HYPERLINK(\"http://x\")", 12.5, new DateOnly(2027, 1, 4)], ["@SUM(A1)", -3.0, null]]);
        using var ms = new MemoryStream();
        ExchangeFileWriter.WriteXlsx(ms, [table]);
        ms.Position = 0;

        var back = Assert.Single(ExchangeFileReader.ReadWorkbook(ms, 10));
        Assert.Equal("'=HYPERLINK(\"http://x\")", back.Rows[0].Cells[0]);
        Assert.Equal(12.5, back.Rows[0].Cells[1]);
        Assert.Equal(new DateTime(2027, 1, 4), back.Rows[0].Cells[2]);
        Assert.Equal(-3d, back.Rows[1].Cells[1]);
        ms.Position = 0;
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Read, leaveOpen: true))
        {
            var sheet = new StreamReader(zip.Entries.First(e => e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal)).Open()).ReadToEnd();
            var parts = string.Concat(zip.Entries.Where(e => e.FullName.StartsWith("xl/", StringComparison.Ordinal)).Select(e => new StreamReader(e.Open()).ReadToEnd()));
            Assert.Contains("ySplit=\"1\"", sheet, StringComparison.Ordinal); // frozen header row
            Assert.Matches("<(\\w+:)?autoFilter ", parts); // on the sheet or on its table
            Assert.DoesNotMatch("<(\\w+:)?f>", sheet); // no formula written
        }

        using var csv = new MemoryStream();
        ExchangeFileWriter.WriteCsv(csv, table, english: false);
        var text = Encoding.UTF8.GetString(csv.ToArray());
        Assert.StartsWith("\uFEFFArticle;Quantité;Date", text, StringComparison.Ordinal);
        Assert.Contains("12,5;04/01/2027", text, StringComparison.Ordinal);
        Assert.Contains("'@SUM(A1)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_example_files_of_the_readme_import_without_error_open_orders_included()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Collab.sln")))
        {
            root = root.Parent!;
        }

        var files = Directory.GetFiles(Path.Combine(root.FullName, "docs", "exchange-example"), "*.csv").Order(StringComparer.Ordinal).ToList();
        var tables = files.Select(f => ExchangeFileReader.ReadCsv(File.OpenRead(f), Path.GetFileName(f), 1000)).ToList();

        var analysis = ImportAnalysis.Analyse(Collab.Contracts.Sites.MasterDataSet.Empty, tables, ImportMode.Replace, []);

        Assert.False(analysis.Rejected, string.Join("; ", analysis.Errors.Select(e => $"{e.Source}:{e.Line} {e.Column} {e.Code} {e.Rule} {string.Join(" ", e.Args)}")));
        Assert.Equal(files.Count, analysis.File.Sources.Count);
        Assert.Equal(["CC-ERP-3001", "CC-ERP-3002", "OA-ERP-1001", "OA-ERP-1002", "OF-ERP-2001", "OF-ERP-2002"], analysis.Orders.Select(o => o.Ref.Id).Order(StringComparer.Ordinal));
    }
}
