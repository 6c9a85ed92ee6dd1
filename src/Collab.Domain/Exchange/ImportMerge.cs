using System.Globalization;
using Collab.Contracts.Sites;

namespace Collab.Domain.Exchange;

/// <summary>The master data an import would produce, and where each record of it came from.</summary>
/// <param name="Origins">Per kind, parallel to the lists of <paramref name="Data"/>: the file line of a record, or null for a record kept from the current data.</param>
public sealed record MergedImport(MasterDataSet Data, IReadOnlyDictionary<ExchangeSheet, IReadOnlyList<RowOrigin?>> Origins, IReadOnlyList<ImportProblem> Problems);

/// <summary>
/// Computes the master-data set an import produces from the current set: per kind present in the file,
/// <see cref="ImportMode.Replace"/> takes the file's list, <see cref="ImportMode.Merge"/> updates records
/// with the same key and appends new ones (nothing deleted). Kinds absent from the file are kept.
/// A key repeated in the file is kept twice so that the validator reports the duplicate.
/// </summary>
public static class ImportMerge
{
    public static MergedImport Merge(MasterDataSet current, ImportedData file, ImportMode mode)
    {
        var origins = new Dictionary<ExchangeSheet, IReadOnlyList<RowOrigin?>>();
        var problems = new List<ImportProblem>();

        var items = Kind(current.Items, file.Items, file.Has(ExchangeSheet.Items), mode, ItemKey, out var o);
        origins[ExchangeSheet.Items] = o;
        var bom = Kind(current.Bom, file.Bom, file.Has(ExchangeSheet.BomLines), mode, BomKey, out o);
        origins[ExchangeSheet.BomLines] = o;
        var routings = Kind(current.Routings, file.Routings, file.Has(ExchangeSheet.Routings), mode, RoutingKey, out o);
        origins[ExchangeSheet.Routings] = o;
        var workstations = Kind(current.Workstations, file.Workstations, file.Has(ExchangeSheet.Workstations), mode, w => w.Code, out var wsOrigins);
        var suppliers = Kind(current.Suppliers, file.Suppliers, file.Has(ExchangeSheet.Suppliers), mode, s => s.Code, out o);
        origins[ExchangeSheet.Suppliers] = o;
        var customers = Kind(current.Customers, file.Customers, file.Has(ExchangeSheet.Customers), mode, c => c.Code, out o);
        origins[ExchangeSheet.Customers] = o;
        var forecasts = Kind(current.Forecasts, file.Forecasts, file.Has(ExchangeSheet.Forecasts), mode, ForecastKey, out o);
        origins[ExchangeSheet.Forecasts] = o;
        var stock = Kind(current.Stock, file.Stock, file.Has(ExchangeSheet.Stock), mode, s => s.Item, out o);
        origins[ExchangeSheet.Stock] = o;

        // Workstations keep their current closures unless the file has a closures sheet.
        var currentClosures = current.Workstations.GroupBy(w => w.Code).ToDictionary(g => g.Key, g => g.First().Closures, StringComparer.Ordinal);
        var fileClosures = file.Closures.GroupBy(c => c.Workstation, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var wsOriginList = wsOrigins.ToList();
        for (var i = 0; i < workstations.Count; i++)
        {
            var w = workstations[i];
            IReadOnlyList<DateOnly> closures = currentClosures.TryGetValue(w.Code, out var kept) ? kept : [];
            if (fileClosures.TryGetValue(w.Code, out var listed))
            {
                var dates = listed.Select(c => c.Date);
                closures = (mode == ImportMode.Merge ? closures.Concat(dates) : dates).Distinct().Order().ToList();
                wsOriginList[i] ??= listed[0].Origin;
            }
            else if (file.Has(ExchangeSheet.Closures) && mode == ImportMode.Replace)
            {
                closures = [];
            }

            if (!ReferenceEquals(closures, w.Closures))
            {
                workstations[i] = w with { Closures = closures };
            }
        }

        origins[ExchangeSheet.Workstations] = wsOriginList;
        var known = workstations.Select(w => w.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var (code, _, origin) in file.Closures.Where(c => !known.Contains(c.Workstation)))
        {
            problems.Add(new ImportProblem(origin.Source, origin.Line, "workstation", ImportProblemCode.Rule, [code]) { Sheet = ExchangeSheet.Closures, Key = code, Rule = "UnknownWorkstation" });
        }

        return new MergedImport(new MasterDataSet(items, bom, routings, workstations, suppliers, customers, forecasts, stock), origins, problems);
    }

    public static string ItemKey(ItemData i) => i.Code;

    public static string BomKey(BomLineData b) => b.Parent + " → " + b.Component;

    public static string RoutingKey(RoutingOperationData r) => r.Item + " / " + r.Sequence.ToString(CultureInfo.InvariantCulture);

    public static string ForecastKey(ForecastData f) => (f.IsFamily ? "F:" : string.Empty) + f.Code + " / " + f.PeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static List<T> Kind<T>(IReadOnlyList<T> current, List<(T Row, RowOrigin Origin)> file, bool present, ImportMode mode, Func<T, string> key, out IReadOnlyList<RowOrigin?> origins)
    {
        if (!present)
        {
            origins = new RowOrigin?[current.Count];
            return [.. current];
        }

        if (mode == ImportMode.Replace)
        {
            origins = file.Select(f => (RowOrigin?)f.Origin).ToList();
            return file.Select(f => f.Row).ToList();
        }

        var list = current.ToList();
        var originList = new List<RowOrigin?>(new RowOrigin?[current.Count]);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            index.TryAdd(key(list[i]), i);
        }

        foreach (var (row, origin) in file)
        {
            if (index.Remove(key(row), out var at))
            {
                list[at] = row;
                originList[at] = origin;
            }
            else
            {
                list.Add(row);
                originList.Add(origin);
            }
        }

        origins = originList;
        return list;
    }
}
