using System.Globalization;
using Collab.Contracts;
using Collab.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Collab.Web.Components.Pages.Orders;

/// <summary>"Modifié par X à HH:MM" for a refused stale edit.</summary>
internal static class Conflict
{
    public static string Message(IStringLocalizer<SharedResource> l, VersionConflictException e) =>
        l["PB.Conflict", e.ModifiedBy ?? "?", e.ModifiedAt?.ToLocalTime().ToString("t", CultureInfo.CurrentCulture) ?? "?"];
}
