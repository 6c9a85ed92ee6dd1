namespace Collab.Web.Resources;

/// <summary>Marker type of the refusals' wording (<see cref="Collab.Contracts.Refusal"/>, issue #13 item 3):
/// RefusalsResource.resx (French, neutral) and RefusalsResource.en.resx (English), keys "Refusal.&lt;Kind&gt;" and
/// "Term.&lt;Term&gt;". Worded by <see cref="Components.Shared.RefusalText"/>.</summary>
public sealed class RefusalsResource;
