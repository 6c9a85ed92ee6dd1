using System.Security.Claims;
using Collab.Contracts;
using Collab.Web.Identity;
using Collab.Web.Services;

namespace Collab.Web.Endpoints;

public sealed record RenameSiteRequest(string Name, long ExpectedVersion);

public sealed record SetRolesRequest(string[] Roles);

public sealed record ResetPasswordRequest(string NewPassword);

/// <summary>JSON API over the same UI services. Cookie-authenticated, so every mutating call
/// also requires the antiforgery token (header <c>RequestVerificationToken</c>), and each carries
/// its role policy.</summary>
public static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapCollabApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api")
            .AddEndpointFilter<InputGuardFilter>()
            .RequireRateLimiting(Collab.Web.Hosting.CollabSecurityHosting.ApiPolicy);

        api.MapGet("/site", async (SiteService sites) => Results.Ok(await sites.GetAsync()));

        var mutating = api.MapGroup(string.Empty).RequireAntiforgery();

        mutating.MapPut("/site/name", async (RenameSiteRequest body, ClaimsPrincipal user, SiteService sites, Collab.Web.Components.Shared.RefusalText refusals) =>
        {
            try
            {
                return Results.Ok(await sites.RenameAsync(user, body.Name, body.ExpectedVersion));
            }
            catch (VersionConflictException ex)
            {
                return Results.Conflict(new { error = ex.Message });
            }
            catch (CommandRejectedException ex)
            {
                return Results.BadRequest(new { error = refusals.Sentence(ex), code = ex.Kind.ToString() });
            }
        }).RequireAuthorization(Policies.CanAdminister);

        var admin = mutating.MapGroup("/admin/users").RequireAuthorization(Policies.CanAdminister);
        admin.MapPost("/", async (CreateUserRequest body, ClaimsPrincipal user, UserAdministrationService users) =>
            ToResult(await users.CreateAsync(user, body)));
        admin.MapPut("/{userName}/roles", async (string userName, SetRolesRequest body, ClaimsPrincipal user, UserAdministrationService users) =>
            ToResult(await users.SetRolesAsync(user, userName, body.Roles)));
        admin.MapPost("/{userName}/reset-password", async (string userName, ResetPasswordRequest body, ClaimsPrincipal user, UserAdministrationService users) =>
            ToResult(await users.ResetPasswordAsync(user, userName, body.NewPassword)));
        admin.MapPost("/{userName}/unlock", async (string userName, ClaimsPrincipal user, UserAdministrationService users) =>
            ToResult(await users.UnlockAsync(user, userName)));

        api.MapGet("/admin/users", async (ClaimsPrincipal user, UserAdministrationService users) =>
            Results.Ok(await users.ListAsync(user))).RequireAuthorization(Policies.CanAdminister);

        return endpoints;
    }

    private static IResult ToResult(AdminResult result) =>
        result.Succeeded ? Results.NoContent() : Results.BadRequest(new { errors = result.Errors });
}
