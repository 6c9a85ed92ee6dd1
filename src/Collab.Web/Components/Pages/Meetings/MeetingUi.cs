using System.Globalization;
using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Meetings;
using Collab.Infrastructure.Mail;
using Collab.Web.Resources;
using Collab.Web.Services;
using Microsoft.Extensions.Localization;

namespace Collab.Web.Components.Pages.Meetings;

/// <summary>Links, labels and error texts shared by the meeting pages.</summary>
internal static class MeetingUi
{
    public static string Letter(SqcdpCategory c) => c switch
    {
        SqcdpCategory.Safety => "S",
        SqcdpCategory.Quality => "Q",
        SqcdpCategory.Cost => "C",
        SqcdpCategory.Delivery => "D",
        _ => "P",
    };

    public static string Clock(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Max(0, Math.Floor(seconds)));
        return t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : t.ToString(@"mm\:ss", CultureInfo.InvariantCulture);
    }

    /// <summary>Messages of a failed command; pages catch only <see cref="IsUserError"/> exceptions.</summary>
    public static bool IsUserError(Exception e) => e is CommandRejectedException or VersionConflictException or MailValidationException or MailDeliveryException or MailSettingsException or ForbiddenActionException;

    /// <summary>User-facing messages of a failed command (refusals and mail failures worded by <see cref="Collab.Web.Components.Shared.RefusalText"/>).</summary>
    public static IReadOnlyList<string> Errors(IStringLocalizer<SharedResource> l, Collab.Web.Components.Pages.People.UserDirectory people, Collab.Web.Components.Shared.RefusalText refusals, Exception e) => e switch
    {
        CommandRejectedException r => refusals.Words(r),
        VersionConflictException v => [Orders.Conflict.Message(l, people, v)],
        MailValidationException or MailDeliveryException or MailSettingsException => [.. MailFailure.Reasons(e).Select(refusals.Word)],
        ForbiddenActionException => [l["MT.Forbidden"].Value],
        _ => [e.Message],
    };
}
