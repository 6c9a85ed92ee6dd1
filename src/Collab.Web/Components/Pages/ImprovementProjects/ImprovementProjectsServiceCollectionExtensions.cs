using Collab.Web.Services;

namespace Collab.Web.Components.Pages.ImprovementProjects;

/// <summary>Registration of the improvement-projects feature (portfolio, project page, A3 endpoint).</summary>
public static class ImprovementProjectsServiceCollectionExtensions
{
    public static IServiceCollection AddImprovementProjects(this IServiceCollection services)
    {
        services.AddSingleton<IProjectService, ProjectService>();
        return services;
    }
}
