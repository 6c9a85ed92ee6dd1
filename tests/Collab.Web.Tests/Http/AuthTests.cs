using Collab.Contracts.Workstations;
using Collab.Contracts.Orders;
using Collab.Contracts.Common;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Collab.Web.Endpoints;
using Collab.Web.Identity;
using Collab.Web.Services;
using Collab.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Collab.Web.Tests.Http;

[Collection(WebHostCollection.Name)]
public sealed class AuthTests(WebHostFixture host)
{
    private const string WrongPasswordMessage = "Identifiant ou mot de passe incorrect.";

    [Fact]
    public void Every_section_page_is_discovered()
    {
        var routes = PageRoutes.All.Select(p => p.Route).ToHashSet();
        foreach (var expected in new[] { "", "meetings", "plan/sop", "plan/mrp", "plan/load", "manufacturing-orders", "purchasing",
                     "customer-orders", "workstations", "stocks", "improvement-projects", "actions", "admin", "account/signin" })
        {
            Assert.Contains(expected, routes);
        }

        // Only the sign-in and error pages, and the wall-screen kiosk (token checked by the page), are open to anonymous visitors.
        Assert.Equal(["Error", "account/signin", "ecran/{Token}"], PageRoutes.All.Where(p => p.Anonymous).Select(p => p.Route).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(PageRoutes.Protected), MemberType = typeof(PageRoutes))]
    public async Task Anonymous_visitor_is_sent_to_sign_in(string route)
    {
        using var client = host.Anonymous();
        var response = await client.Http.GetAsync(route);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/signin", response.Headers.Location!.AbsolutePath);
        Assert.Contains("ReturnUrl=" + Uri.EscapeDataString("/" + route), response.Headers.Location.Query, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("api/site")]
    [InlineData("api/admin/users")]
    public async Task Anonymous_api_call_gets_401_not_a_redirect(string path)
    {
        using var client = host.Anonymous();
        var response = await client.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("account/signin")]
    [InlineData("app.css")]
    [InlineData("_framework/blazor.web.js")]
    [InlineData("_content/Radzen.Blazor/Radzen.Blazor.js")]
    [InlineData("_content/Radzen.Blazor/css/material-base.css")]
    [InlineData("health/live")]
    public async Task Sign_in_page_static_assets_and_health_are_anonymous(string path)
    {
        using var client = host.Anonymous();
        var response = await client.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Sign_in_page_is_french_by_default_even_for_an_english_browser()
    {
        using var client = host.Anonymous();
        client.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US,en;q=0.9");
        var document = await client.GetDocumentAsync("account/signin");
        Assert.Equal("fr", document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Connexion", document.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("Se connecter", document.QuerySelector("[data-testid=signin-submit]")!.TextContent.Trim());
    }

    [Fact]
    public async Task Wrong_password_and_unknown_user_get_the_same_french_message()
    {
        var wrongPassword = await FailedSignInMessageAsync("lecteur", "mauvais-mot-de-passe");
        var unknownUser = await FailedSignInMessageAsync("personne.inconnue", "mauvais-mot-de-passe");
        Assert.StartsWith(WrongPasswordMessage, wrongPassword, StringComparison.Ordinal);
        Assert.Equal(wrongPassword, unknownUser);
    }

    [Fact]
    public async Task Five_failed_attempts_lock_the_account_and_four_do_not()
    {
        await CreateUserAsync("verrou.cinq", "Correct#2026", Roles.Reader);
        await CreateUserAsync("verrou.quatre", "Correct#2026", Roles.Reader);
        // From the network (not loopback: see Loopback_sign_in_recovers_a_locked_account).
        using var client = host.Anonymous().From("203.0.113.4");

        for (var i = 0; i < 4; i++)
        {
            await AssertSignInFailsAsync(client, "verrou.quatre", "faux");
        }

        var afterFour = await client.SignInAsync("verrou.quatre", "Correct#2026");
        Assert.Equal("/", afterFour.Headers.Location?.OriginalString);

        using var other = host.Anonymous().From("203.0.113.5");
        for (var i = 0; i < 5; i++)
        {
            await AssertSignInFailsAsync(other, "verrou.cinq", "faux");
        }

        // Locked: even the right password is refused, with the same message (no hint).
        var message = await FailedSignInMessageAsync("verrou.cinq", "Correct#2026", "203.0.113.6");
        Assert.StartsWith(WrongPasswordMessage, message, StringComparison.Ordinal);
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CollabUser>>();
        var locked = await users.FindByNameAsync("verrou.cinq");
        Assert.True(await users.IsLockedOutAsync(locked!));
        Assert.True(locked!.LockoutEnd > DateTimeOffset.UtcNow.AddMinutes(14));
    }

    [Fact]
    public async Task Reader_is_refused_on_the_administration_page_and_api()
    {
        using var reader = await host.SignInAsync("lecteur");
        var page = await reader.Http.GetAsync("admin");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/account/access-denied", page.Headers.Location!.AbsolutePath);

        var api = await reader.Http.GetAsync("api/admin/users");
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);

        var dashboard = await reader.GetDocumentAsync("");
        Assert.DoesNotContain(dashboard.QuerySelectorAll("[data-testid=navigation] a"), a => a.GetAttribute("href") == "admin");
    }

    /// <summary>An unknown address gives a signed-in person the "not found" page (it was an empty 404: the browser's own
    /// error page, never interactive); API callers still get the bare status code.</summary>
    [Fact]
    public async Task Signed_in_person_gets_the_not_found_page_for_an_unknown_address()
    {
        using var reader = await host.SignInAsync("lecteur");
        var page = await reader.Http.GetAsync("dashboard");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("data-testid=\"not-found\"", html, StringComparison.Ordinal); // in the reader's language, whichever another test chose
        Assert.Contains("data-testid=\"sign-out\"", html, StringComparison.Ordinal); // in the application's layout

        var api = await reader.Http.GetAsync("api/no-such-resource");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Empty(await api.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Administrator_sees_the_administration_page_with_users()
    {
        using var admin = await host.SignInAsync("admin");
        var document = await admin.GetDocumentAsync("admin");
        Assert.Equal("Administration", document.QuerySelector("h1")!.TextContent.Trim());
        var html = document.DocumentElement.OuterHtml;
        foreach (var (userName, _, _) in IdentityInitializer.DemoUsers)
        {
            Assert.Contains(userName, html, StringComparison.Ordinal);
        }
    }

    /// <summary>Every mutating endpoint (any non-GET route outside the self-service account
    /// endpoints and Blazor's own) carries a role policy, and refuses a Lecteur with 403 even with
    /// a valid antiforgery token.</summary>
    [Fact]
    public async Task Reader_is_refused_on_every_mutating_endpoint()
    {
        var mutating = MutatingEndpoints();
        Assert.True(mutating.Count >= 5, $"expected the admin and site endpoints, found {mutating.Count}");

        var rolePolicies = Policies.RolesByPolicy.Keys.ToHashSet();
        foreach (var (endpoint, _, _) in mutating)
        {
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            Assert.True(policies.Any(p => p is not null && rolePolicies.Contains(p)), $"{endpoint.DisplayName} has no role policy");
            Assert.All(policies.Where(p => p is not null && rolePolicies.Contains(p)),
                p => Assert.DoesNotContain(Roles.Reader, Policies.RolesByPolicy[p!]));
        }

        using var reader = await host.SignInAsync("lecteur");
        var token = await reader.AntiforgeryTokenAsync();
        foreach (var (_, method, path) in mutating)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path)
            {
                Content = JsonContent.Create(new { name = "x", expectedVersion = 0, roles = new[] { "Admin" }, newPassword = "Pirate#2026", userName = "pirate", password = "Pirate#2026" }),
            };
            request.Headers.Add("RequestVerificationToken", token);
            var response = await reader.Http.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path} as Lecteur: {(int)response.StatusCode}");
        }

        // Nothing happened: the reader is still only a reader and no user was created.
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CollabUser>>();
        Assert.Null(await users.FindByNameAsync("pirate"));
        Assert.Equal([Roles.Reader], await users.GetRolesAsync((await users.FindByNameAsync("lecteur"))!));
    }

    [Fact]
    public async Task Reader_is_refused_by_the_ui_services_themselves()
    {
        var reader = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "lecteur"), new Claim(ClaimTypes.Role, Roles.Reader)], "test"));
        var sites = host.Factory.Services.GetRequiredService<SiteService>();
        var admin = host.Factory.Services.GetRequiredService<UserAdministrationService>();

        await Assert.ThrowsAsync<ForbiddenActionException>(() => sites.RenameAsync(reader, "Usine pirate", 0));
        await Assert.ThrowsAsync<ForbiddenActionException>(() => admin.ListAsync(reader));
        await Assert.ThrowsAsync<ForbiddenActionException>(() => admin.CreateAsync(reader, new CreateUserRequest("pirate2", null, null, "Pirate#2026", [Roles.Admin])));
        await Assert.ThrowsAsync<ForbiddenActionException>(() => admin.SetRolesAsync(reader, "lecteur", [Roles.Admin]));
        await Assert.ThrowsAsync<ForbiddenActionException>(() => admin.ResetPasswordAsync(reader, "admin", "Pirate#2026"));
        await Assert.ThrowsAsync<ForbiddenActionException>(() => admin.UnlockAsync(reader, "admin"));
    }

    [Fact]
    public async Task Plan_services_refuse_commands_outside_the_users_roles_before_touching_a_grain()
    {
        var plan = host.Factory.Services.GetRequiredService<IPlanService>();
        var orders = host.Factory.Services.GetRequiredService<IOrdersService>();
        var workstations = host.Factory.Services.GetRequiredService<IWorkstationService>();
        var actions = host.Factory.Services.GetRequiredService<IActionsService>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        // Lecteur may change nothing; an unknown name has no role at all.
        foreach (var user in new[] { "lecteur", "inconnu" })
        {
            await Assert.ThrowsAsync<ForbiddenActionException>(() => plan.RecalculateAsync(user));
            await Assert.ThrowsAsync<ForbiddenActionException>(() => plan.ReleasePlannedOrderAsync("PO-X", user));
            await Assert.ThrowsAsync<ForbiddenActionException>(() => orders.DeclareProgressAsync("OF-X", new ProgressDeclaration(10, 1, 0, 0.5, false), user));
            await Assert.ThrowsAsync<ForbiddenActionException>(() => orders.ConfirmPurchaseLineAsync("OA-X", 1, today, 0, user));
            await Assert.ThrowsAsync<ForbiddenActionException>(() => workstations.ReportIncidentAsync("X", "Panne", IncidentSeverity.Minor, user));
            await Assert.ThrowsAsync<ForbiddenActionException>(() => actions.AddAsync(new ObjectRef(ObjectKind.Site, "DEMO"), new NewAction("Pirate", null, user, today, ActionPriority.Low, null), user));
        }

        // A buyer buys but does not plan.
        var denied = await Assert.ThrowsAsync<ForbiddenActionException>(() => plan.RecalculateAsync("acheteur"));
        Assert.Equal(Policies.CanPlan, denied.Policy);
    }

    [Fact]
    public async Task Administrator_creates_a_user_through_the_api_who_can_then_sign_in()
    {
        using var admin = await host.SignInAsync("admin");
        var token = await admin.AntiforgeryTokenAsync();

        var withoutToken = await admin.Http.PostAsJsonAsync("api/admin/users", new CreateUserRequest("sans.jeton", null, null, "Valide#2026", [Roles.Buyer]));
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);

        var weak = await SendAsync(admin, token, HttpMethod.Post, "api/admin/users", new CreateUserRequest("faible", null, null, "court", [Roles.Buyer]));
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Contains("au moins 8 caractères", await weak.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var created = await SendAsync(admin, token, HttpMethod.Post, "api/admin/users", new CreateUserRequest("nouvel.acheteur", "Nouvel Acheteur", null, "Valide#2026", [Roles.Buyer]));
        Assert.Equal(HttpStatusCode.NoContent, created.StatusCode);

        using var buyer = await host.SignInAsync("nouvel.acheteur", "Valide#2026");
        var dashboard = await buyer.GetDocumentAsync("");
        Assert.Contains("Nouvel Acheteur", dashboard.QuerySelector("[data-testid=current-user]")!.TextContent, StringComparison.Ordinal);

        var roles = await SendAsync(admin, token, HttpMethod.Put, "api/admin/users/nouvel.acheteur/roles", new SetRolesRequest([Roles.Buyer, Roles.Planner]));
        Assert.Equal(HttpStatusCode.NoContent, roles.StatusCode);
        var reset = await SendAsync(admin, token, HttpMethod.Post, "api/admin/users/nouvel.acheteur/reset-password", new ResetPasswordRequest("Nouveau#2026"));
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        using var again = await host.SignInAsync("nouvel.acheteur", "Nouveau#2026");

        await using var scope = host.Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CollabUser>>();
        Assert.Equal([Roles.Buyer, Roles.Planner], (await users.GetRolesAsync((await users.FindByNameAsync("nouvel.acheteur"))!)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Administrator_unlocks_a_locked_account()
    {
        await CreateUserAsync("verrou.admin", "Correct#2026", Roles.Reader);
        using (var client = host.Anonymous().From("203.0.113.7"))
        {
            for (var i = 0; i < 5; i++)
            {
                await AssertSignInFailsAsync(client, "verrou.admin", "faux");
            }
        }

        using var admin = await host.SignInAsync("admin");
        var unlocked = await SendAsync(admin, await admin.AntiforgeryTokenAsync(), HttpMethod.Post, "api/admin/users/verrou.admin/unlock", null);
        Assert.Equal(HttpStatusCode.NoContent, unlocked.StatusCode);
        using var user = host.Anonymous().From("203.0.113.7");
        Assert.Equal("/", (await user.SignInAsync("verrou.admin", "Correct#2026")).Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Loopback_sign_in_recovers_a_locked_account_and_network_failures_still_lock()
    {
        await CreateUserAsync("verrou.local", "Correct#2026", Roles.Admin);
        using (var attacker = host.Anonymous().From("198.51.100.9"))
        {
            for (var i = 0; i < 5; i++)
            {
                await AssertSignInFailsAsync(attacker, "verrou.local", "faux");
            }

            // Locked for the network, even with the right password.
            await AssertSignInFailsAsync(attacker, "verrou.local", "Correct#2026");
        }

        // On the server itself (documented recovery path) the right password still signs in…
        using var local = await host.SignInAsync("verrou.local", "Correct#2026");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await local.Http.GetAsync("/")).StatusCode);

        // …and wrong passwords from loopback do not lock anybody.
        await CreateUserAsync("verrou.boucle", "Correct#2026", Roles.Reader);
        using (var localGuess = host.Anonymous())
        {
            for (var i = 0; i < 6; i++)
            {
                await AssertSignInFailsAsync(localGuess, "verrou.boucle", "faux");
            }
        }

        await using var scope = host.Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CollabUser>>();
        Assert.False(await users.IsLockedOutAsync((await users.FindByNameAsync("verrou.boucle"))!));
    }

    [Fact]
    public async Task The_last_administrator_keeps_the_admin_role()
    {
        var actor = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin"), new Claim(ClaimTypes.Role, Roles.Admin)], "test"));
        var admin = host.Factory.Services.GetRequiredService<UserAdministrationService>();
        var result = await admin.SetRolesAsync(actor, "admin", [Roles.Reader]);
        Assert.False(result.Succeeded);
        Assert.Contains(Roles.Admin, (await admin.ListAsync(actor)).Single(u => u.UserName == "admin").Roles);
    }

    [Fact]
    public async Task Sign_out_needs_the_antiforgery_token_and_ends_the_session()
    {
        using var client = await host.SignInAsync("animateur");
        var forged = await client.Http.PostAsync("account/logout", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("")).StatusCode);

        var token = await client.AntiforgeryTokenAsync();
        var signOut = await client.Http.PostAsync("account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal("/account/signin", signOut.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await client.Http.GetAsync("")).StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    public void Return_urls_stay_local(string url) => Assert.Equal("/", AccountEndpoints.LocalUrl(url));

    private List<(RouteEndpoint Endpoint, string Method, string Path)> MutatingEndpoints()
    {
        var sources = host.Factory.Services.GetRequiredService<IEnumerable<EndpointDataSource>>();
        return sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<AccountEndpoints.SelfServiceEndpoint>() is null)
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is null)
            .Where(e => !(e.RoutePattern.RawText ?? string.Empty).TrimStart('/').StartsWith("_blazor", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
                .Where(m => m is not ("GET" or "HEAD" or "OPTIONS"))
                .Select(m => (e, m, Path: (e.RoutePattern.RawText ?? string.Empty).TrimStart('/').Replace("{userName}", "admin", StringComparison.Ordinal))))
            .ToList();
    }

    private static async Task<HttpResponseMessage> SendAsync(SignedInClient client, string token, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, body.GetType()) };
        request.Headers.Add("RequestVerificationToken", token);
        return await client.Http.SendAsync(request);
    }

    private async Task<string> FailedSignInMessageAsync(string userName, string password, string? from = null)
    {
        using var client = from is null ? host.Anonymous() : host.Anonymous().From(from);
        return await AssertSignInFailsAsync(client, userName, password);
    }

    private static async Task<string> AssertSignInFailsAsync(SignedInClient client, string userName, string password)
    {
        var response = await client.SignInAsync(userName, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/signin", response.Headers.Location!.OriginalString.Split('?')[0]);
        var document = await client.GetDocumentAsync(response.Headers.Location.OriginalString.TrimStart('/'));
        var error = document.QuerySelector("[data-testid=signin-error]");
        Assert.NotNull(error);
        Assert.Null(client.CookieValue("Collab.Auth"));
        return error.TextContent.Trim();
    }

    private async Task CreateUserAsync(string userName, string password, string role)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CollabUser>>();
        var user = new CollabUser { UserName = userName };
        Assert.True((await users.CreateAsync(user, password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
    }
}
