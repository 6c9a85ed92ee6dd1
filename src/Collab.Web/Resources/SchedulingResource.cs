namespace Collab.Web.Resources;

/// <summary>Marker type of the scheduling (ordonnancement) page strings: SchedulingResource.resx (French, neutral) and
/// SchedulingResource.en.resx (English).</summary>
public sealed class SchedulingResource;
