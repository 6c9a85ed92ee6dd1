namespace Collab.Web.Resources;

/// <summary>Marker class for the strings of the exchange feature (import, export, API keys): ExchangeResource.resx (fr), .en.resx.</summary>
public sealed class ExchangeResource;
