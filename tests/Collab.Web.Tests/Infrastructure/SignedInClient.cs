using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Collab.Web.Tests.Infrastructure;

/// <summary>A browser-like HTTP client over the real socket: cookies kept, redirects not followed.</summary>
public sealed class SignedInClient : IDisposable
{
    private readonly HttpClientHandler handler;

    public SignedInClient(Uri baseAddress)
    {
        handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true };
        Http = new HttpClient(handler) { BaseAddress = baseAddress };
    }

    public HttpClient Http { get; }

    /// <summary>Presents this client as <paramref name="address"/> (X-Forwarded-For; the test host trusts 127.0.0.1 as proxy).</summary>
    public SignedInClient From(string address)
    {
        Http.DefaultRequestHeaders.Remove("X-Forwarded-For");
        Http.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return this;
    }

    public CookieContainer Cookies => handler.CookieContainer;

    public async Task<HttpResponseMessage> SignInAsync(string userName, string password)
    {
        var token = await AntiforgeryTokenAsync("account/signin");
        return await Http.PostAsync("account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = userName,
            ["password"] = password,
            ["returnUrl"] = "/",
            ["__RequestVerificationToken"] = token,
        }));
    }

    /// <summary>The antiforgery token of a rendered form on <paramref name="path"/> (bound to the current user).</summary>
    public async Task<string> AntiforgeryTokenAsync(string path = "")
    {
        var document = await GetDocumentAsync(path);
        var input = document.QuerySelector("input[name=__RequestVerificationToken]") as IHtmlInputElement;
        Assert.NotNull(input);
        return input.Value;
    }

    public async Task<IHtmlDocument> GetDocumentAsync(string path)
    {
        var response = await Http.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {response.Headers.Location}");
        return await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
    }

    public string? CookieValue(string name) =>
        Cookies.GetCookies(Http.BaseAddress!).FirstOrDefault(c => c.Name == name)?.Value;

    public void Dispose()
    {
        Http.Dispose();
        handler.Dispose();
    }
}
