using System.Globalization;
using Collab.Contracts.Orders;
using Collab.Web.Services;
using Radzen;

namespace Collab.Web.Components.Pages.Orders;

/// <summary>The grid's load request (window, column filters, sort) as the order service's query: values as invariant text.</summary>
public static class OrderGridArgs
{
    public static OrderGridQuery From(LoadDataArgs args, int defaultTake = 50)
    {
        var filters = (args.Filters ?? [])
            .Where(f => !string.IsNullOrEmpty(f.Property))
            .Select(f => new OrderColumnFilter(f.Property!, f.FilterOperator.ToString(), Text(f.FilterValue),
                f.SecondFilterValue is null && !Valueless(f.SecondFilterOperator) ? null : f.SecondFilterOperator.ToString(), Text(f.SecondFilterValue),
                f.LogicalFilterOperator == LogicalFilterOperator.Or))
            .ToList();
        var sorts = (args.Sorts ?? [])
            .Where(s => !string.IsNullOrEmpty(s.Property) && s.SortOrder is not null)
            .Select(s => new OrderSort(s.Property!, s.SortOrder == SortOrder.Descending))
            .ToList();
        return new OrderGridQuery(args.Skip ?? 0, args.Top ?? defaultTake, filters, sorts);
    }

    private static bool Valueless(FilterOperator op) =>
        op is FilterOperator.IsNull or FilterOperator.IsNotNull or FilterOperator.IsEmpty or FilterOperator.IsNotEmpty;

    /// <summary>Dates as yyyy-MM-dd, numbers with a dot, booleans true/false, anything else as its text.</summary>
    public static string? Text(object? value) => value switch
    {
        null => null,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => DateOnly.FromDateTime(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset d => DateOnly.FromDateTime(d.Date).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
