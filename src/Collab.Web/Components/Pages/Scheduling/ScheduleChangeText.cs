using Collab.Contracts.Scheduling;
using Collab.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Collab.Web.Components.Pages.Scheduling;

/// <summary>The last schedule change ("Move of OF/20", "Recalculation (critical ratio)"…) in the reader's language; a
/// comparison stored as French text before changes were typed is shown as stored.</summary>
public static class ScheduleChangeText
{
    public static string What(IStringLocalizer<SchedulingResource> ls, string what) => ScheduleChanges.TryParse(what) switch
    {
        { Kind: ScheduleChange.Recalculated } c when Enum.TryParse<SchedulingRule>(c.Argument, out var rule) => ls["SCH.Change.Recalculated", ls[$"SCH.Rule.{rule}"]],
        { } c => ls[$"SCH.Change.{c.Kind}", c.Argument],
        null => what,
    };
}
