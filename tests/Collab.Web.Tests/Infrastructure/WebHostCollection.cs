namespace Collab.Web.Tests.Infrastructure;

/// <summary>Tests against the one shared running host (HTTP and browser).</summary>
[CollectionDefinition(Name)]
public sealed class WebHostCollection : ICollectionFixture<WebHostFixture>
{
    public const string Name = "web host";
}

public sealed class WebHostFixture : IDisposable
{
    private readonly Dictionary<string, string?> previousEnvironment = [];

    public CollabWebFactory Factory { get; }

    /// <summary>The real SMTP server (aiosmtpd on 127.0.0.1) the host's "Collab:Mail" points at.</summary>
    public Collab.Infrastructure.Tests.Servers.SmtpServer Smtp { get; } = new();

    public WebHostFixture()
    {
        Smtp.StartAsync().GetAwaiter().GetResult();
        Factory = new CollabWebFactory();
        Factory.ExtraSettings["Collab:Mail:Host"] = "127.0.0.1";
        Factory.ExtraSettings["Collab:Mail:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Factory.ExtraSettings["Collab:Mail:Security"] = "None";
        Factory.ExtraSettings["Collab:Mail:FromAddress"] = "collab@usine.example";
        Factory.ExtraSettings["Collab:Mail:FromName"] = "Collab – Usine";
        // Hosting code that reads configuration while the builder is being set up (before
        // WebApplicationFactory's settings apply) sees the same values through the environment.
        lock (CollabWebFactory.StartLock)
        {
            foreach (var (key, value) in Factory.Settings)
            {
                var name = key.Replace(":", "__", StringComparison.Ordinal);
                previousEnvironment[name] = Environment.GetEnvironmentVariable(name);
                Environment.SetEnvironmentVariable(name, value);
            }

            Factory.Start();
        }
    }

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

    public void Dispose()
    {
        Factory.Dispose();
        Smtp.DisposeAsync().AsTask().GetAwaiter().GetResult();
        foreach (var (name, value) in previousEnvironment)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
