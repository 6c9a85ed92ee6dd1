namespace Collab.Web.Components.Pages.Meetings;

/// <summary>Registration of the meetings feature (pages, big screen, kiosk, minutes endpoint).</summary>
public static class MeetingsServiceCollectionExtensions
{
    public static IServiceCollection AddMeetings(this IServiceCollection services)
    {
        services.AddTransient<AgendaText>();
        services.AddSingleton<MeetingService>();
        return services;
    }
}
