using Collab.Contracts.Orders;
using Collab.Contracts.Sites;
using Collab.Domain.FollowUps;

namespace Collab.Domain.Tests.FollowUps;

/// <summary>Pure rules of the follow-ups (moved out of the grains, issue 13): proposed date in a reply, worklist ranking, supplier scorecard.</summary>
public sealed class FollowUpAnalyticsTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    [Theory]
    [InlineData("Bonjour,\nNous pouvons livrer le 12/12/2026.\nCordialement", 2026, 12, 12)]
    [InlineData("Delivery confirmed for 2026-12-03, regards", 2026, 12, 3)]
    [InlineData("Livraison prévue le 5 janvier 2027.", 2027, 1, 5)]
    [InlineData("We will ship on 14 March 2027", 2027, 3, 14)]
    [InlineData("Nouvelle date : 07.12.2026\n\nLe 20/11/2026 à 10:00, Achats a écrit :\n> livrer le 01/12/2026", 2026, 12, 7)]
    [InlineData("> 01/12/2026 demandé\nOK pour le 09/12/2026", 2026, 12, 9)]
    public void The_proposed_date_is_the_first_date_of_the_reply_outside_the_quote(string text, int y, int m, int d) =>
        Assert.Equal(new DateOnly(y, m, d), ProposedDateExtractor.Extract(text));

    [Theory]
    [InlineData("Merci, nous revenons vers vous.")]
    [InlineData("Le 31/02/2026 n'existe pas")]
    [InlineData("Réf. 12/345/2026-7")]
    [InlineData("")]
    public void No_date_or_an_impossible_one_gives_nothing(string text) => Assert.Null(ProposedDateExtractor.Extract(text));

    private static PurchaseOrderView Po(string number, string supplier, DateOnly requested, DateOnly? confirmed = null, DateOnly? needed = null, double qty = 10,
        string item = "A", IReadOnlyList<string>? endangered = null, IReadOnlyList<Receipt>? receipts = null, IReadOnlyList<SupplierMessage>? thread = null,
        PurchaseOrderStatus status = PurchaseOrderStatus.Sent) =>
        new(number, "S", supplier, "acheteur", status, [new PurchaseOrderLine(1, item, qty, requested, confirmed, needed, receipts ?? [])], [],
            endangered ?? [], thread ?? [], 1, null, null);

    private static readonly Dictionary<string, SupplierData> Suppliers = new()
    {
        ["F1"] = new SupplierData("F1", "Fonderie", "a@f1.example.fr", "fr"),
        ["F2"] = new SupplierData("F2", "Sans adresse", "", "fr"),
    };

    private static readonly Dictionary<string, ItemData> Items = new()
    {
        ["A"] = new ItemData("A", "Article A", "", ItemSource.Buy, "pc", 10, 5, 0),
        ["B"] = new ItemData("B", "Article B", "", ItemSource.Buy, "pc", 1000, 5, 0),
    };

    [Fact]
    public void The_worklist_ranks_by_endangered_customer_orders_then_days_then_value_and_skips_orders_in_good_shape()
    {
        var rows = FollowUpAnalytics.Worklist(
        [
            Po("OA-1", "F1", Today.AddDays(-2), Today.AddDays(-2)),                                          // late 2 days
            Po("OA-2", "F1", Today.AddDays(-1), Today.AddDays(-1), endangered: ["CC-9"]),                   // late 1 day, 1 CO
            Po("OA-3", "F2", Today.AddDays(30), Today.AddDays(30), needed: Today.AddDays(20)),             // needed 10 days earlier
            Po("OA-4", "F1", Today.AddDays(10)),                                                           // unconfirmed, soon
            Po("OA-5", "F1", Today.AddDays(60)),                                                           // unconfirmed but far: not listed
            Po("OA-6", "F1", Today.AddDays(5), Today.AddDays(5)),                                          // confirmed on time: not listed
            Po("OA-7", "F1", Today.AddDays(-2), Today.AddDays(-2), item: "B"),                              // late 2 days, higher value
            Po("OA-8", "F1", Today.AddDays(-9), status: PurchaseOrderStatus.Cancelled),                    // closed: not listed
        ], Suppliers, Items, Today);

        Assert.Equal(["OA-2", "OA-3", "OA-7", "OA-1", "OA-4"], rows.Select(r => r.Number));
        Assert.Equal([FollowUpReason.Late], rows[0].Reasons);
        Assert.Equal([FollowUpReason.NeededEarlier], rows[1].Reasons);
        Assert.False(rows[1].HasAddress);
        Assert.Equal(FollowUpKind.ExpediteRequest, rows[1].SuggestedKind);
        Assert.Equal(FollowUpKind.LateDeliveryReminder, rows[0].SuggestedKind);
        Assert.Equal([FollowUpReason.Unconfirmed], rows[4].Reasons);
        Assert.Equal(FollowUpKind.DeliveryDateConfirmationRequest, rows[4].SuggestedKind);
        Assert.Equal(10_000, rows[2].Value);
    }

    [Fact]
    public void The_scorecard_measures_on_time_delivery_delay_confirmation_and_response_time_over_the_window()
    {
        var sent = new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);
        var orders = new[]
        {
            Po("OA-1", "F1", Today.AddDays(-20), Today.AddDays(-20), receipts: [new Receipt(Today.AddDays(-20), 10, "m")]),   // on time
            Po("OA-2", "F1", Today.AddDays(-10), Today.AddDays(-10), receipts: [new Receipt(Today.AddDays(-6), 10, "m")]),    // 4 days late
            Po("OA-3", "F1", Today.AddDays(5), thread:
            [
                new SupplierMessage(sent, true, "acheteur", "Relance", "…", "m1"),
                new SupplierMessage(sent.AddHours(6), false, "f1", "RE: Relance", "…", "r1"),
            ]),
            Po("OA-4", "F1", Today.AddDays(-300), Today.AddDays(-300), receipts: [new Receipt(Today.AddDays(-250), 10, "m")]), // outside 3 months
        };

        var three = Assert.Single(FollowUpAnalytics.Scorecard(orders, Suppliers, Today, 3));
        Assert.Equal(2, three.DeliveredLines);
        Assert.Equal(0.5, three.OnTimeDelivery);
        Assert.Equal(2.0, three.AverageDelayDays);
        Assert.Equal(3, three.LinesToConfirm);
        Assert.Equal(2.0 / 3, three.ConfirmationRate!.Value, 6);
        Assert.Equal(6.0, three.AverageResponseHours);

        var twelve = Assert.Single(FollowUpAnalytics.Scorecard(orders, Suppliers, Today, 12));
        Assert.Equal(3, twelve.DeliveredLines);
        Assert.Equal(1.0 / 3, twelve.OnTimeDelivery!.Value, 6);
        Assert.Equal(4.0 / 3 + 50.0 / 3, twelve.AverageDelayDays!.Value, 6);
    }

    [Fact]
    public void A_po_the_plan_pushes_out_gets_the_postponement_template_and_endangers_no_customer_order()
    {
        PlanExceptionView Exception(Collab.Planning.Mrp.MrpExceptionType type) => new(type, "A", "OA-1", Today, Today.AddDays(14), 10);
        var late = Po("OA-1", "F1", Today.AddDays(-5), endangered: ["CC-1", "CC-2"]);
        Assert.Equal(new FollowUpSuggestion(FollowUpKind.LateDeliveryReminder, FollowUpSuggestionReason.Late), FollowUpComposer.Suggest(late, Today));
        Assert.Equal(["CC-1", "CC-2"], FollowUpComposer.Endangered(late, Today));

        var pushedOut = late with { Exceptions = [Exception(Collab.Planning.Mrp.MrpExceptionType.RescheduleOut)] };
        Assert.Equal(new FollowUpSuggestion(FollowUpKind.PostponementRequest, FollowUpSuggestionReason.PlanPushOut), FollowUpComposer.Suggest(pushedOut, Today));
        Assert.Empty(FollowUpComposer.Endangered(pushedOut, Today));
        Assert.Empty(Assert.Single(FollowUpAnalytics.Worklist([pushedOut], Suppliers, Items, Today)).EndangeredCustomerOrders);

        var cancelled = late with { Exceptions = [Exception(Collab.Planning.Mrp.MrpExceptionType.Cancel)] };
        Assert.Equal(FollowUpKind.CancellationRequest, FollowUpComposer.SuggestKind(cancelled, Today));
        Assert.Empty(FollowUpComposer.Endangered(cancelled, Today));

        var pulledIn = Po("OA-2", "F1", Today.AddDays(10), needed: Today.AddDays(3), endangered: ["CC-3"]) with { Exceptions = [Exception(Collab.Planning.Mrp.MrpExceptionType.RescheduleIn)] };
        Assert.Equal(new FollowUpSuggestion(FollowUpKind.ExpediteRequest, FollowUpSuggestionReason.NeededEarlier), FollowUpComposer.Suggest(pulledIn, Today));
        Assert.Equal(["CC-3"], FollowUpComposer.Endangered(pulledIn, Today));
    }

    [Fact]
    public void Endangered_customer_orders_are_the_pegged_ones_only_when_the_po_is_late_for_the_plan_and_the_page_is_told_why()
    {
        // Late against the plan's need (supplier's date after the need date): every pegged order is endangered, with the dates.
        var late = Po("OA-1", "F1", Today.AddDays(10), needed: Today.AddDays(3), endangered: ["CC-1", "CC-2"]);
        var why = FollowUpComposer.Assess(late, Today);
        Assert.Equal((EndangeredReason.Late, Today.AddDays(10), (DateOnly?)Today.AddDays(3)), (why.Reason, why.ExpectedReceipt!.Value, why.NeededBy));
        Assert.Equal(["CC-1", "CC-2"], why.Orders);

        // On time for the plan (arrives before it is needed), though 18 orders are pegged: none endangered.
        var onTime = Po("OA-2", "F1", Today.AddDays(2), needed: Today.AddDays(9), endangered: [.. Enumerable.Range(1, 18).Select(i => $"CC-{i}")]);
        var fine = FollowUpComposer.Assess(onTime, Today);
        Assert.Equal(EndangeredReason.OnTime, fine.Reason);
        Assert.Empty(fine.Orders);
        Assert.Equal(18, fine.Pegged.Count);

        // Overdue (the supplier's date is past and nothing arrived): late by THE definition, pegged orders endangered.
        Assert.Equal(EndangeredReason.Late, FollowUpComposer.Assess(Po("OA-3", "F1", Today.AddDays(-2), endangered: ["CC-9"]), Today).Reason);

        // The same late PO that the plan pushes out: nothing waits for it, and no lateness reminder is suggested.
        var pushedOut = onTime with { Exceptions = [new PlanExceptionView(Collab.Planning.Mrp.MrpExceptionType.RescheduleOut, "A", "OA-2", Today, Today.AddDays(14), 10)] };
        Assert.Equal(EndangeredReason.PlanPushOut, FollowUpComposer.Assess(pushedOut with { Lines = late.Lines }, Today).Reason);
        Assert.Empty(FollowUpComposer.Assess(pushedOut with { Lines = late.Lines }, Today).Orders);
        Assert.NotEqual(FollowUpKind.LateDeliveryReminder, FollowUpComposer.SuggestKind(pushedOut with { Lines = late.Lines }, Today));

        // Nothing pegged.
        Assert.Equal(EndangeredReason.NotPegged, FollowUpComposer.Assess(Po("OA-4", "F1", Today.AddDays(-2)), Today).Reason);
    }
}
