using Collab.Web.Components.Pages.People;
using Collab.Web.Components.Pages.Exchange;
using Collab.Web.Components.Pages.Meetings;
using Collab.Web.Components.Pages.ImprovementProjects;

namespace Collab.Web.Services;

public static class ServiceCollectionExtensions
{
    /// <summary>UI façades: pages use these, never IGrainFactory or the Identity stores directly.</summary>
    public static IServiceCollection AddCollabUiServices(this IServiceCollection services)
    {
        services.AddSingleton<SiteService>();
        services.AddSingleton<UserAdministrationService>();
        services.AddSingleton<UserPreferenceService>();
        services.AddSingleton<LiveUpdates>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveUpdates>());
        services.AddPeople();
        services.AddCollabPlanServices();
        services.AddSingleton<ISchedulingService, SchedulingService>();
        services.AddExchange();
        Collab.Web.Components.Pages.MasterData.MasterDataServiceCollectionExtensions.AddMasterData(services);
        services.AddScoped<Collab.Web.Components.Shared.RefusalText>();
        services.AddMeetings();
        services.AddImprovementProjects();
        return services;
    }
}
