namespace Collab.Web.Resources;

/// <summary>Marker type of the hosting and account-security strings: HostingResource.resx (French, neutral)
/// and HostingResource.en.resx (English).</summary>
public sealed class HostingResource;
