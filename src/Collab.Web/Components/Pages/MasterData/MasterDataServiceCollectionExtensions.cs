namespace Collab.Web.Components.Pages.MasterData;

public static class MasterDataServiceCollectionExtensions
{
    /// <summary>Master-data pages ("Données techniques"): their service and the problem wording shared with the import.</summary>
    public static IServiceCollection AddMasterData(this IServiceCollection services)
    {
        services.AddScoped<MasterDataProblemText>();
        services.AddSingleton<MasterDataService>();
        return services;
    }
}
