using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Collab.Infrastructure.Tests.Support;
using Collab.Web.Tests.Infrastructure;

namespace Collab.Web.Tests.Hosting;

/// <summary>Outside the demo there is no known password: the first start creates one <c>admin</c> with a random
/// password printed once, which must be changed at first sign-in; such a host may listen beyond loopback.</summary>
public sealed partial class FirstAdministratorTests : IDisposable
{
    private readonly string data = Path.Combine(Path.GetTempPath(), "collab-admin-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }

    [Fact]
    public async Task Random_admin_password_printed_once_must_be_changed_before_anything_else()
    {
        var port = FreePort.Next();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Collab__DataDirectory"] = data,
            ["Collab__Embedded__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
        };

        string password;
        await using (var collab = CollabProcess.StartDll(["--Collab:SeedDemo=false", "--urls", $"http://0.0.0.0:{port}"], environment))
        {
            var line = await collab.WaitForOutputAsync(l => l.Contains("First administrator: admin / ", StringComparison.Ordinal), TimeSpan.FromSeconds(120));
            await collab.WaitForOutputAsync(l => l.Contains("Collab started.", StringComparison.Ordinal), TimeSpan.FromSeconds(120));
            password = AdminPassword().Match(line).Groups[1].Value;
            Assert.True(password.Length >= 16, line);
            Assert.NotEqual("Demo#2026", password);
            Assert.DoesNotContain("Demo accounts", collab.StandardOutput, StringComparison.Ordinal);

            using var client = new SignedInClient(new Uri($"http://127.0.0.1:{port}/"));
            Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync("admin", "Demo#2026")).StatusCode);
            Assert.Null(client.CookieValue("Collab.Auth")); // the demo password is not valid here

            var signIn = await client.SignInAsync("admin", password);
            Assert.Equal("/", signIn.Headers.Location?.OriginalString);

            // Every page leads to the change-password page until the password is changed.
            var home = await client.Http.GetAsync("/");
            Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
            Assert.Equal("/account/change-password", home.Headers.Location?.OriginalString);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync("api/site")).StatusCode);

            var token = await client.AntiforgeryTokenAsync("account/change-password");
            var mismatch = await client.Http.PostAsync("account/password", Form(token, password, "Nouveau#Mot2passe", "Autre#Mot2passe"));
            Assert.Equal("/account/change-password?error=mismatch", mismatch.Headers.Location?.OriginalString);

            var changed = await client.Http.PostAsync("account/password", Form(token, password, "Nouveau#Mot2passe", "Nouveau#Mot2passe"));
            Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/")).StatusCode);
        }

        // Second start: nothing printed again, the new password works.
        await using (var again = CollabProcess.StartDll(["--Collab:SeedDemo=false", "--urls", $"http://127.0.0.1:{port}"], environment))
        {
            await again.WaitForOutputAsync(l => l.Contains("Collab started.", StringComparison.Ordinal), TimeSpan.FromSeconds(120));
            Assert.DoesNotContain("First administrator: admin /", again.StandardOutput, StringComparison.Ordinal);
            using var client = new SignedInClient(new Uri($"http://127.0.0.1:{port}/"));
            Assert.Equal("/", (await client.SignInAsync("admin", "Nouveau#Mot2passe")).Headers.Location?.OriginalString);
            Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/")).StatusCode);
        }
    }

    private static FormUrlEncodedContent Form(string token, string current, string next, string confirm) => new(new Dictionary<string, string>
    {
        ["currentPassword"] = current,
        ["newPassword"] = next,
        ["confirmPassword"] = confirm,
        ["__RequestVerificationToken"] = token,
    });

    [GeneratedRegex(@"First administrator: admin / (\S+)")]
    private static partial Regex AdminPassword();
}
