namespace Collab.Web.Resources;

/// <summary>Marker type of the master-data strings (pages "Données techniques", validation messages):
/// MasterDataResource.resx (French, neutral) and MasterDataResource.en.resx (English).</summary>
public sealed class MasterDataResource;
