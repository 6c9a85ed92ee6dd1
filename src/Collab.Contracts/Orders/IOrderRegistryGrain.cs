using Orleans.Concurrency;
using Collab.Contracts.Common;

namespace Collab.Contracts.Orders;

/// <summary>One open quantity of an order at a date (a CO line, a PO line, an MO).</summary>
[GenerateSerializer, Immutable, Alias("Collab.OrderLineSummary")]
public sealed record OrderLineSummary(
    [property: Id(0)] int Line,
    [property: Id(1)] string Item,
    [property: Id(2)] double OpenQty,
    [property: Id(3)] DateOnly Date);

/// <summary>
/// The list-page row of an order, kept in the site's <see cref="IOrderRegistryGrain"/> by the order grain
/// after every persisted change (so lists and plan runs never fan out to hundreds of grains).
/// <see cref="Closed"/>: shipped / received / closed / cancelled. <see cref="Status"/> is the enum name.
/// </summary>
[GenerateSerializer, Immutable, Alias("Collab.OrderSummary")]
public sealed record OrderSummary(
    [property: Id(0)] ObjectRef Ref,
    [property: Id(1)] string Party,
    [property: Id(2)] string Status,
    [property: Id(3)] bool Closed,
    [property: Id(4)] IReadOnlyList<OrderLineSummary> Lines,
    [property: Id(5)] DateOnly DueDate,
    [property: Id(6)] DateOnly? StartDate,
    /// <summary>MO/PO: the date the plan needs it (MRP reschedule message); customer order: the plan's expected availability when later than promised.</summary>
    [property: Id(7)] DateOnly? NeededDate,
    [property: Id(8)] bool Firm,
    [property: Id(9)] double Probability,
    [property: Id(10)] int ExceptionCount,
    [property: Id(11)] int OpenActions,
    [property: Id(12)] OtdFigures Otd,
    [property: Id(13)] long Version,
    [property: Id(14)] string? ModifiedBy,
    [property: Id(15)] DateTimeOffset? ModifiedAt)
{
    public string Number => Ref.Id;

    /// <summary>Main item (first line).</summary>
    public string Item => Lines.Count > 0 ? Lines[0].Item : "";

    public double Qty => Lines.Sum(l => l.OpenQty);

    /// <summary>
    /// Late by THE definition of its kind (<see cref="Collab.Planning.Lateness.Late"/>, docs/late.md): a customer order
    /// whose promised date (<see cref="DueDate"/>) is before today or before the plan's expected availability
    /// (<see cref="NeededDate"/> of a customer order); an MO or PO that ends / arrives (<see cref="DueDate"/>, not before
    /// today) after the date the plan needs it (<see cref="NeededDate"/> when earlier than its due date).
    /// </summary>
    public bool IsLate(DateOnly today) => !Closed && Ref.Kind switch
    {
        ObjectKind.CustomerOrder => Collab.Planning.Lateness.Late.CustomerOrder(DueDate, NeededDate, today),
        ObjectKind.ManufacturingOrder => Collab.Planning.Lateness.Late.ManufacturingOrder(DueDate, NeededDate, null, today),
        ObjectKind.PurchaseOrder => Collab.Planning.Lateness.Late.PurchaseOrder(DueDate, NeededDate, today),
        _ => false,
    };
}

[GenerateSerializer, Immutable, Alias("Collab.OrderQuery")]
public sealed record OrderQuery(
    [property: Id(0)] ObjectKind? Kind = null,
    [property: Id(1)] bool OpenOnly = true,
    [property: Id(2)] string? Item = null,
    [property: Id(3)] string? Party = null);

/// <summary>
/// One column filter of an order list page, as the grid gives it: <see cref="Column"/> is a property of the list row
/// (Number, Item, Party, Qty, Status, StartDate, DueDate, NeededDate, Firm, Late, ExceptionCount, OpenActions),
/// <see cref="Operator"/> a Radzen filter operator name (Equals, Contains, LessThan, IsNull…), values as invariant text
/// (dates yyyy-MM-dd, numbers with a dot, true/false). A second condition joins with AND, or OR when <see cref="Or"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("Collab.OrderColumnFilter")]
public sealed record OrderColumnFilter(
    [property: Id(0)] string Column,
    [property: Id(1)] string Operator,
    [property: Id(2)] string? Value,
    [property: Id(3)] string? SecondOperator = null,
    [property: Id(4)] string? SecondValue = null,
    [property: Id(5)] bool Or = false);

