namespace Collab.Web.Resources;

/// <summary>Marker type of the people and roles strings: PeopleResource.resx (French) and PeopleResource.en.resx.</summary>
public sealed class PeopleResource;
