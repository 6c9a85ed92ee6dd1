namespace Collab.Contracts.Common;

/// <summary>The kinds of things people talk about; each is one grain.</summary>
public enum ObjectKind
{
    Site = 0,
    ManufacturingOrder = 1,
    PurchaseOrder = 2,
    CustomerOrder = 3,
    Workstation = 4,
    ImprovementProject = 5,
    Meeting = 6,
    /// <summary>A plan (site + scenario): change events carry recalculation progress and results.</summary>
    Plan = 7,
    /// <summary>The finite-capacity schedule (ordonnancement) of a site; key = site code.</summary>
    Schedule = 8,
    /// <summary>A user's notification inbox; key = login in lower case (change events make the header's bell ring).</summary>
    Inbox = 9,
}

/// <summary>A reference to one object of the shared plan, e.g. (ManufacturingOrder, "OF-2026-00042").</summary>
[GenerateSerializer, Immutable, Alias("Collab.ObjectRef")]
public sealed record ObjectRef([property: Id(0)] ObjectKind Kind, [property: Id(1)] string Id)
{
    public override string ToString() => $"{Kind}:{Id}";
}
