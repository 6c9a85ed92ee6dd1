using Collab.Web.Hosting;
using Collab.Web.Identity;
using Collab.Web.Services;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Collab.Web.Endpoints;

/// <summary>Self-service account endpoints (form posts with antiforgery): sign in, sign out,
/// language. They change only the caller's own session or preference, so they carry no role
/// policy; every other mutating endpoint does.</summary>
public static class AccountEndpoints
{
    /// <summary>Endpoint metadata marking the self-service endpoints (tests enumerate the others).</summary>
    public sealed class SelfServiceEndpoint;

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/account").WithMetadata(new SelfServiceEndpoint());

        account.MapPost("/login", async (
            [FromForm] string? userName,
            [FromForm] string? password,
            [FromForm] string? returnUrl,
            SignInManager<CollabUser> signIn,
            HttpContext http) =>
        {
            var target = LocalUrl(returnUrl);
            if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
            {
                return Results.LocalRedirect(SignInUrl("missing", target, userName));
            }

            // lockoutOnFailure: 5 failed attempts lock the account for 15 minutes.
            var result = await signIn.PasswordSignInAsync(userName.Trim(), password, isPersistent: false, lockoutOnFailure: true);
            if (!result.Succeeded)
            {
                // Same message for unknown user, wrong password and locked account: no hint.
                return Results.LocalRedirect(SignInUrl("invalid", target, userName));
            }

            var user = await signIn.UserManager.FindByNameAsync(userName.Trim());
            if (CollabCultures.Normalize(user?.PreferredCulture) is { } culture)
            {
                CollabCultures.AppendCookie(http.Response, culture);
            }

            return Results.LocalRedirect(target);
        }).AllowAnonymous();

        account.MapPost("/logout", async (SignInManager<CollabUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect(CollabWebHosting.SignInPath);
        }).RequireAntiforgery();

        account.MapPost("/language", async (
            [FromForm] string? culture,
            [FromForm] string? returnUrl,
            UserPreferenceService preferences,
            HttpContext http) =>
        {
            if (CollabCultures.Normalize(culture) is not { } supported)
            {
                return Results.BadRequest($"Unsupported language / langue non prise en charge: {culture}");
            }

            CollabCultures.AppendCookie(http.Response, supported);
            if (http.User.Identity is { IsAuthenticated: true, Name: { } name })
            {
                await preferences.SetCultureAsync(name, supported);
            }

            return Results.LocalRedirect(LocalUrl(returnUrl));
        }).AllowAnonymous();

        return endpoints;
    }

    private static string SignInUrl(string error, string returnUrl, string? userName) =>
        $"{CollabWebHosting.SignInPath}?error={error}&returnUrl={Uri.EscapeDataString(returnUrl)}&userName={Uri.EscapeDataString(userName ?? string.Empty)}";

    /// <summary>Only local paths are followed (no open redirect).</summary>
    internal static string LocalUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";
}
