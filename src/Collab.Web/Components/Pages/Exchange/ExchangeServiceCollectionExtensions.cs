using Collab.Web.Hosting;
using Collab.Web.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Scalar.AspNetCore;

namespace Collab.Web.Components.Pages.Exchange;

public static class ExchangeServiceCollectionExtensions
{
    /// <summary>Scheme chosen per request: a bearer API key, or the Identity cookie of the browser.</summary>
    public const string SmartScheme = "CollabCookieOrKey";

    /// <summary>Import/export, the REST API v1 with its OpenAPI document, API keys (authentication scheme and store).</summary>
    public static IServiceCollection AddExchange(this IServiceCollection services)
    {
        services.AddOptions<ExchangeOptions>().BindConfiguration("Collab:Exchange");
        services.AddDbContext<ExchangeDbContext>((sp, o) => IdentityStorage.Configure(o, sp.GetRequiredService<CollabStorageSettings>()));
        services.AddHostedService<ExchangeStoreInitializer>();
        services.AddSingleton<ApiKeyService>();
        services.AddSingleton<ExchangeService>();
        services.AddScoped<ExportService>();
        services.AddScoped<ImportProblemText>();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyService.Scheme, null)
            .AddPolicyScheme(SmartScheme, SmartScheme, o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiKeyService.Scheme
                    : IdentityConstants.ApplicationScheme);
        services.PostConfigure<AuthenticationOptions>(o =>
        {
            o.DefaultScheme = SmartScheme;
            o.DefaultAuthenticateScheme = SmartScheme;
            o.DefaultChallengeScheme = SmartScheme;
            o.DefaultForbidScheme = SmartScheme;
        });
        services.AddOpenApi("v1", o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/v1", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Collab API";
                document.Info.Description = "Master data, orders, plan outputs and imports of one site. Authorization: Bearer <API key> (Administration → Clés d'API).";
                return Task.CompletedTask;
            });
        });
        return services;
    }

    /// <summary>Maps the API, the file downloads, the OpenAPI document (/openapi/v1.json) and its reference page (/api/reference).</summary>
    public static WebApplication MapExchangeEndpoints(this WebApplication app)
    {
        app.MapExchange();
        app.MapOpenApi();
        app.MapScalarApiReference("/api/reference", o => o.WithTitle("Collab API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        return app;
    }
}
