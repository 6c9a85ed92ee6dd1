using Microsoft.AspNetCore.Antiforgery;

namespace Collab.Web.Endpoints;

/// <summary>Validates the antiforgery token (form field or <c>RequestVerificationToken</c> header)
/// before a mutating endpoint runs. The antiforgery middleware only records its verdict for
/// endpoints that do not bind forms, so the verdict is enforced here.</summary>
public static class AntiforgeryFilter
{
    public static TBuilder RequireAntiforgery<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new RequireAntiforgeryTokenAttribute(true));
        builder.Add(endpoint =>
        {
            var next = endpoint.RequestDelegate!;
            endpoint.RequestDelegate = async context =>
            {
                // The middleware's verdict when it ran; otherwise validate here.
                var valid = context.Features.Get<IAntiforgeryValidationFeature>() is { } verdict
                    ? verdict.IsValid
                    : await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context);
                if (!valid)
                {
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    await context.Response.WriteAsJsonAsync(new { error = "antiforgery token missing or invalid" });
                    return;
                }

                await next(context);
            };
        });
        return builder;
    }
}
