namespace Collab.Web.Resources;

/// <summary>Marker type of the improvement projects' typed data worded at the edge (history, phases, gate refusals):
/// ProjectsResource.resx (French, neutral) and ProjectsResource.en.resx (English). Worded by
/// <see cref="Components.Pages.ImprovementProjects.ProjectText"/>. The page's older labels ("IP.*") are still in
/// SharedResource; the A3 PDF has its own pair in Collab.Infrastructure (Pdf/A3PdfResource).</summary>
public sealed class ProjectsResource;
