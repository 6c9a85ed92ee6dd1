using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Collab.Web.Components.Pages.Exchange;
using Collab.Web.Identity;
using Collab.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Collab.Web.Tests.Exchange;

/// <summary>
/// Calls every operation of the OpenAPI document (/openapi/v1.json) as anonymous (401), with a revoked key (401), with a
/// reader key (2xx on reads, 403 on writes) and with an admin key (2xx). An operation without a sample request below,
/// or a sample without its operation, fails the test: no endpoint is left unlisted.
/// </summary>
[Collection(WebHostCollection.Name)]
public sealed class ApiSweepTests(WebHostFixture host)
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private sealed record Sample(string Path, Func<HttpClient, Task<HttpContent?>> Body, bool NeedsVersion = false);

    private static async Task<JsonArray> GetArrayAsync(HttpClient admin, string path) =>
        (JsonArray)JsonNode.Parse(await admin.GetStringAsync(path))!;

    /// <summary>A request for each operation ("METHOD /template"): path with real keys of the demo plant, and a body that is valid.</summary>
    private static Dictionary<string, Sample> Samples(string item, string make, string parent, string routed, string workstation, string stocked) => new()
    {
        ["GET /api/v1/items"] = new("api/v1/items", _ => Task.FromResult<HttpContent?>(null)),
        ["GET /api/v1/items/{code}"] = new($"api/v1/items/{item}", _ => Task.FromResult<HttpContent?>(null)),
        ["GET /api/v1/bom"] = new("api/v1/bom", _ => Task.FromResult<HttpContent?>(null)),
        ["GET /api/v1/routings"] = new("api/v1/routings", _ => Task.FromResult<HttpContent?>(null)),
        ["GET /api/v1/workstations"] = new("api/v1/workstations", _ => Task.FromResult<HttpContent?>(null)),
        ["GET /api/v1/stock"] = new("api/v1/stock", _ => Task.FromResult<HttpContent?>(null)),
        ["GET /api/v1/orders/{kind}"] = new("api/v1/orders/manufacturing", _ => Task.FromResult<HttpContent?>(null)),
        ["GET /api/v1/plan/planned-orders"] = new("api/v1/plan/planned-orders", _ => Task.FromResult<HttpContent?>(null)),
        ["GET /api/v1/plan/exceptions"] = new("api/v1/plan/exceptions", _ => Task.FromResult<HttpContent?>(null)),
        ["GET /api/v1/plan/loads"] = new("api/v1/plan/loads", _ => Task.FromResult<HttpContent?>(null)),
        ["GET /api/v1/plan/schedule"] = new("api/v1/plan/schedule", _ => Task.FromResult<HttpContent?>(null)),
        ["GET /api/v1/plan/status"] = new("api/v1/plan/status", _ => Task.FromResult<HttpContent?>(null)),
        ["GET /api/v1/actions"] = new("api/v1/actions", _ => Task.FromResult<HttpContent?>(null)),
        ["GET /api/v1/imports"] = new("api/v1/imports", _ => Task.FromResult<HttpContent?>(null)),
        ["GET /api/v1/exports/{what}"] = new("api/v1/exports/planned-orders?format=csv", _ => Task.FromResult<HttpContent?>(null)),
        ["PUT /api/v1/items/{code}"] = new($"api/v1/items/{item}", async c => Json((await GetArrayAsync(c, "api/v1/items")).First(i => (string?)i!["code"] == item)), true),
        ["PUT /api/v1/bom/{parent}"] = new($"api/v1/bom/{parent}", async c => Json(new JsonArray([.. (await GetArrayAsync(c, $"api/v1/bom?parent={parent}"))
            .Select(b => (JsonNode)new JsonObject { ["component"] = (string?)b!["component"], ["qtyPer"] = (double)b["qtyPer"]!, ["scrapRate"] = (double)b["scrapRate"]! })])), true),
        ["PUT /api/v1/routings/{item}"] = new($"api/v1/routings/{routed}", async c => Json((await GetArrayAsync(c, $"api/v1/routings?item={routed}")).DeepClone()), true),
        ["PUT /api/v1/workstations/{code}"] = new($"api/v1/workstations/{workstation}", async c => Json((await GetArrayAsync(c, "api/v1/workstations")).First(w => (string?)w!["code"] == workstation)), true),
        ["PUT /api/v1/stock/{item}"] = new($"api/v1/stock/{stocked}", async c => Json((await GetArrayAsync(c, "api/v1/stock")).First(s => (string?)s!["item"] == stocked)), true),
        ["POST /api/v1/orders/manufacturing"] = new("api/v1/orders/manufacturing", _ => Task.FromResult<HttpContent?>(Json(new JsonObject
        {
            ["item"] = make, ["qty"] = 1, ["start"] = DateTime.UtcNow.AddDays(7).ToString("yyyy-MM-dd"), ["due"] = DateTime.UtcNow.AddDays(14).ToString("yyyy-MM-dd"),
        }))),
        ["POST /api/v1/plan/runs"] = new("api/v1/plan/runs", _ => Task.FromResult<HttpContent?>(null)),
        ["POST /api/v1/imports"] = new("api/v1/imports?dryRun=true&mode=merge", _ =>
        {
            var form = new MultipartFormDataContent();
            form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes($"Article;En stock\r\n{stocked};5\r\n")), "file", "stock.csv");
            return Task.FromResult<HttpContent?>(form);
        }),
    };

    private static StringContent Json(JsonNode? node) => new(node!.ToJsonString(), Encoding.UTF8, "application/json");

    private async Task<(string Reader, string Admin, string Revoked)> KeysAsync()
    {
        await DemoPlantData.WaitSeededAsync(host); // the seeder's writes would make the If-Match versions stale
        var keys = host.Factory.Services.GetRequiredService<ApiKeyService>();
        var admin = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin"), new Claim(ClaimTypes.Role, Roles.Admin)], "test"));
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var reader = (await keys.CreateAsync(admin, "sweep-reader-" + suffix, Roles.Reader, null)).Key!;
        var full = (await keys.CreateAsync(admin, "sweep-admin-" + suffix, Roles.Admin, DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)))).Key!;
        var revoked = (await keys.CreateAsync(admin, "sweep-revoked-" + suffix, Roles.Admin, null)).Key!;
        Assert.True(await keys.RevokeAsync(admin, revoked.Key.Id));
        return (reader.Secret, full.Secret, revoked.Secret);
    }

    private HttpClient Client(string? key)
    {
        var client = new HttpClient { BaseAddress = host.BaseAddress };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpClient admin, string method, Sample sample)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), sample.Path) { Content = await sample.Body(admin) };
        if (sample.NeedsVersion)
        {
            var probe = await admin.GetAsync("api/v1/items");
            request.Headers.TryAddWithoutValidation("If-Match", probe.Headers.ETag!.Tag);
        }

        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Every_endpoint_of_the_openapi_document_answers_401_403_or_2xx_by_caller()
    {
        var (readerKey, adminKey, revokedKey) = await KeysAsync();
        using var admin = Client(adminKey);
        using var reader = Client(readerKey);
        using var revoked = Client(revokedKey);
        using var anonymous = Client(null);

        var document = JsonNode.Parse(await admin.GetStringAsync("openapi/v1.json"))!;
        var operations = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(m => $"{m.Key.ToUpperInvariant()} {p.Key}"))
            .ToList();

        var items = await GetArrayAsync(admin, "api/v1/items");
        var make = (string)items.First(i => (int)i!["source"]! == 0)!["code"]!;
        var bom = await GetArrayAsync(admin, "api/v1/bom");
        var routings = await GetArrayAsync(admin, "api/v1/routings");
        var workstations = await GetArrayAsync(admin, "api/v1/workstations");
        var stock = await GetArrayAsync(admin, "api/v1/stock");
        var samples = Samples((string)items[0]!["code"]!, make, (string)bom[0]!["parent"]!, (string)routings[0]!["item"]!,
            (string)workstations[0]!["code"]!, (string)stock[0]!["item"]!);

        Assert.Equal(samples.Keys.Order(StringComparer.Ordinal), operations.Order(StringComparer.Ordinal));

        foreach (var operation in operations)
        {
            var method = operation[..operation.IndexOf(' ')];
            var sample = samples[operation];
            var write = method != "GET";

            Assert.True(HttpStatusCode.Unauthorized == (await SendAsync(anonymous, admin, method, sample)).StatusCode, $"anonymous {operation}");
            Assert.True(HttpStatusCode.Unauthorized == (await SendAsync(revoked, admin, method, sample)).StatusCode, $"revoked key {operation}");

            var asReader = await SendAsync(reader, admin, method, sample);
            if (write || operation == "GET /api/v1/imports")
            {
                Assert.True(HttpStatusCode.Forbidden == asReader.StatusCode, $"reader {operation}: {(int)asReader.StatusCode}");
            }
            else
            {
                Assert.True(asReader.IsSuccessStatusCode, $"reader {operation}: {(int)asReader.StatusCode} {await asReader.Content.ReadAsStringAsync()}");
            }

            var asAdmin = await SendAsync(admin, admin, method, sample);
            Assert.True(asAdmin.IsSuccessStatusCode, $"admin {operation}: {(int)asAdmin.StatusCode} {await asAdmin.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task A_stale_if_match_gets_412_with_who_changed_it_and_a_bad_file_gets_every_error_as_problem_details()
    {
        var (_, adminKey, _) = await KeysAsync();
        using var admin = Client(adminKey);
        var items = await GetArrayAsync(admin, "api/v1/items");
        var first = items[0]!;
        var etag = (await admin.GetAsync("api/v1/items")).Headers.ETag!.Tag;

        using (var put = new HttpRequestMessage(HttpMethod.Put, $"api/v1/items/{first["code"]}") { Content = Json(first) })
        {
            put.Headers.TryAddWithoutValidation("If-Match", etag);
            Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(put)).StatusCode);
        }

        using (var stale = new HttpRequestMessage(HttpMethod.Put, $"api/v1/items/{first["code"]}") { Content = Json(first) })
        {
            stale.Headers.TryAddWithoutValidation("If-Match", etag);
            var response = await admin.SendAsync(stale);
            Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
            var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.StartsWith("api:sweep-admin-", (string)problem["modifiedBy"]!, StringComparison.Ordinal);
        }

        var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes("Article;En stock\r\nINCONNU-1;5\r\n;abc\r\n")), "file", "stock.csv");
        var bad = await admin.PostAsync("api/v1/imports", form);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await bad.Content.ReadAsStringAsync())!;
        var errors = body["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Contains("stock.csv!2:item", errors);
        Assert.Contains("stock.csv!3:item", errors);
        Assert.Contains("stock.csv!3:onHand", errors);
    }
}
