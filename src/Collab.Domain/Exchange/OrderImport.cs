using System.Globalization;
using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Sites;

namespace Collab.Domain.Exchange;

/// <summary>A row of the open purchase orders sheet: one line of an order.</summary>
public sealed record PurchaseOrderRow(string Number, string Supplier, int Line, string Item, double Qty, DateOnly RequestedDate, DateOnly? ConfirmedDate, string? Buyer);

/// <summary>A row of the open manufacturing orders sheet: one order.</summary>
public sealed record ManufacturingOrderRow(string Number, string Item, double Qty, DateOnly Start, DateOnly Due, bool Released, int? LastOperationDone);

/// <summary>A row of the open customer orders sheet: one line of an order. <see cref="ProbabilityPercent"/> for an optional order.</summary>
public sealed record CustomerOrderRow(string Number, string Customer, int Line, string Item, double Qty, DateOnly PromisedDate, bool Firm, double? ProbabilityPercent, string? Reference);

/// <summary>
/// Open orders of an import: rows grouped into orders by number and checked against the master data the import
/// produces (items, suppliers, customers, routings) and the orders the site already has. Pure.
/// <para>Modes (what an ERP user expects from a daily extraction of open orders):</para>
/// <list type="bullet">
/// <item><b>merge</b> and <b>replace</b> both create the orders whose number Collab does not know, with the ERP's number
/// and line numbers. An order Collab already knows is left as it is (its follow-up — confirmed dates, receipts,
/// progress, shipments — happens in Collab); the preview warns about it and counts it as unchanged.</item>
/// <item><b>replace</b> additionally lists, as warnings, the open orders of each kind present in the file that the file
/// does not contain: in the ERP they are received / shipped / closed or cancelled, which Collab records by its own
/// receipts, shipments, progress or cancellation on the order page. They are never cancelled silently by a file.</item>
/// </list>
/// Errors (the whole file is refused): unknown item / supplier / customer, a number + line given twice, a quantity
/// not above zero, a line number not above zero, lines of one order naming different suppliers / customers / firmness,
/// an end before the start, an optional order without a probability in ]0;100[, a last operation done that is not in
/// the item's routing or is its last operation (the order would not be open).
/// </summary>
public static class OrderImport
{
    public static (IReadOnlyList<ImportedOrder> Orders, IReadOnlyList<ImportProblem> Problems, IReadOnlyList<KindDiff> Diff) Build(
        ImportedData file, MasterDataSet data, IReadOnlyList<OrderSummary> existing, ImportMode mode)
    {
        var problems = new List<ImportProblem>();
        var orders = new List<ImportedOrder>();
        var diff = new List<KindDiff>();
        var items = data.Items.Select(i => i.Code).ToHashSet(StringComparer.Ordinal);
        var suppliers = data.Suppliers.Select(s => s.Code).ToHashSet(StringComparer.Ordinal);
        var customers = data.Customers.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        var known = existing.ToDictionary(o => o.Ref, o => o);

        void Problem(ExchangeSheet sheet, RowOrigin origin, string? column, string rule, string key, params string[] args) =>
            problems.Add(new ImportProblem(origin.Source, origin.Line, column, ImportProblemCode.Rule, args) { Sheet = sheet, Key = key, Rule = rule });

        void Warn(ExchangeSheet sheet, RowOrigin origin, string rule, string key) =>
            problems.Add(new ImportProblem(origin.Source, origin.Line, "number", ImportProblemCode.Rule, [key], Warning: true) { Sheet = sheet, Key = key, Rule = rule });

        void CheckItem(ExchangeSheet sheet, RowOrigin origin, string number, string item)
        {
            if (item.Length > 0 && !items.Contains(item))
            {
                Problem(sheet, origin, "item", "OrderUnknownItem", number, item);
            }
        }

        void CheckQty(ExchangeSheet sheet, RowOrigin origin, string number, double qty)
        {
            if (!(qty > 0))
            {
                Problem(sheet, origin, "qty", "OrderQuantity", number, Num(qty));
            }
        }

        // Kind by kind: group by number, check, then count created / kept and warn about the absent ones (replace).
        void Kind<TRow>(ExchangeSheet sheet, ObjectKind kind, List<(TRow Row, RowOrigin Origin)> rows, Func<TRow, string> number,
            Func<string, List<(TRow Row, RowOrigin Origin)>, ImportedOrder?> build)
        {
            if (!file.Has(sheet))
            {
                return;
            }

            int created = 0, kept = 0;
            var inFile = new HashSet<string>(StringComparer.Ordinal);
            foreach (var group in rows.Where(r => number(r.Row).Length > 0).GroupBy(r => number(r.Row), StringComparer.Ordinal))
            {
                inFile.Add(group.Key);
                var lines = group.ToList();
                var order = build(group.Key, lines);
                if (known.ContainsKey(new ObjectRef(kind, group.Key)))
                {
                    kept++;
                    Warn(sheet, lines[0].Origin, "OrderKnown", group.Key);
                }
                else if (order is not null)
                {
                    created++;
                    orders.Add(order);
                }
            }

            if (mode == ImportMode.Replace)
            {
                foreach (var absent in existing.Where(o => o.Ref.Kind == kind && !o.Closed && !inFile.Contains(o.Number)).OrderBy(o => o.Number, StringComparer.Ordinal))
                {
                    Warn(sheet, new RowOrigin(file.Sources[sheet], 0), "OrderNotInFile", absent.Number);
                }
            }

            diff.Add(new KindDiff(sheet, created, 0, 0, kept, []));
        }

        Kind(ExchangeSheet.PurchaseOrders, ObjectKind.PurchaseOrder, file.PurchaseOrders, r => r.Number, (number, lines) =>
        {
            var ok = CheckLines(ExchangeSheet.PurchaseOrders, number, lines, l => l.Line, Problem);
            var first = lines[0].Row;
            foreach (var (row, origin) in lines)
            {
                CheckItem(ExchangeSheet.PurchaseOrders, origin, number, row.Item);
                CheckQty(ExchangeSheet.PurchaseOrders, origin, number, row.Qty);
                if (row.Supplier.Length > 0 && !suppliers.Contains(row.Supplier))
                {
                    Problem(ExchangeSheet.PurchaseOrders, origin, "supplier", "OrderUnknownSupplier", number, row.Supplier);
                }
                else if (row.Supplier != first.Supplier)
                {
                    Problem(ExchangeSheet.PurchaseOrders, origin, "supplier", "OrderMixedParty", number, row.Supplier, first.Supplier);
                }
            }

            return ok ? new ImportedOrder(new ObjectRef(ObjectKind.PurchaseOrder, number), Purchase: new PurchaseOrderDraft(first.Supplier,
                lines.Select(l => new PurchaseOrderLineDraft(l.Row.Item, l.Row.Qty, l.Row.RequestedDate, l.Row.ConfirmedDate, l.Row.Line)).ToList(),
                lines.Select(l => l.Row.Buyer).FirstOrDefault(b => b is not null))) : null;
        });

        var routings = data.Routings.GroupBy(r => r.Item, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(r => r.Sequence).Order().ToList(), StringComparer.Ordinal);
        Kind(ExchangeSheet.ManufacturingOrders, ObjectKind.ManufacturingOrder, file.ManufacturingOrders, r => r.Number, (number, lines) =>
        {
            var (row, origin) = lines[0];
            foreach (var (_, again) in lines.Skip(1))
            {
                Problem(ExchangeSheet.ManufacturingOrders, again, "number", "OrderDuplicate", number, number);
            }

            CheckItem(ExchangeSheet.ManufacturingOrders, origin, number, row.Item);
            CheckQty(ExchangeSheet.ManufacturingOrders, origin, number, row.Qty);
            if (row.Due < row.Start)
            {
                Problem(ExchangeSheet.ManufacturingOrders, origin, "due", "OrderDueBeforeStart", number);
            }

            if (row.LastOperationDone is { } last && items.Contains(row.Item))
            {
                var sequences = routings.TryGetValue(row.Item, out var s) ? s : [];
                if (!sequences.Contains(last))
                {
                    Problem(ExchangeSheet.ManufacturingOrders, origin, "lastOperationDone", "OrderUnknownOperation", number, last.ToString(CultureInfo.InvariantCulture), row.Item);
                }
                else if (sequences[^1] == last)
                {
                    Problem(ExchangeSheet.ManufacturingOrders, origin, "lastOperationDone", "OrderAllOperationsDone", number);
                }
            }

            return new ImportedOrder(new ObjectRef(ObjectKind.ManufacturingOrder, number),
                Manufacturing: new ManufacturingOrderDraft(row.Item, row.Qty, row.Start, row.Due, row.Released || row.LastOperationDone is not null, row.LastOperationDone));
        });

        Kind(ExchangeSheet.CustomerOrders, ObjectKind.CustomerOrder, file.CustomerOrders, r => r.Number, (number, lines) =>
        {
            var ok = CheckLines(ExchangeSheet.CustomerOrders, number, lines, l => l.Line, Problem);
            var first = lines[0].Row;
            foreach (var (row, origin) in lines)
            {
                CheckItem(ExchangeSheet.CustomerOrders, origin, number, row.Item);
                CheckQty(ExchangeSheet.CustomerOrders, origin, number, row.Qty);
                if (row.Customer.Length > 0 && !customers.Contains(row.Customer))
                {
                    Problem(ExchangeSheet.CustomerOrders, origin, "customer", "OrderUnknownCustomer", number, row.Customer);
                }
                else if (row.Customer != first.Customer)
                {
                    Problem(ExchangeSheet.CustomerOrders, origin, "customer", "OrderMixedParty", number, row.Customer, first.Customer);
                }

                if (row.Firm != first.Firm || row.ProbabilityPercent != first.ProbabilityPercent)
                {
                    Problem(ExchangeSheet.CustomerOrders, origin, "firm", "OrderMixedFirmness", number);
                }
                else if (!row.Firm && row.ProbabilityPercent is not (> 0 and < 100))
                {
                    Problem(ExchangeSheet.CustomerOrders, origin, "probability", "OrderProbability", number, row.ProbabilityPercent is { } p ? Num(p) : string.Empty);
                }
            }

            return ok ? new ImportedOrder(new ObjectRef(ObjectKind.CustomerOrder, number), Customer: new CustomerOrderDraft(first.Customer,
                lines.Select(l => new CustomerOrderLineDraft(l.Row.Item, l.Row.Qty, l.Row.PromisedDate, l.Row.Line)).ToList(),
                first.Firm, first.Firm ? 1 : (first.ProbabilityPercent ?? 0) / 100, lines.Select(l => l.Row.Reference).FirstOrDefault(r => r is not null))) : null;
        });

        return (orders, problems, diff);
    }

    /// <summary>Line numbers above zero and not repeated within an order.</summary>
    private static bool CheckLines<TRow>(ExchangeSheet sheet, string number, List<(TRow Row, RowOrigin Origin)> lines, Func<TRow, int> line,
        Action<ExchangeSheet, RowOrigin, string?, string, string, string[]> problem)
    {
        var ok = true;
        var seen = new HashSet<int>();
        foreach (var (row, origin) in lines)
        {
            var n = line(row);
            if (n <= 0)
            {
                problem(sheet, origin, "line", "OrderLineNumber", number, [n.ToString(CultureInfo.InvariantCulture)]);
                ok = false;
            }
            else if (!seen.Add(n))
            {
                problem(sheet, origin, "line", "OrderDuplicate", number, [number + " / " + n.ToString(CultureInfo.InvariantCulture)]);
                ok = false;
            }
        }

        return ok;
    }

    private static string Num(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
