using Collab.Domain.Demo;

namespace Collab.Grains.Demo;

/// <summary>
/// The large plant of the demo seeding (<c>--demo-scale large</c>, issue #17): <see cref="LargePlantGenerator"/> (pure,
/// in Collab.Domain so <c>collab generate-plant</c> writes the same plant as a workbook) as a demo scenario.
/// </summary>
public static class LargePlant
{
    /// <summary>Customers with late orders on purpose (promised before today, not shipped).</summary>
    public const int LateCustomerOrders = LargePlantGenerator.LateCustomerOrders;

    /// <summary>Workstations sized over their capacity on purpose.</summary>
    public const int OverloadedWorkstations = LargePlantGenerator.OverloadedWorkstations;

    public static DemoPlant.DemoScenario Build(DateOnly today, LargePlantOptions o)
    {
        var plant = LargePlantGenerator.Generate(today, o);
        return new DemoPlant.DemoScenario(plant.Data, [.. plant.CustomerOrders], [],
            [.. plant.ManufacturingOrders.Select(m => new DemoPlant.DemoManufacturingOrder(m, false))],
            [.. plant.PurchaseOrders.Select(p => new DemoPlant.DemoPurchaseOrder(p.Draft, p.ConfirmAsRequested))], []);
    }
}
