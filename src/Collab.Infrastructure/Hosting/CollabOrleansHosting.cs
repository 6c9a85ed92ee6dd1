using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Collab.Infrastructure.Hosting;

/// <summary>
/// Configures the co-hosted Orleans silo from configuration (<c>Collab:Mode</c> =
/// <c>Embedded</c> | <c>Cluster</c>). TEMPORARY skeleton: in-memory storage and localhost
/// clustering until the storage work lands.
/// </summary>
public static class CollabOrleansHosting
{
    public static IHostApplicationBuilder AddCollabOrleans(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering();
            silo.AddMemoryGrainStorageAsDefault();
        });
        return builder;
    }
}
