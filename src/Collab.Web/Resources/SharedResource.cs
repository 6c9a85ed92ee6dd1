using System.Resources;

[assembly: NeutralResourcesLanguage("fr")]

namespace Collab.Web.Resources;

/// <summary>Marker type of the shared UI strings: SharedResource.resx (French, neutral) and
/// SharedResource.en.resx (English).</summary>
public sealed class SharedResource;
