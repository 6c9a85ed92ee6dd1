namespace Collab.Domain.Tests.Plan;

/// <summary>Every page reads "late" from <c>OrderSummary.IsLate</c>, which applies the definition of the order's kind (docs/late.md).</summary>
public class OrderLatenessTests
{
    private static readonly DateOnly Today = new(2026, 12, 2);

    [Fact]
    public void An_order_summary_uses_the_definition_of_its_kind()
    {
        static Collab.Contracts.Orders.OrderSummary Row(Collab.Contracts.Common.ObjectKind kind, DateOnly due, DateOnly? needed, bool closed = false) =>
            new(new(kind, "X"), "", "Open", closed, [new(1, "A", 1, due)], due, null, needed, true, 1, 0, 0, new(0, 0), 1, null, null);
        var nextWeek = Today.AddDays(7);
        // needed later than due: a push-out for a supply order, a delay for a customer order
        Assert.True(Row(Collab.Contracts.Common.ObjectKind.CustomerOrder, nextWeek, nextWeek.AddDays(7)).IsLate(Today));
        Assert.False(Row(Collab.Contracts.Common.ObjectKind.PurchaseOrder, nextWeek, nextWeek.AddDays(7)).IsLate(Today));
        Assert.False(Row(Collab.Contracts.Common.ObjectKind.ManufacturingOrder, nextWeek, nextWeek.AddDays(7)).IsLate(Today));
        // needed earlier than due
        Assert.False(Row(Collab.Contracts.Common.ObjectKind.CustomerOrder, nextWeek, nextWeek.AddDays(-3)).IsLate(Today));
        Assert.True(Row(Collab.Contracts.Common.ObjectKind.PurchaseOrder, nextWeek, nextWeek.AddDays(-3)).IsLate(Today));
        Assert.True(Row(Collab.Contracts.Common.ObjectKind.ManufacturingOrder, nextWeek, nextWeek.AddDays(-3)).IsLate(Today));
        Assert.False(Row(Collab.Contracts.Common.ObjectKind.ManufacturingOrder, Today.AddDays(-3), null, closed: true).IsLate(Today));
    }
}
