using Collab.Domain.Exchange;

namespace Collab.Domain.Demo;

/// <summary>
/// A generated plant as the import workbook (<c>collab generate-plant</c>): the master-data sheets of
/// <see cref="MasterDataTables.Export"/> and the three open-order sheets, in the template's columns, so
/// <c>collab import</c> and Administration → Import read it as is. Orders are numbered OF-G00001, OA-G00001, CC-G00001
/// and carry what <c>--demo-scale large</c> seeds (purchase orders unconfirmed, as there).
/// </summary>
public static class LargePlantWorkbook
{
    public static string ManufacturingOrderNumber(int index) => $"OF-G{index + 1:00000}";

    public static string PurchaseOrderNumber(int index) => $"OA-G{index + 1:00000}";

    public static string CustomerOrderNumber(int index) => $"CC-G{index + 1:00000}";

    public static IReadOnlyList<ExportTable> Tables(GeneratedPlant plant, bool english = false)
    {
        var yes = english ? "yes" : "oui";
        var no = english ? "no" : "non";
        ExportTable T(ExchangeSheet sheet, IEnumerable<IReadOnlyList<object?>> rows)
        {
            var d = ExchangeSchema.Definition(sheet);
            return new ExportTable(d.Name(english), d.Columns.Select(c => new ExportColumn(english ? c.English : c.French, c.Type switch
            {
                ColumnType.Number => ExportType.Number,
                ColumnType.Integer => ExportType.Integer,
                ColumnType.Date => ExportType.Date,
                _ => ExportType.Text,
            })).ToList(), rows.ToList());
        }

        return
        [
            .. MasterDataTables.Export(plant.Data, english),
            T(ExchangeSheet.PurchaseOrders, plant.PurchaseOrders.SelectMany((p, k) => p.Draft.Lines.Select((l, n) =>
                (IReadOnlyList<object?>)[PurchaseOrderNumber(k), p.Draft.Supplier, l.Line ?? n + 1, l.Item, l.Qty, l.RequestedDate,
                    l.ConfirmedDate, p.Draft.Buyer]))),
            T(ExchangeSheet.ManufacturingOrders, plant.ManufacturingOrders.Select((m, k) =>
                (IReadOnlyList<object?>)[ManufacturingOrderNumber(k), m.Item, m.Qty, m.Start, m.Due, m.Released ? yes : no, m.LastOperationDone])),
            T(ExchangeSheet.CustomerOrders, plant.CustomerOrders.SelectMany((c, k) => c.Lines.Select((l, n) =>
                (IReadOnlyList<object?>)[CustomerOrderNumber(k), c.Customer, l.Line ?? n + 1, l.Item, l.Qty, l.PromisedDate, c.Firm ? yes : no,
                    c.Firm ? null : c.Probability * 100, c.Reference]))),
        ];
    }
}
