using Collab.Web.Services;

namespace Collab.Web.Components.Pages.ImprovementProjects;

public static class ProjectEndpoints
{
    /// <summary>GET /improvement-projects/{number}/a3.pdf — the A3 sheet in the reader's language (signed-in users, by the fallback policy).</summary>
    public static IEndpointRouteBuilder MapProjectEndpoints(this IEndpointRouteBuilder app)
    {
        // In the reader's language (the request culture set by the language switch), French by default.
        app.MapGet("/improvement-projects/{number}/a3.pdf", async (string number, IProjectService projects) =>
            await projects.RenderA3Async(number, System.Globalization.CultureInfo.CurrentUICulture) is { } pdf
                ? Results.File(pdf, "application/pdf", $"A3-{(await projects.GetAsync(number))?.Reference ?? number}.pdf")
                : Results.NotFound());
        return app;
    }
}
