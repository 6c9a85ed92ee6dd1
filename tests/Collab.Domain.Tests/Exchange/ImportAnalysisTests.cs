using Collab.Contracts.Sites;
using Collab.Domain.Exchange;

namespace Collab.Domain.Tests.Exchange;

public sealed class ImportAnalysisTests
{
    private static RawTable Table(string name, string[] headers, params object?[][] rows) =>
        new(name, 1, headers, rows.Select((r, i) => new RawRow(i + 2, r)).ToList());

    private static readonly string[] ItemHeaders = ["Code", "Désignation", "Famille", "Fabriqué/Acheté", "Unité", "Délai (jours)"];

    private static MasterDataSet Current() => MasterDataSet.Empty with
    {
        Items = [new ItemData("A", "Vélo", "V", ItemSource.Make, "pce", 10, 2, 0), new ItemData("B", "Cadre", "V", ItemSource.Buy, "pce", 5, 3, 0)],
        Bom = [new BomLineData("A", "B", 1)],
    };

    [Fact]
    public void Merge_creates_and_updates_and_the_preview_shows_fields_before_and_after()
    {
        var file = Table("Articles", ItemHeaders, ["B", "Cadre alu", "V", "Acheté", "pce", 4.0], ["C", "Roue", "V", "Acheté", "pce", "7"]);
        var analysis = ImportAnalysis.Analyse(Current(), [file], ImportMode.Merge);

        Assert.False(analysis.Rejected, string.Join("; ", analysis.Problems));
        var items = analysis.Diff.Single(d => d.Sheet == ExchangeSheet.Items);
        Assert.Equal((1, 1, 0), (items.Created, items.Changed, items.Removed));
        var change = Assert.Single(items.FirstChanges);
        Assert.Equal("B", change.Key);
        Assert.Contains(change.Fields, f => f.Field == "description" && f.Before == "Cadre" && f.After == "Cadre alu");
        Assert.Contains(change.Fields, f => f.Field == "leadTimeDays" && f.Before == "3" && f.After == "4");
        Assert.Equal(3, analysis.Merged.Data.Items.Count);
        Assert.Single(analysis.Merged.Data.Bom); // kinds absent from the file are kept
    }

    [Fact]
    public void Replace_removes_what_the_file_does_not_list_and_the_validator_names_what_still_uses_it()
    {
        var file = Table("Items", ["Code", "Description", "Family", "Make/Buy", "Unit", "Lead time (days)"], ["A", "Bike", "V", "Make", "pce", 2]);
        var analysis = ImportAnalysis.Analyse(Current(), [file], ImportMode.Replace);

        // The current BOM line A → B now names an unknown component: reported on the current data (line 0), file refused.
        Assert.True(analysis.Rejected);
        var problem = Assert.Single(analysis.Errors);
        Assert.Equal(ImportProblemCode.Rule, problem.Code);
        Assert.Equal(0, problem.Line);
        Assert.Equal(ExchangeSheet.BomLines, problem.Sheet);
    }

    [Fact]
    public void Every_error_is_reported_at_once_with_its_line_and_column()
    {
        var items = Table("Articles", [.. ItemHeaders, "Commentaire"],
            ["A", "Vélo", "V", "Fabriqué", "pce", "deux", "x"],       // line 2: lead time not a number
            ["B", "Cadre", "V", "Acheté", "pce", -1, null],          // line 3: negative (validator)
            ["B", "Cadre bis", "V", "Acheté", "pce", 1, null]);      // line 4: duplicate code (validator)
        var bom = Table("Nomenclatures", ["Composé", "Composant", "Quantité par"], ["A", "ZZZ", "1"]); // line 2: unknown component

        var analysis = ImportAnalysis.Analyse(MasterDataSet.Empty, [items, bom], ImportMode.Replace);

        Assert.True(analysis.Rejected);
        var errors = analysis.Errors;
        Assert.Contains(errors, p => p is { Source: "Articles", Line: 2, Column: "leadTimeDays", Code: ImportProblemCode.NotANumber });
        Assert.Contains(errors, p => p is { Source: "Articles", Line: 3, Column: "leadTimeDays", Rule: "Negative" });
        Assert.Contains(errors, p => p is { Source: "Articles", Rule: "Duplicate" } && p.Line is 3 or 4);
        Assert.Contains(errors, p => p is { Source: "Nomenclatures", Line: 2, Column: "component", Rule: "UnknownItem" });
        Assert.Contains(analysis.Problems, p => p is { Code: ImportProblemCode.ExtraColumn, Warning: true });
        Assert.Empty(analysis.Diff);
    }

    [Fact]
    public void Missing_columns_and_oversized_tables_are_refused_as_a_whole()
    {
        var missing = Table("Gammes", ["Article", "Séquence"], ["A", 10]);
        var huge = new RawTable("Stock", 1, ["Article", "En stock"], [new RawRow(2, ["A", 1.0])], TooManyRows: true);
        var analysis = ImportAnalysis.Analyse(Current(), [missing, huge], ImportMode.Merge);

        Assert.Contains(analysis.Errors, p => p is { Code: ImportProblemCode.MissingColumn, Column: "workstation", Line: 1 });
        Assert.Contains(analysis.Errors, p => p is { Code: ImportProblemCode.TooManyRows, Source: "Stock" });
    }

    [Fact]
    public void A_bom_cycle_in_the_file_is_refused()
    {
        var bom = Table("BOM", ["Parent", "Component", "Qty per"], ["A", "B", 1.0], ["B", "A", 1.0]);
        var analysis = ImportAnalysis.Analyse(Current(), [bom], ImportMode.Replace);
        Assert.Contains(analysis.Errors, p => p.Rule == "BomCycle");
    }

    [Fact]
    public void A_csv_file_is_recognised_by_its_headers_and_closures_join_their_workstation()
    {
        var ws = Table("export-erp-1.csv", ["Code", "Désignation", "Lundi (h)", "Mardi (h)", "Mercredi (h)", "Jeudi (h)", "Vendredi (h)", "Machines", "Efficience"],
            ["MONT", "Montage", "8", "8", "8", "8", "7,5", "2", "0,9"]);
        var closures = Table("fermetures.csv", ["Poste", "Date"], ["MONT", "15/08/2027"], ["XXX", "2027-08-16"]);
        var analysis = ImportAnalysis.Analyse(MasterDataSet.Empty, [ws, closures], ImportMode.Merge);

        var w = Assert.Single(analysis.Merged.Data.Workstations);
        Assert.Equal(7.5, w.HoursByDay[4]);
        Assert.Equal([new DateOnly(2027, 8, 15)], w.Closures);
        Assert.Contains(analysis.Errors, p => p is { Source: "fermetures.csv", Line: 3, Rule: "UnknownWorkstation" });
    }
}
