namespace Collab.Web.Tests.Infrastructure;

/// <summary>Tests against the one shared running host (HTTP and browser).</summary>
[CollectionDefinition(Name)]
public sealed class WebHostCollection : ICollectionFixture<WebHostFixture>
{
    public const string Name = "web host";
}

public sealed class WebHostFixture : IDisposable
{
    public CollabWebFactory Factory { get; } = new();

    public WebHostFixture() => Factory.Start();

    public Uri BaseAddress => Factory.BaseAddress;

    public SignedInClient Anonymous() => new(BaseAddress);

    public async Task<SignedInClient> SignInAsync(string userName, string password = "Demo#2026")
    {
        var client = new SignedInClient(BaseAddress);
        var response = await client.SignInAsync(userName, password);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Redirect && response.Headers.Location?.OriginalString == "/",
            $"sign-in of {userName} failed: {(int)response.StatusCode} {response.Headers.Location}");
        return client;
    }

    public void Dispose() => Factory.Dispose();
}