/// <summary>One sort key of an order list page (a list row property, see <see cref="OrderColumnFilter.Column"/>).</summary>
[GenerateSerializer, Immutable, Alias("Collab.OrderSort")]
public sealed record OrderSort([property: Id(0)] string Column, [property: Id(1)] bool Descending = false);

/// <summary>
/// A page of an order list (issue #17): orders of one kind, open / late filters, column filters, sort (default: due
/// date then number), and the window <see cref="Skip"/>/<see cref="Take"/>. <see cref="Today"/> decides lateness (the
/// registry has no clock).
/// </summary>
[GenerateSerializer, Immutable, Alias("Collab.OrderPageQuery")]
public sealed record OrderPageQuery(
    [property: Id(0)] ObjectKind Kind,
    [property: Id(1)] DateOnly Today,
    [property: Id(2)] bool OpenOnly = true,
    [property: Id(3)] bool LateOnly = false,
    [property: Id(4)] IReadOnlyList<OrderColumnFilter>? Filters = null,
    [property: Id(5)] IReadOnlyList<OrderSort>? Sorts = null,
    [property: Id(6)] int Skip = 0,
    [property: Id(7)] int Take = 50);

/// <summary>
/// The rows of one page; <see cref="Total"/>: rows matching every filter (the grid's count); <see cref="Listed"/> and
/// <see cref="Late"/>: orders under the open / late filters only and the late ones among them (the list's headline).
/// </summary>
[GenerateSerializer, Immutable, Alias("Collab.OrderPage")]
public sealed record OrderPage(
    [property: Id(0)] IReadOnlyList<OrderSummary> Rows,
    [property: Id(1)] int Total,
    [property: Id(2)] int Listed,
    [property: Id(3)] int Late);

/// <summary>What changed among the open orders (see <see cref="IOrderRegistryGrain.OpenChangesSinceAsync"/>).</summary>
[GenerateSerializer, Immutable, Alias("Collab.OrderChanges")]
public sealed record OrderChanges(
    [property: Id(0)] ChangeCursor Cursor,
    [property: Id(1)] bool Full,
    [property: Id(2)] IReadOnlyList<OrderSummary> Rows,
    [property: Id(3)] IReadOnlyList<ObjectRef> Removed);

/// <summary>Read model of every order of a site. Key: site code.</summary>
[Alias("Collab.IOrderRegistryGrain")]
public interface IOrderRegistryGrain : IGrainWithStringKey
{
    /// <summary>Stores the row unless a newer version is already known.</summary>
    [Alias("Upsert")]
    Task UpsertAsync(OrderSummary summary);

    /// <summary>Stores many rows in one write (import batch); a row older than the known one is skipped.</summary>
    [Alias("UpsertMany")]
    Task UpsertManyAsync(IReadOnlyList<OrderSummary> summaries);

    /// <summary>Forgets a row (an imported order undone by its failed batch).</summary>
    [Alias("Remove")]
    Task RemoveAsync(ObjectRef order);

    [Alias("Query")]
    Task<IReadOnlyList<OrderSummary>> QueryAsync(OrderQuery query);

    /// <summary>
    /// The open orders as they changed since <paramref name="since"/> (issue #17: a plan run reads what moved, not the
    /// ~12,000 rows of a large plant each time). <see cref="OrderChanges.Full"/>: the reader starts over with
    /// <see cref="OrderChanges.Rows"/> (every open order) — on the first read, after the registry was reactivated or
    /// restored, or when the reader is too far behind. Otherwise <see cref="OrderChanges.Rows"/> are the rows changed
    /// since (an order closed since comes with <see cref="OrderSummary.Closed"/> set: the reader drops it) and
    /// <see cref="OrderChanges.Removed"/> the orders forgotten since.
    /// </summary>
    [Alias("OpenChangesSince")]
    Task<OrderChanges> OpenChangesSinceAsync(ChangeCursor? since);

    /// <summary>One page of a list (server-side filter, sort and paging): what list pages ask instead of every row.</summary>
    [Alias("QueryPage")]
    Task<OrderPage> QueryPageAsync(OrderPageQuery query);

    [Alias("Count")]
    Task<int> CountAsync();

    /// <summary>
    /// A counter bumped when an order appears, disappears or changes what the schedule reads of it (open/closed, lines,
    /// due date, firm) — not on other edits (the schedule's own write-back to the MOs): the schedule grain re-reads the
    /// open orders only when it moved (issue #17).
    /// </summary>
    [AlwaysInterleave, Alias("SupplyStamp")]
    Task<long> GetSupplyStampAsync();
}
