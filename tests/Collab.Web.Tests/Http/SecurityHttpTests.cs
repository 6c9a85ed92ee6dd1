using System.Net;
using System.Text;
using System.Text.Json;
using Collab.Web.Endpoints;
using Collab.Web.Hosting;
using Collab.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Collab.Web.Tests.Http;

/// <summary>Headers, bad input at the door, problem details and the per-IP sign-in delay (docs/security.md).</summary>
[Collection(WebHostCollection.Name)]
public sealed class SecurityHttpTests(WebHostFixture host)
{
    [Theory]
    [InlineData("account/signin")]
    [InlineData("")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        using var client = path.Length == 0 ? await host.SignInAsync("lecteur") : host.Anonymous();
        var response = await client.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.False(response.Headers.Contains("Strict-Transport-Security")); // plain HTTP: no HSTS
    }

    [Fact]
    public async Task A_huge_or_control_character_user_name_is_refused_without_being_echoed()
    {
        using var client = host.Anonymous();
        var huge = new string('a', 1024 * 1024);
        var response = await client.SignInAsync(huge, "whatever");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.True(location.Length < 300, $"Location of {location.Length} characters");
        Assert.StartsWith("/account/signin?error=invalid", location, StringComparison.Ordinal);

        var control = await client.SignInAsync("admin\u0007\u001b[2J", "Demo#2026");
        Assert.DoesNotContain("%07", control.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Null(client.CookieValue("Collab.Auth"));
    }

    [Fact]
    public async Task Unreadable_api_bodies_get_a_problem_with_the_reason()
    {
        using var admin = await host.SignInAsync("admin");
        var token = await admin.AntiforgeryTokenAsync();

        var invalidJson = await SendAsync(admin, token, "{\"name\": \"Usine\", ");
        await AssertProblemAsync(invalidJson, HttpStatusCode.BadRequest, "JSON");

        var wrongType = await SendAsync(admin, token, "{\"name\": 42, \"expectedVersion\": \"douze\"}");
        await AssertProblemAsync(wrongType, HttpStatusCode.BadRequest, "RenameSiteRequest");

        var control = await SendAsync(admin, token, "{\"name\": \"Usine\\u0000Lyon\", \"expectedVersion\": 1}");
        await AssertProblemAsync(control, HttpStatusCode.BadRequest, "caractère de contrôle");

        var longName = await SendAsync(admin, token, JsonSerializer.Serialize(new { name = new string('x', 5000), expectedVersion = 1 }));
        await AssertProblemAsync(longName, HttpStatusCode.BadRequest, "200 caractères au plus");
    }

    [Fact]
    public async Task The_favicon_is_served()
    {
        using var client = host.Anonymous();
        var ico = await client.Http.GetAsync("favicon.ico");
        Assert.Equal(HttpStatusCode.OK, ico.StatusCode);
        var page = await client.GetDocumentAsync("account/signin");
        Assert.NotNull(page.QuerySelector("link[rel=icon]"));
    }

    [Fact]
    public void Input_guard_allows_line_breaks_in_text_but_nothing_in_names()
    {
        Assert.Null(InputGuardFilter.Problem("comment", "ligne 1\r\nligne 2\tfin", 0));
        Assert.NotNull(InputGuardFilter.Problem("comment", "bip\u0007", 0));
        Assert.NotNull(InputGuardFilter.Problem("DisplayName", "Anne\nAnimatrice", 0));
        Assert.NotNull(InputGuardFilter.Problem("body", new RenameSiteRequest("Usine\u001b", 1), 0));
        Assert.NotNull(InputGuardFilter.Problem("body", new SetRolesRequest(["Admin", "Lecteur\u0000"]), 0));
        Assert.Null(InputGuardFilter.Problem("body", new RenameSiteRequest("Usine de Lyon", 1), 0));
    }

    [Fact]
    public async Task A_failed_non_get_request_of_a_person_is_re_run_as_get_on_the_error_page()
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var handler = ActivatorUtilities.CreateInstance(services, typeof(CollabSecurityHosting).Assembly.GetType("Collab.Web.Hosting.CollabExceptionHandler")!);
        var tryHandle = handler.GetType().GetMethod("TryHandleAsync")!;
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = HttpMethods.Put;
        context.Request.Path = "/Error";
        var handled = await (ValueTask<bool>)tryHandle.Invoke(handler, [context, new InvalidOperationException("boom"), CancellationToken.None])!;
        Assert.False(handled); // the /Error page renders it…
        Assert.Equal(HttpMethods.Get, context.Request.Method); // …as a GET, not as a PUT nobody answers
    }

    [Fact]
    public void Failed_sign_ins_from_one_address_are_delayed_progressively_and_forgotten_later()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-02T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var throttle = new SignInThrottle(clock, new ConfigurationBuilder().Build());
        for (var i = 0; i < 3; i++)
        {
            throttle.Failed("198.51.100.1");
        }

        Assert.Equal(TimeSpan.Zero, throttle.DelayFor("198.51.100.1"));
        throttle.Failed("198.51.100.1");
        Assert.Equal(TimeSpan.FromMilliseconds(500), throttle.DelayFor("198.51.100.1"));
        throttle.Failed("198.51.100.1");
        Assert.Equal(TimeSpan.FromSeconds(1), throttle.DelayFor("198.51.100.1"));
        for (var i = 0; i < 20; i++)
        {
            throttle.Failed("198.51.100.1");
        }

        Assert.Equal(TimeSpan.FromSeconds(8), throttle.DelayFor("198.51.100.1"));
        Assert.Equal(TimeSpan.Zero, throttle.DelayFor("198.51.100.2")); // other addresses are not slowed
        clock.Advance(SignInThrottle.Memory + TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.Zero, throttle.DelayFor("198.51.100.1"));
    }

    private static async Task<HttpResponseMessage> SendAsync(SignedInClient client, string token, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "api/site/name") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("RequestVerificationToken", token);
        return await client.Http.SendAsync(request);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string reason)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        Assert.Equal((int)status, json.RootElement.GetProperty("status").GetInt32());
        Assert.Contains(reason, json.RootElement.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }
}
