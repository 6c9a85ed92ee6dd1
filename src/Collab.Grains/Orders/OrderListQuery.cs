using System.Globalization;
using Collab.Contracts.Orders;

namespace Collab.Grains.Orders;

/// <summary>
/// Server-side filter, sort and paging of an order list (issue #17), pure: the registry runs it on its rows so a list
/// page receives one window of rows, never the whole list. Text compares ignore case; an unknown column or operator
/// matches nothing (a filter is never silently dropped).
/// </summary>
public static class OrderListQuery
{
    private enum ColumnType { Text, Number, Date, Bool }

    private sealed record Column(ColumnType Type, Func<OrderSummary, DateOnly, object?> Value);

    private static readonly Dictionary<string, Column> Columns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Number"] = new(ColumnType.Text, (o, _) => o.Number),
        ["Item"] = new(ColumnType.Text, (o, _) => o.Item),
        ["Party"] = new(ColumnType.Text, (o, _) => o.Party),
        ["Status"] = new(ColumnType.Text, (o, _) => o.Status),
        ["Qty"] = new(ColumnType.Number, (o, _) => o.Qty),
        ["ExceptionCount"] = new(ColumnType.Number, (o, _) => (double)o.ExceptionCount),
        ["OpenActions"] = new(ColumnType.Number, (o, _) => (double)o.OpenActions),
        ["Probability"] = new(ColumnType.Number, (o, _) => o.Probability),
        ["DueDate"] = new(ColumnType.Date, (o, _) => o.DueDate),
        ["StartDate"] = new(ColumnType.Date, (o, _) => o.StartDate),
        ["NeededDate"] = new(ColumnType.Date, (o, _) => o.NeededDate),
        ["Firm"] = new(ColumnType.Bool, (o, _) => o.Firm),
        ["Late"] = new(ColumnType.Bool, (o, today) => o.IsLate(today)),
    };

    /// <summary>The page of <paramref name="orders"/> (any kinds) that <paramref name="query"/> asks for.</summary>
    public static OrderPage Run(IEnumerable<OrderSummary> orders, OrderPageQuery query)
    {
        var today = query.Today;
        var listed = 0;
        var late = 0;
        var matching = new List<OrderSummary>();
        var filters = (query.Filters ?? []).Select(f => Compile(f, today)).ToList();
        foreach (var o in orders)
        {
            if (o.Ref.Kind != query.Kind || (query.OpenOnly && o.Closed))
            {
                continue;
            }

            var isLate = o.IsLate(today);
            if (query.LateOnly && !isLate)
            {
                continue;
            }

            listed++;
            if (isLate)
            {
                late++;
            }

            if (filters.TrueForAll(f => f(o)))
            {
                matching.Add(o);
            }
        }

        var skip = Math.Clamp(query.Skip, 0, matching.Count);
        var take = Math.Clamp(query.Take, 0, matching.Count - skip);
        return new OrderPage(Window(matching, query.Sorts, today, skip, take), matching.Count, listed, late);
    }

    /// <summary>Rows skip..skip+take in sort order: sort keys read once per row, then indices sorted (number last).</summary>
    private static List<OrderSummary> Window(List<OrderSummary> rows, IReadOnlyList<OrderSort>? sorts, DateOnly today, int skip, int take)
    {
        var keys = (sorts ?? []).Where(s => Columns.ContainsKey(s.Column)).Select(s => (Column: Columns[s.Column], s.Descending)).ToList();
        if (keys.Count == 0)
        {
            keys.Add((Columns["DueDate"], false));
        }

        var values = keys.Select(k => rows.Select(o => k.Column.Value(o, today)).ToArray()).ToArray();
        var order = Enumerable.Range(0, rows.Count).ToArray();
        Array.Sort(order, (a, b) =>
        {
            for (var k = 0; k < keys.Count; k++)
            {
                var c = Compare(values[k][a], values[k][b]);
                if (c != 0)
                {
                    return keys[k].Descending ? -c : c;
                }
            }

            return string.CompareOrdinal(rows[a].Number, rows[b].Number);
        });
        return [.. order.Skip(skip).Take(take).Select(i => rows[i])];
    }

    private static int Compare(object? a, object? b) => (a, b) switch
    {
        (null, null) => 0,
        (null, _) => -1,
        (_, null) => 1,
        (string x, string y) => string.Compare(x, y, StringComparison.OrdinalIgnoreCase),
        (IComparable x, _) => x.CompareTo(b),
        _ => 0,
    };

    private static Func<OrderSummary, bool> Compile(OrderColumnFilter filter, DateOnly today)
    {
        if (!Columns.TryGetValue(filter.Column, out var column))
        {
            return _ => false;
        }

        var first = Condition(column, filter.Operator, filter.Value);
        if (string.IsNullOrEmpty(filter.SecondOperator) || (filter.SecondValue is null && !IsValueless(filter.SecondOperator)))
        {
            return o => first(column.Value(o, today));
        }

        var second = Condition(column, filter.SecondOperator, filter.SecondValue);
        return filter.Or
            ? o => { var v = column.Value(o, today); return first(v) || second(v); }
            : o => { var v = column.Value(o, today); return first(v) && second(v); };
    }

    private static bool IsValueless(string op) => op is "IsNull" or "IsNotNull" or "IsEmpty" or "IsNotEmpty";

    private static Func<object?, bool> Condition(Column column, string op, string? text)
    {
        switch (op)
        {
            case "IsNull":
                return v => v is null;
            case "IsNotNull":
                return v => v is not null;
            case "IsEmpty":
                return v => v is null || (v is string s && s.Length == 0);
            case "IsNotEmpty":
                return v => v is not null && (v is not string s || s.Length > 0);
        }

        if (text is null)
        {
            return _ => true; // Radzen sends an operator without a value while the user has not typed one yet.
        }

        if (column.Type == ColumnType.Text)
        {
            return op switch
            {
                "Equals" => v => string.Equals(v as string, text, StringComparison.OrdinalIgnoreCase),
                "NotEquals" => v => !string.Equals(v as string, text, StringComparison.OrdinalIgnoreCase),
                "Contains" => v => (v as string ?? "").Contains(text, StringComparison.OrdinalIgnoreCase),
                "DoesNotContain" => v => !(v as string ?? "").Contains(text, StringComparison.OrdinalIgnoreCase),
                "StartsWith" => v => (v as string ?? "").StartsWith(text, StringComparison.OrdinalIgnoreCase),
                "EndsWith" => v => (v as string ?? "").EndsWith(text, StringComparison.OrdinalIgnoreCase),
                _ => Ordered(op, v => v is string s ? string.Compare(s, text, StringComparison.OrdinalIgnoreCase) : null),
            };
        }

        switch (column.Type)
        {
            case ColumnType.Number when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                return Ordered(op, v => (v as double?)?.CompareTo(number));
            case ColumnType.Date when DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date):
                return Ordered(op, v => (v as DateOnly?)?.CompareTo(date));
            case ColumnType.Bool when bool.TryParse(text, out var flag):
                return Ordered(op, v => (v as bool?)?.CompareTo(flag));
            default:
                return _ => false;
        }
    }

    /// <summary>A comparison operator over <paramref name="compare"/> (value against the filter's; null when no value).</summary>
    private static Func<object?, bool> Ordered(string op, Func<object?, int?> compare)
    {
        bool Test(object? v, Func<int, bool> ok) => compare(v) is { } c && ok(c);
        return op switch
        {
            "Equals" => v => Test(v, c => c == 0),
            "NotEquals" => v => !Test(v, c => c == 0),
            "LessThan" => v => Test(v, c => c < 0),
            "LessThanOrEquals" => v => Test(v, c => c <= 0),
            "GreaterThan" => v => Test(v, c => c > 0),
            "GreaterThanOrEquals" => v => Test(v, c => c >= 0),
            _ => _ => false,
        };
    }
}
