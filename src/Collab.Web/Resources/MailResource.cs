namespace Collab.Web.Resources;

/// <summary>Marker type of the mail-delivery UI strings (notice, demo outbox): MailResource.resx (French) and MailResource.en.resx.</summary>
public sealed class MailResource;
