using Microsoft.AspNetCore.Identity;

namespace Collab.Web.Identity;

/// <summary>A person who signs in to Collab.</summary>
public sealed class CollabUser : IdentityUser
{
    /// <summary>Display language chosen by the user ("fr-FR", "en-GB"…); null until the user picks one.
    /// Restored into the culture cookie at sign-in.</summary>
    public string? PreferredCulture { get; set; }

    /// <summary>Full name shown in the header; falls back to the user name.</summary>
    public string? DisplayName { get; set; }
}
