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
            SignInThrottle throttle,
            HttpContext http) =>
        {
            var target = LocalUrl(returnUrl);
            if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
            {
                return Results.LocalRedirect(SignInUrl("missing", target, userName));
            }

            // No account has such a name: refuse without echoing it (a 1 MB name would become a 1 MB header).
            if (userName.Length > MaxUserNameLength || password.Length > MaxPasswordLength || ContainsControlCharacter(userName))
            {
                return Results.LocalRedirect(SignInUrl("invalid", target, null));
            }

            // Progressive delay per client IP after repeated failures (the rate limiter caps the attempts).
            var client = CollabSecurityHosting.ClientKey(http);
            if (throttle.DelayFor(client) is { Ticks: > 0 } delay)
            {
                await Task.Delay(delay, http.RequestAborted);
            }

            var name = userName.Trim();
            var result = CollabSecurityHosting.IsLoopbackCaller(http)
                ? await LoopbackSignInAsync(signIn, name, password)
                : await signIn.PasswordSignInAsync(name, password, isPersistent: false, lockoutOnFailure: true); // 5 failures lock the account for 15 minutes
            if (!result.Succeeded)
            {
                throttle.Failed(client);
                // Same message for unknown user, wrong password and locked account: no hint.
                return Results.LocalRedirect(SignInUrl("invalid", target, name));
            }

            throttle.Succeeded(client);
            var user = await signIn.UserManager.FindByNameAsync(name);
            if (CollabCultures.Normalize(user?.PreferredCulture) is { } culture)
            {
                CollabCultures.AppendCookie(http.Response, culture);
            }

            return Results.LocalRedirect(target);
        }).AllowAnonymous().RequireRateLimiting(CollabSecurityHosting.SignInPolicy);

        account.MapPost("/password", async ( // form of the change-password page
            [FromForm] string? currentPassword,
            [FromForm] string? newPassword,
            [FromForm] string? confirmPassword,
            SignInManager<CollabUser> signIn,
            HttpContext http) =>
        {
            var user = await signIn.UserManager.GetUserAsync(http.User);
            if (user is null)
            {
                return Results.LocalRedirect(CollabWebHosting.SignInPath);
            }

            if (string.IsNullOrEmpty(currentPassword) || string.IsNullOrEmpty(newPassword) || newPassword.Length > MaxPasswordLength)
            {
                return Results.LocalRedirect(ChangePasswordUrl("missing"));
            }

            if (newPassword != confirmPassword)
            {
                return Results.LocalRedirect(ChangePasswordUrl("mismatch"));
            }

            if (newPassword == currentPassword || newPassword == IdentityInitializer.DemoPassword)
            {
                return Results.LocalRedirect(ChangePasswordUrl("same"));
            }

            var changed = await signIn.UserManager.ChangePasswordAsync(user, currentPassword, newPassword);
            if (!changed.Succeeded)
            {
                var code = changed.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)) ? "current" : "weak";
                var detail = code == "weak" ? string.Join(" ", changed.Errors.Select(e => e.Description)) : null;
                return Results.LocalRedirect(ChangePasswordUrl(code, detail));
            }

            foreach (var claim in (await signIn.UserManager.GetClaimsAsync(user)).Where(c => c.Type == IdentityInitializer.MustChangePasswordClaim).ToList())
            {
                await signIn.UserManager.RemoveClaimAsync(user, claim);
            }

            await signIn.RefreshSignInAsync(user);
            return Results.LocalRedirect("/?password=changed");
        }).RequireAuthorization();

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

    /// <summary>Longest user name a sign-in accepts (Identity's column holds 256).</summary>
    public const int MaxUserNameLength = 256;

    /// <summary>Longest password a sign-in or change accepts.</summary>
    public const int MaxPasswordLength = 512;

    /// <summary>The loopback recovery path (docs/security.md): on the server itself a locked-out account
    /// (e.g. <c>admin</c> locked by someone guessing from the network) still signs in with its password, and
    /// failures from loopback do not count towards the lockout. Rate limit and delay still apply.</summary>
    private static async Task<Microsoft.AspNetCore.Identity.SignInResult> LoopbackSignInAsync(SignInManager<CollabUser> signIn, string userName, string password)
    {
        var user = await signIn.UserManager.FindByNameAsync(userName);
        if (user is null || !await signIn.UserManager.CheckPasswordAsync(user, password))
        {
            return Microsoft.AspNetCore.Identity.SignInResult.Failed;
        }

        await signIn.UserManager.ResetAccessFailedCountAsync(user);
        await signIn.SignInAsync(user, isPersistent: false);
        return Microsoft.AspNetCore.Identity.SignInResult.Success;
    }

    private static bool ContainsControlCharacter(string value) => value.Any(char.IsControl);

    private static string ChangePasswordUrl(string error, string? detail = null) =>
        $"{CollabSecurityHosting.ChangePasswordPath}?error={error}" + (detail is null ? string.Empty : $"&detail={Uri.EscapeDataString(detail.Length > 300 ? detail[..300] : detail)}");

    private static string SignInUrl(string error, string returnUrl, string? userName) =>
        $"{CollabWebHosting.SignInPath}?error={error}&returnUrl={Uri.EscapeDataString(returnUrl)}&userName={Uri.EscapeDataString(userName ?? string.Empty)}";

    /// <summary>Only local paths are followed (no open redirect).</summary>
    internal static string LocalUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";
}
