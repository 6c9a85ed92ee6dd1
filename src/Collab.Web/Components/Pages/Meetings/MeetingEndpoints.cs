namespace Collab.Web.Components.Pages.Meetings;

public static class MeetingEndpoints
{
    /// <summary>GET /reunions/{id}/compte-rendu.pdf: the stored minutes (signed-in users, fallback policy).</summary>
    public static IEndpointRouteBuilder MapMeetingEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/reunions/{id}/compte-rendu.pdf", async (string id, MeetingService meetings) =>
            await meetings.GetMinutesPdfAsync(id) is { } pdf
                ? Results.File(pdf, "application/pdf", $"compte-rendu-{id}.pdf")
                : Results.NotFound())
            .RequireAuthorization();
        return endpoints;
    }
}
