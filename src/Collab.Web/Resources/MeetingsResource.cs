namespace Collab.Web.Resources;

/// <summary>Marker type of the meetings' strings (agenda, big screen, kiosk, minutes): MeetingsResource.resx (French,
/// neutral) and MeetingsResource.en.resx (English). Worded by <see cref="Components.Pages.Meetings.AgendaText"/>.</summary>
public sealed class MeetingsResource;
