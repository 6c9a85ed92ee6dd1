using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;

namespace Collab.Web.Tests.Http;

/// <summary>Every routable page of Collab.Web, found by reflection (new pages are covered automatically).</summary>
public static class PageRoutes
{
    public static IReadOnlyList<(string Route, Type Page, bool Anonymous, string? Policy)> All { get; } =
        typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (
                Route: r.Template.TrimStart('/'),
                Page: t,
                Anonymous: t.GetCustomAttribute<AllowAnonymousAttribute>() is not null,
                Policy: t.GetCustomAttribute<AuthorizeAttribute>()?.Policy)))
            .OrderBy(x => x.Route, StringComparer.Ordinal)
            .ToList();

    /// <summary>Protected page URLs; route parameters ("{Number}") get a sample value (the redirect does not depend on it).</summary>
    public static IEnumerable<object[]> Protected() =>
        All.Where(p => !p.Anonymous).Select(p => new object[] { System.Text.RegularExpressions.Regex.Replace(p.Route, @"\{[^}]+\}", "SAMPLE-1") });
}
