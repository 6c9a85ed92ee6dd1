using Collab.Contracts.Common;

namespace Collab.Contracts.Orders;

/// <summary>One open order of an import, with the number it has in the ERP; exactly one draft is set, matching <see cref="Ref"/>'s kind.</summary>
[GenerateSerializer, Immutable, Alias("Collab.ImportedOrder")]
public sealed record ImportedOrder(
    [property: Id(0)] ObjectRef Ref,
    [property: Id(1)] PurchaseOrderDraft? Purchase = null,
    [property: Id(2)] ManufacturingOrderDraft? Manufacturing = null,
    [property: Id(3)] CustomerOrderDraft? Customer = null);

[GenerateSerializer, Immutable, Alias("Collab.OrderImportResult")]
public sealed record OrderImportResult([property: Id(0)] int Created);

/// <summary>
/// All-or-nothing creation of the open orders of an import. Key: site code (one batch at a time per site).
/// Refuses the whole batch when a number is repeated or already known; creates every order (without touching the
/// registry), then writes every registry row in one write and tells the plan once. When a creation or the registry
/// write fails, the orders already created are discarded (state cleared) and the error is rethrown.
/// </summary>
[Alias("Collab.IOrderImportGrain")]
public interface IOrderImportGrain : IGrainWithStringKey
{
    [Alias("Import")]
    Task<OrderImportResult> ImportAsync(IReadOnlyList<ImportedOrder> orders, string user);
}
