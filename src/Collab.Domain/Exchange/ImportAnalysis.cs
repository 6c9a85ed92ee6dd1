using Collab.Contracts.Sites;
using Collab.Domain.MasterData;

namespace Collab.Domain.Exchange;

/// <summary>
/// Everything the preview shows: every problem (cell problems from the mapping, rule problems from
/// <see cref="MasterDataValidator"/> located back to sheet/file, line and column), the set that would be stored,
/// and the diff per kind. <see cref="Rejected"/> when any problem is not a warning: then nothing may be applied.
/// </summary>
public sealed record ImportAnalysis(MergedImport Merged, IReadOnlyList<ImportProblem> Problems, IReadOnlyList<KindDiff> Diff, ImportedData File)
{
    public bool Rejected => Problems.Any(p => !p.Warning);

    public IReadOnlyList<ImportProblem> Errors => Problems.Where(p => !p.Warning).ToList();

    /// <summary>Open orders the file creates (<see cref="OrderImport"/>), applied in one batch after the master data.</summary>
    public IReadOnlyList<Collab.Contracts.Orders.ImportedOrder> Orders { get; init; } = [];

    /// <summary>Parse → map → merge with <paramref name="current"/> → validate the whole result (master data, then open
    /// orders against it and against <paramref name="orders"/>, the site's known orders) → diff.</summary>
    public static ImportAnalysis Analyse(MasterDataSet current, IReadOnlyList<RawTable> tables, ImportMode mode,
        IReadOnlyList<Collab.Contracts.Orders.OrderSummary>? orders = null)
    {
        var (file, problems) = ImportMapper.Map(tables);
        var merged = ImportMerge.Merge(current, file, mode);
        var all = new List<ImportProblem>(problems);
        all.AddRange(merged.Problems);

        var located = all.Where(p => !p.Warning).Select(p => (p.Source, p.Line, p.Column)).ToHashSet();
        foreach (var problem in MasterDataValidator.Validate(merged.Data))
        {
            var mapped = Locate(problem, merged, file);
            if (!located.Contains((mapped.Source, mapped.Line, mapped.Column)))
            {
                all.Add(mapped);
            }
        }

        var (created, orderProblems, orderDiff) = OrderImport.Build(file, merged.Data, orders ?? [], mode);
        all.AddRange(orderProblems);
        var diff = all.Any(p => !p.Warning) ? [] : (IReadOnlyList<KindDiff>)[.. MasterDataDiff.Compute(current, merged.Data), .. orderDiff];
        return new ImportAnalysis(merged, all, diff, file) { Orders = all.Any(p => !p.Warning) ? [] : created };
    }

    public static ExchangeSheet SheetOf(MasterDataKind kind) => kind switch
    {
        MasterDataKind.Item => ExchangeSheet.Items,
        MasterDataKind.BomLine => ExchangeSheet.BomLines,
        MasterDataKind.RoutingOperation => ExchangeSheet.Routings,
        MasterDataKind.Workstation => ExchangeSheet.Workstations,
        MasterDataKind.Supplier => ExchangeSheet.Suppliers,
        MasterDataKind.Customer => ExchangeSheet.Customers,
        MasterDataKind.Forecast => ExchangeSheet.Forecasts,
        _ => ExchangeSheet.Stock,
    };

    private static ImportProblem Locate(MasterDataProblem problem, MergedImport merged, ImportedData file)
    {
        var sheet = SheetOf(problem.Kind);
        var origins = merged.Origins[sheet];
        var origin = problem.Index >= 0 && problem.Index < origins.Count ? origins[problem.Index] : null;
        string? column = null;
        var definition = ExchangeSchema.Definition(sheet);
        if (problem.Field == nameof(WorkstationData.HoursByDay))
        {
            column = "monday";
        }
        else if (problem.Field.Length > 0)
        {
            var key = char.ToLowerInvariant(problem.Field[0]) + problem.Field[1..];
            column = definition.Columns.Any(c => c.Key == key) ? key : null;
        }

        // A record kept from the current data that the file breaks (e.g. a BOM line whose item the file removes): line 0.
        var source = origin?.Source ?? (file.Sources.TryGetValue(sheet, out var s) ? s : string.Empty);
        return new ImportProblem(source, origin?.Line ?? 0, column, ImportProblemCode.Rule, problem.Args)
        {
            Sheet = sheet,
            Key = problem.Key,
            Rule = problem.Code.ToString(),
            Validation = problem,
        };
    }
}
