using Collab.Contracts.Common;
using Collab.Contracts.Projects;
using Collab.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Collab.Web.Components.Shared;

/// <summary>
/// The ONE way the UI links to an object's page and names its kind: the action list, the dashboard, the meeting
/// pages and the notification bell use it (an improvement project's reference holds the site-qualified key, its page
/// the project number).
/// </summary>
public static class ObjectLinks
{
    /// <summary>The page of an object, relative to the base URI (null when it has none).</summary>
    public static string? Path(ObjectRef? o) => o?.Kind switch
    {
        ObjectKind.CustomerOrder => $"customer-orders/{Uri.EscapeDataString(o.Id)}",
        ObjectKind.PurchaseOrder => $"purchasing/{Uri.EscapeDataString(o.Id)}",
        ObjectKind.ManufacturingOrder => $"manufacturing-orders/{Uri.EscapeDataString(o.Id)}",
        ObjectKind.Workstation => $"workstations/{Uri.EscapeDataString(o.Id)}",
        ObjectKind.Meeting => $"reunions/{Uri.EscapeDataString(o.Id)}",
        ObjectKind.ImprovementProject => $"improvement-projects/{Uri.EscapeDataString(ProjectKey.Parse(o.Id).Number)}",
        _ => null,
    };

    /// <summary>The number people know an object by (a project's number, not its site-qualified key).</summary>
    public static string Number(ObjectRef o) =>
        o.Kind == ObjectKind.ImprovementProject ? ProjectKey.Parse(o.Id).Number : o.Id;

    /// <summary>The kind of an object in the reader's language ("Ordre de fabrication").</summary>
    public static string KindText(IStringLocalizer<SharedResource> l, ObjectKind k) => k switch
    {
        ObjectKind.ManufacturingOrder => l["PA.Kind.ManufacturingOrder"],
        ObjectKind.PurchaseOrder => l["PA.Kind.PurchaseOrder"],
        ObjectKind.CustomerOrder => l["PA.Kind.CustomerOrder"],
        ObjectKind.Workstation => l["PA.Kind.Workstation"],
        ObjectKind.ImprovementProject => l["PA.Kind.ImprovementProject"],
        ObjectKind.Meeting => l["PA.Kind.Meeting"],
        ObjectKind.Site => l["PA.Kind.Site"],
        _ => l["PA.Kind.Other"],
    };
}
