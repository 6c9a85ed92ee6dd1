using Collab.Contracts.Common;
using Collab.Contracts.Orders;
using Collab.Grains.Orders;
using Collab.Web.Components.Pages.Orders;
using Radzen;

namespace Collab.Web.Tests.Services;

/// <summary>
/// Server-side window of the order lists (issue #17): kind / open / late filters, column filters as the grid sends them
/// (text ignoring case, numbers, dates, booleans, two conditions, null tests), sort with the number as tie-break, the
/// window cut after sorting, and the headline counts under the open / late filters only.
/// </summary>
public sealed class OrderListQueryTests
{
    private static readonly DateOnly Today = new(2026, 12, 7);

    private static OrderSummary Order(ObjectKind kind, string number, string item, double qty, DateOnly due, bool closed = false, DateOnly? needed = null, string party = "C-1") =>
        new(new ObjectRef(kind, number), party, closed ? "Closed" : "Released", closed, [new OrderLineSummary(1, item, qty, due)], due, null, needed, true, 1, 0, 0,
            new OtdFigures(0, 0), 1, null, null);

    private static readonly OrderSummary[] Orders =
    [
        Order(ObjectKind.ManufacturingOrder, "OF-3", "VAN-50", 10, Today.AddDays(5)),
        Order(ObjectKind.ManufacturingOrder, "OF-1", "van-80", 30, Today.AddDays(5), needed: Today.AddDays(2)), // late: needed before its end
        Order(ObjectKind.ManufacturingOrder, "OF-2", "POM-10", 20, Today.AddDays(1)),
        Order(ObjectKind.ManufacturingOrder, "OF-4", "VAN-50", 5, Today.AddDays(9), closed: true),
        Order(ObjectKind.CustomerOrder, "CC-1", "VAN-50", 1, Today.AddDays(-1)),
    ];

    private static OrderPage Run(OrderPageQuery q) => OrderListQuery.Run(Orders, q);

    [Fact]
    public void Default_sort_is_due_date_then_number_and_the_window_is_cut_after_sorting()
    {
        var page = Run(new OrderPageQuery(ObjectKind.ManufacturingOrder, Today, Skip: 1, Take: 1));

        Assert.Equal(["OF-1"], page.Rows.Select(r => r.Number));
        Assert.Equal((3, 3, 1), (page.Total, page.Listed, page.Late));
        Assert.Equal(["OF-2", "OF-1", "OF-3"], Run(new OrderPageQuery(ObjectKind.ManufacturingOrder, Today)).Rows.Select(r => r.Number));
        Assert.Equal(4, Run(new OrderPageQuery(ObjectKind.ManufacturingOrder, Today, OpenOnly: false)).Total);
        Assert.Equal(["OF-1"], Run(new OrderPageQuery(ObjectKind.ManufacturingOrder, Today, LateOnly: true)).Rows.Select(r => r.Number));
    }

    [Fact]
    public void Column_filters_and_sorts_work_on_every_type_and_keep_the_headline_counts()
    {
        OrderPage Filter(params OrderColumnFilter[] f) => Run(new OrderPageQuery(ObjectKind.ManufacturingOrder, Today, Filters: f, Sorts: [new OrderSort("Qty", true)]));

        var van = Filter(new OrderColumnFilter("Item", "StartsWith", "van"));
        Assert.Equal(["OF-1", "OF-3"], van.Rows.Select(r => r.Number));
        Assert.Equal((2, 3, 1), (van.Total, van.Listed, van.Late));
        Assert.Equal(["OF-2"], Filter(new OrderColumnFilter("Qty", "GreaterThanOrEquals", "15"), new OrderColumnFilter("Qty", "LessThan", "25")).Rows.Select(r => r.Number));
        Assert.Equal(["OF-1", "OF-2"], Filter(new OrderColumnFilter("Qty", "Equals", "30", "Equals", "20", Or: true)).Rows.Select(r => r.Number));
        Assert.Equal(["OF-2"], Filter(new OrderColumnFilter("DueDate", "LessThan", Today.AddDays(3).ToString("yyyy-MM-dd"))).Rows.Select(r => r.Number));
        Assert.Equal(["OF-1"], Filter(new OrderColumnFilter("Late", "Equals", "true")).Rows.Select(r => r.Number));
        Assert.Equal(["OF-1"], Filter(new OrderColumnFilter("NeededDate", "IsNotNull", null)).Rows.Select(r => r.Number));
        Assert.Empty(Filter(new OrderColumnFilter("NoSuchColumn", "Equals", "x")).Rows);
        Assert.Empty(Filter(new OrderColumnFilter("Qty", "Equals", "not a number")).Rows);
    }

    [Fact]
    public void The_grid_request_becomes_the_service_query_with_invariant_values()
    {
        var args = new LoadDataArgs
        {
            Skip = 40, Top = 20,
            Filters = [new FilterDescriptor { Property = "DueDate", FilterValue = new DateTime(2026, 12, 24), FilterOperator = FilterOperator.GreaterThan,
                SecondFilterValue = 12.5, SecondFilterOperator = FilterOperator.LessThan, LogicalFilterOperator = LogicalFilterOperator.Or }],
            Sorts = [new SortDescriptor { Property = "Number", SortOrder = SortOrder.Descending }],
        };

        var q = OrderGridArgs.From(args);

        Assert.Equal((40, 20), (q.Skip, q.Take));
        Assert.Equal(new OrderColumnFilter("DueDate", "GreaterThan", "2026-12-24", "LessThan", "12.5", true), Assert.Single(q.Filters!));
        Assert.Equal(new OrderSort("Number", true), Assert.Single(q.Sorts!));
    }
}
