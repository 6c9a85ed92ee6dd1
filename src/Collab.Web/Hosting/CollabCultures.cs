using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Collab.Web.Hosting;

/// <summary>Cultures offered by the language switch. French first.</summary>
public static class CollabCultures
{
    public const string French = "fr-FR";
    public const string EnglishUk = "en-GB";
    public const string EnglishUs = "en-US";

    public static readonly IReadOnlyList<string> Supported = [French, EnglishUk, EnglishUs];

    /// <summary>Returns the supported culture name, or null when <paramref name="culture"/> is not offered.</summary>
    public static string? Normalize(string? culture) =>
        Supported.FirstOrDefault(c => string.Equals(c, culture, StringComparison.OrdinalIgnoreCase));

    public static bool IsFrench(CultureInfo culture) => culture.TwoLetterISOLanguageName == "fr";

    public static string CookieValue(string culture) =>
        CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture));

    public static void AppendCookie(HttpResponse response, string culture) =>
        response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieValue(culture),
            new CookieOptions
            {
                Expires = DateTimeOffset.UtcNow.AddYears(1),
                IsEssential = true,
                HttpOnly = false,
                SameSite = SameSiteMode.Lax,
                Path = "/",
            });
}
