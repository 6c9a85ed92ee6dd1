using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Contracts.Sites;
using Collab.Domain.Exchange;

namespace Collab.Domain.Tests.Exchange;

/// <summary>Open orders in an import: validated with the master data, all at once, located by sheet/line/column.</summary>
public sealed class OrderImportTests
{
    private static RawTable Table(string name, string[] headers, params object?[][] rows) =>
        new(name, 1, headers, rows.Select((r, i) => new RawRow(i + 2, r)).ToList());

    private static readonly string[] PoHeaders = ["Numéro", "Fournisseur", "Ligne", "Article", "Quantité", "Date demandée", "Date confirmée"];
    private static readonly string[] MoHeaders = ["Numéro", "Article", "Quantité", "Début", "Fin", "Lancé (oui/non)", "Dernière opération terminée"];
    private static readonly string[] CoHeaders = ["Numéro", "Client", "Ligne", "Article", "Quantité", "Date promise", "Ferme (oui/non)", "Probabilité (%)"];

    private static MasterDataSet Current() => MasterDataSet.Empty with
    {
        Items = [new ItemData("A", "Vélo", "V", ItemSource.Make, "pce", 10, 2, 0), new ItemData("B", "Cadre", "V", ItemSource.Buy, "pce", 5, 3, 0)],
        Bom = [new BomLineData("A", "B", 1)],
        Routings = [new RoutingOperationData("A", 10, "MONT", 0, 0.1, ""), new RoutingOperationData("A", 20, "MONT", 0, 0.1, "")],
        Workstations = [new WorkstationData("MONT", "Montage", WorkstationData.Shifts(1), 1, 1, [])],
        Suppliers = [new SupplierData("F1", "Fonderie", "f1@example.test", "fr")],
        Customers = [new CustomerData("C1", "Client", "Lyon")],
    };

    private static OrderSummary Known(ObjectKind kind, string number, bool closed = false) =>
        new(new ObjectRef(kind, number), "F1", "Sent", closed, [], new DateOnly(2027, 1, 1), null, null, true, 1, 0, 0, new OtdFigures(0, 0), 1, null, null);

    [Fact]
    public void Open_orders_become_one_batch_grouped_by_number_with_erp_lines_confirmed_dates_progress_and_probability()
    {
        var po = Table("Ordres d'achat", PoHeaders, ["OA-1", "F1", 10, "B", "1 234,5", "11/01/2027", "2027-01-13"], ["OA-1", "F1", 20, "B", 5.0, "18/01/2027", null]);
        var mo = Table("Ordres de fabrication", MoHeaders, ["OF-1", "A", 12.0, "04/01/2027", "08/01/2027", "oui", 10]);
        var co = Table("Commandes clients", CoHeaders, ["CC-1", "C1", 1, "A", 3.0, "15/01/2027", "non", "60"]);

        var analysis = ImportAnalysis.Analyse(Current(), [po, mo, co], ImportMode.Merge, []);

        Assert.False(analysis.Rejected, string.Join("; ", analysis.Problems));
        Assert.Equal(3, analysis.Orders.Count);
        var p = analysis.Orders.Single(o => o.Ref.Kind == ObjectKind.PurchaseOrder).Purchase!;
        Assert.Equal("F1", p.Supplier);
        Assert.Equal([(10, 1234.5, (DateOnly?)new DateOnly(2027, 1, 13)), (20, 5.0, null)], p.Lines.Select(l => (l.Line!.Value, l.Qty, l.ConfirmedDate)));
        var m = analysis.Orders.Single(o => o.Ref.Kind == ObjectKind.ManufacturingOrder).Manufacturing!;
        Assert.Equal((10, true), (m.LastOperationDone, m.Released));
        var c = analysis.Orders.Single(o => o.Ref.Kind == ObjectKind.CustomerOrder).Customer!;
        Assert.Equal((false, 0.6), (c.Firm, c.Probability));
        Assert.Equal((1, 0), (analysis.Diff.Single(d => d.Sheet == ExchangeSheet.PurchaseOrders).Created, analysis.Diff.Single(d => d.Sheet == ExchangeSheet.PurchaseOrders).Unchanged));
    }

