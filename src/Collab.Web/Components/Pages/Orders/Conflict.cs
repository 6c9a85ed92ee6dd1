using System.Globalization;
using Collab.Contracts;
using Collab.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Collab.Web.Components.Pages.Orders;

/// <summary>"Modifié par X à HH:MM" for a refused stale edit.</summary>
internal static class Conflict
{
    public static string Message(IStringLocalizer<SharedResource> l, Collab.Web.Components.Pages.People.UserDirectory people, VersionConflictException e) =>
        l["PB.Conflict", e.ModifiedBy is null ? "?" : people.Name(e.ModifiedBy), e.ModifiedAt?.ToLocalTime().ToString("t", CultureInfo.CurrentCulture) ?? "?"];
}
