namespace Collab.Web.Resources;

/// <summary>
/// Marker type of the planner's UI strings (plan messages, plan diff, pegging, order and project histories,
/// week labels, improvement projects): PlannerResource.resx (French, neutral) and PlannerResource.en.resx (English).
/// Typed plan messages from the domain are turned into text here, never in the grains.
/// </summary>
public sealed class PlannerResource;