    [Fact]
    public void Order_errors_are_all_reported_with_line_and_column_and_nothing_is_kept_to_apply()
    {
        var po = Table("Ordres d'achat", PoHeaders,
            ["OA-1", "F9", 10, "B", 5.0, "11/01/2027", null],       // 2: unknown supplier
            ["OA-1", "F1", 10, "ZZ", -3.0, "11/01/2027", null],     // 3: duplicate line 10, unknown item, negative quantity, supplier differs from line 2
            ["OA-2", "F1", 0, "B", 1.0, "11/01/2027", null]);       // 4: line number 0
        var mo = Table("Ordres de fabrication", MoHeaders,
            ["OF-1", "A", 1.0, "08/01/2027", "04/01/2027", null, 20],  // 2: end before start, last operation = the last one
            ["OF-2", "A", 1.0, "04/01/2027", "08/01/2027", null, 15]); // 3: no operation 15
        var co = Table("Commandes clients", CoHeaders,
            ["CC-1", "C7", 1, "A", 3.0, "15/01/2027", "non", null]);   // 2: unknown customer, optional without probability
        // The file's own item sheet adds an item that the orders may use.
        var items = Table("Articles", ["Code", "Désignation", "Famille", "Fabriqué/Acheté", "Unité", "Délai (jours)"], ["N", "Neuf", "V", "Acheté", "pce", 1]);
        var okPo = Table("x", ["Numéro"]); // ignored sheet

        var analysis = ImportAnalysis.Analyse(Current(), [items, po, mo, co, okPo], ImportMode.Merge, []);

        Assert.True(analysis.Rejected);
        Assert.Empty(analysis.Orders);
        Assert.Empty(analysis.Diff);
        var errors = analysis.Errors.Select(e => (e.Source, e.Line, e.Column, e.Rule)).ToHashSet();
        Assert.Contains(("Ordres d'achat", 2, "supplier", "OrderUnknownSupplier"), errors);
        Assert.Contains(("Ordres d'achat", 3, "line", "OrderDuplicate"), errors);
        Assert.Contains(("Ordres d'achat", 3, "item", "OrderUnknownItem"), errors);
        Assert.Contains(("Ordres d'achat", 3, "qty", "OrderQuantity"), errors);
        Assert.Contains(("Ordres d'achat", 4, "line", "OrderLineNumber"), errors);
        Assert.Contains(("Ordres de fabrication", 2, "due", "OrderDueBeforeStart"), errors);
        Assert.Contains(("Ordres de fabrication", 2, "lastOperationDone", "OrderAllOperationsDone"), errors);
        Assert.Contains(("Ordres de fabrication", 3, "lastOperationDone", "OrderUnknownOperation"), errors);
        Assert.Contains(("Commandes clients", 2, "customer", "OrderUnknownCustomer"), errors);
        Assert.Contains(("Commandes clients", 2, "probability", "OrderProbability"), errors);
        Assert.Contains(("Ordres d'achat", 3, "supplier", "OrderMixedParty"), errors);
        Assert.Equal(11, analysis.Errors.Count);
    }

    [Fact]
    public void An_order_may_use_an_item_the_same_file_creates_but_not_one_a_replace_removes()
    {
        var items = Table("Articles", ["Code", "Désignation", "Famille", "Fabriqué/Acheté", "Unité", "Délai (jours)"], ["N", "Neuf", "V", "Acheté", "pce", 1]);
        var po = Table("Ordres d'achat", PoHeaders, ["OA-1", "F1", 1, "N", 5.0, "11/01/2027", null]);
        Assert.False(ImportAnalysis.Analyse(Current(), [items, po], ImportMode.Merge, []).Rejected);

        var poOnB = Table("Ordres d'achat", PoHeaders, ["OA-1", "F1", 1, "B", 5.0, "11/01/2027", null]);
        var replaced = ImportAnalysis.Analyse(Current(), [items, poOnB], ImportMode.Replace, []);
        Assert.Contains(replaced.Errors, e => e.Rule == "OrderUnknownItem" && e.Line == 2);
    }

    [Fact]
    public void Known_orders_are_kept_as_they_are_and_replace_warns_about_open_orders_missing_from_the_file()
    {
        var po = Table("Ordres d'achat", PoHeaders, ["OA-1", "F1", 1, "B", 5.0, "11/01/2027", null], ["OA-NEW", "F1", 1, "B", 5.0, "11/01/2027", null]);
        IReadOnlyList<OrderSummary> existing = [Known(ObjectKind.PurchaseOrder, "OA-1"), Known(ObjectKind.PurchaseOrder, "OA-OLD"),
            Known(ObjectKind.PurchaseOrder, "OA-DONE", closed: true), Known(ObjectKind.CustomerOrder, "CC-9")];

        var merge = ImportAnalysis.Analyse(Current(), [po], ImportMode.Merge, existing);
        Assert.False(merge.Rejected);
        Assert.Equal(["OA-NEW"], merge.Orders.Select(o => o.Ref.Id));
        Assert.Equal(["OA-1"], merge.Problems.Where(p => p.Warning && p.Rule == "OrderKnown").Select(p => p.Key));
        Assert.DoesNotContain(merge.Problems, p => p.Rule == "OrderNotInFile");
        var diff = merge.Diff.Single(d => d.Sheet == ExchangeSheet.PurchaseOrders);
        Assert.Equal((1, 0, 1), (diff.Created, diff.Removed, diff.Unchanged));

        var replace = ImportAnalysis.Analyse(Current(), [po], ImportMode.Replace, existing);
        Assert.False(replace.Rejected);
        // Only the open purchase order absent from the file; closed ones and other kinds (no customer-order sheet) are not concerned.
        Assert.Equal(["OA-OLD"], replace.Problems.Where(p => p.Rule == "OrderNotInFile").Select(p => p.Key));
    }
}
