namespace Collab.Infrastructure.Configuration;

/// <summary>A Collab setting is missing or invalid; the message names the configuration key.</summary>
public sealed class CollabConfigurationException(string message) : Exception(message);
