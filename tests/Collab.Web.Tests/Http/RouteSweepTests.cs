using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Collab.Web.Identity;
using Collab.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Collab.Web.Tests.Http;

/// <summary>
/// Issue #16 "Done when": every route of the app (pages, endpoints, API), read from the endpoint data source,
/// against the role table of Identity/Roles.cs (<see cref="RouteAccess.Rules"/>), for an anonymous visitor, a
/// reader and each role. A new route without a rule fails <see cref="Every_route_has_a_rule_in_the_role_table"/>
/// with the line to add.
/// </summary>
[Collection(WebHostCollection.Name)]
public sealed partial class RouteSweepTests(WebHostFixture host)
{
    /// <summary>Who the sweep plays: null = anonymous, else a demo user holding exactly that role.</summary>
    private static readonly (string? User, string? Role)[] Identities =
    [
        (null, null),
        ("lecteur", Roles.Reader),
        ("admin", Roles.Admin),
        ("planificateur", Roles.Planner),
        ("acheteur", Roles.Buyer),
        ("animateur", Roles.Facilitator),
        ("chef.projet", Roles.ProjectLead),
    ];

    private sealed record Route(RouteEndpoint Endpoint, string Pattern, string Method);

    private List<Route> Routes()
    {
        var sources = host.Factory.Services.GetRequiredService<IEnumerable<EndpointDataSource>>();
        return [.. sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => !IsStaticFile(e))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? methods : ["GET"])
                .Where(m => m is not ("HEAD" or "OPTIONS"))
                .Select(m => new Route(e, (e.RoutePattern.RawText ?? "").Trim('/'), m)))
            .DistinctBy(r => (r.Pattern, r.Method))
            .OrderBy(r => r.Pattern, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)];
    }

    /// <summary>Files of wwwroot and packages (MapStaticAssets): public by design, one endpoint per file.</summary>
    private static bool IsStaticFile(RouteEndpoint e) =>
        e.Metadata.Any(m => m.GetType().FullName is "Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor");

    [Fact]
    public void Every_route_has_a_rule_in_the_role_table()
    {
        var routes = Routes();
        Assert.True(routes.Count >= 40, $"expected every page and endpoint, found {routes.Count}");
        var missing = routes.Where(r => RouteAccess.Find(r.Pattern, r.Method) is null)
            .Select(r => $"  {r.Method} /{r.Pattern}  ({r.Endpoint.DisplayName}) → add to RouteAccess.Rules in src/Collab.Web/Identity/Roles.cs: new(\"{r.Pattern}\", <Anonymous | SignedIn | a policy>, \"{r.Method}\"),")
            .ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} route(s) without a rule in the role table:{Environment.NewLine}{string.Join(Environment.NewLine, missing)}");

        // Every rule names a known access and still matches a route (no stale lines).
        foreach (var rule in RouteAccess.Rules)
        {
            _ = RouteAccess.RolesOf(rule.Access);
        }

        var unused = RouteAccess.Rules.Where(rule => !routes.Any(r => RouteAccess.Find(r.Pattern, r.Method) == rule)).Select(rule => rule.Pattern).ToList();
        Assert.True(unused.Count == 0, "rules matching no route (remove them): " + string.Join(", ", unused));
    }

    /// <summary>
    /// The endpoint's own authorization metadata, evaluated for every identity, agrees with the table
    /// (covers the mutating routes, which the HTTP part does not execute when allowed).
    /// </summary>
    [Fact]
    public async Task Every_routes_authorization_metadata_matches_the_role_table()
    {
        var provider = host.Factory.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        var authorization = host.Factory.Services.GetRequiredService<IAuthorizationService>();
        var failures = new List<string>();
        foreach (var route in Routes())
        {
            if (RouteAccess.Find(route.Pattern, route.Method) is not { } rule || rule.Access == RouteAccess.ApiKey)
            {
                continue; // no rule: reported by Every_route_has_a_rule_in_the_role_table; API keys: ApiSweepTests
            }

            var anonymousAllowed = route.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policy = anonymousAllowed ? null
                : await AuthorizationPolicy.CombineAsync(provider, route.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(), route.Endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>())
                  ?? await provider.GetFallbackPolicyAsync();
            foreach (var (_, role) in Identities)
            {
                var principal = role is null ? new ClaimsPrincipal(new ClaimsIdentity())
                    : new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "sweep"), new Claim(ClaimTypes.Role, role)], "sweep"));
                var allowed = policy is null || (await authorization.AuthorizeAsync(principal, policy)).Succeeded;
                if (allowed != Expected(rule, role))
                {
                    failures.Add($"{route.Method} /{route.Pattern} for {role ?? "anonymous"}: metadata {(allowed ? "allows" : "refuses")}, table says {rule.Access}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>
    /// Real requests over HTTP: every GET route as every identity, and every mutating route as every identity the
    /// table refuses (with a valid antiforgery token, so only authorization can refuse). Allowed mutating calls are
    /// not sent (they would change data or end the session); the metadata test covers them.
    /// </summary>
    [Fact]
    public async Task Every_route_answers_each_identity_as_the_role_table_says()
    {
        // Route parameters get a sample value: authorization does not depend on it (detail pages show "not found").
        var concrete = Routes().Select(r => r.Pattern).Distinct().ToDictionary(p => p, p => Placeholder().Replace(p, m => m.Value.Contains(":file", StringComparison.Ordinal) ? "absent.txt" : "SAMPLE-1"));
        var failures = new List<string>();
        foreach (var (user, role) in Identities)
        {
            using var client = user is null ? host.Anonymous() : await host.SignInAsync(user);
            var token = await client.AntiforgeryTokenAsync(user is null ? "account/signin" : "");
            foreach (var route in Routes())
            {
                if (RouteAccess.Find(route.Pattern, route.Method) is not { } rule || rule.Access == RouteAccess.ApiKey || route.Pattern.StartsWith("_blazor", StringComparison.Ordinal))
                {
                    continue; // no rule: reported elsewhere; the Blazor hub speaks WebSocket/SignalR, covered by the metadata test
                }

                var expected = Expected(rule, role);
                if (route.Method != "GET" && expected)
                {
                    continue;
                }

                using var request = new HttpRequestMessage(new HttpMethod(route.Method), concrete[route.Pattern]);
                if (route.Method != "GET")
                {
                    request.Content = JsonContent.Create(new { name = "x", expectedVersion = 0, roles = new[] { "Admin" }, newPassword = "Pirate#2026", userName = "pirate", password = "Pirate#2026" });
                    request.Headers.Add("RequestVerificationToken", token);
                }

                using var response = await client.Http.SendAsync(request);
                var refused = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                    || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location is { } location
                        && (location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0]) is "/account/signin" or "/account/access-denied");
                if (refused == expected)
                {
                    failures.Add($"{route.Method} /{concrete[route.Pattern]} as {user ?? "anonymous"}: {(int)response.StatusCode} {response.Headers.Location}, table says {rule.Access}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static bool Expected(RouteRule rule, string? role) =>
        role is null ? rule.Access == RouteAccess.Anonymous : RouteAccess.RolesOf(rule.Access).Contains(role);

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Placeholder();
}
