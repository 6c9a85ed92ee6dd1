using System.Security.Claims;
using System.Text;
using Collab.Cli;
using Collab.Contracts.Common;
using Collab.Web.Components.Pages.Exchange;
using Collab.Web.Identity;
using Collab.Web.Services;
using Collab.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Collab.Web.Tests.Exchange;

/// <summary>
/// <c>collab import</c> and <c>collab export</c> (the real CLI entry point, <see cref="CliApp.Run"/>) against the real web
/// host on 127.0.0.1 with an API key: dry run changes nothing, merge applies master data and open orders together, a
/// rejected file exits 2 with every error line-numbered and nothing changed, export writes CSV and .xlsx.
/// </summary>
[Collection(WebHostCollection.Name)]
public sealed class CliExchangeTests(WebHostFixture host) : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("collab-cli-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private async Task<string> KeyAsync()
    {
        await DemoPlantData.WaitSeededAsync(host);
        var keys = host.Factory.Services.GetRequiredService<ApiKeyService>();
        var admin = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin"), new Claim(ClaimTypes.Role, Roles.Admin)], "test"));
        return (await keys.CreateAsync(admin, "cli-" + Guid.NewGuid().ToString("N")[..6], Roles.Admin, null)).Key!.Secret;
    }

    private static Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => Task.Run(() =>
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    });

    private string File(string name, string content)
    {
        var path = Path.Combine(directory, name);
        System.IO.File.WriteAllText(path, content, new UTF8Encoding(true));
        return path;
    }

    private ExchangeService Exchange => host.Factory.Services.GetRequiredService<ExchangeService>();

    private async Task<string> BoughtItemAsync() =>
        (await Exchange.MasterDataAsync()).Items.First(i => i.Source == Collab.Contracts.Sites.ItemSource.Buy).Code;

    [Fact]
    public async Task Import_dry_run_then_merge_creates_the_supplier_and_its_open_purchase_order_in_one_apply()
    {
        var key = await KeyAsync();
        var tag = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var item = await BoughtItemAsync();
        var suppliers = File("suppliers.csv", $"Code,Name,Email,Language\r\nF-CLI-{tag},CLI supplier,cli@example.test,en\r\n");
        var orders = File("purchase-orders.csv",
            $"Number,Supplier,Line,Item,Quantity,Requested date,Confirmed date\r\nOA-CLI-{tag},F-CLI-{tag},10,{item},1.5,2027-06-07,2027-06-09\r\nOA-CLI-{tag},F-CLI-{tag},20,{item},2,2027-06-14,\r\n");
        var before = await Exchange.SiteInfoAsync();
        string[] common = ["--site", before.Code, "--file", suppliers, "--file", orders, "--url", host.BaseAddress.ToString(), "--key", key];

        var dry = await RunAsync(["import", .. common, "--dry-run"]);
        Assert.True(dry.Code == 0, dry.Err);
        Assert.Contains("Dry run: nothing changed", dry.Out, StringComparison.Ordinal);
        Assert.Contains("PurchaseOrders", dry.Out, StringComparison.Ordinal);
        Assert.Equal(before.Version, (await Exchange.SiteInfoAsync()).Version);
        Assert.DoesNotContain((await Exchange.MasterDataAsync()).Suppliers, s => s.Code == $"F-CLI-{tag}");

        var merge = await RunAsync(["import", .. common, "--mode", "merge"]);
        Assert.True(merge.Code == 0, merge.Err);
        Assert.Contains("Applied", merge.Out, StringComparison.Ordinal);
        Assert.Contains((await Exchange.MasterDataAsync()).Suppliers, s => s.Code == $"F-CLI-{tag}");
        var po = (await host.Factory.Services.GetRequiredService<IOrdersService>().GetPurchaseOrderAsync($"OA-CLI-{tag}"))!.View;
        Assert.Equal($"F-CLI-{tag}", po.Supplier);
        Assert.Equal([(10, 1.5, (DateOnly?)new DateOnly(2027, 6, 9)), (20, 2.0, null)], po.Lines.Select(l => (l.Line, l.Qty, l.ConfirmedDate)));

        // The same file again: the known order is kept as it is (warning), nothing is created twice.
        var again = await RunAsync(["import", .. common]);
        Assert.True(again.Code == 0, again.Err);
        Assert.Contains($"OA-CLI-{tag}", again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_file_exits_2_with_every_error_line_numbered_and_nothing_changed()
    {
        var key = await KeyAsync();
        var tag = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var item = await BoughtItemAsync();
        var suppliers = File("fournisseurs.csv", $"Code;Nom;E-mail;Langue\r\nF-BAD-{tag};Fournisseur;bad@example.test;fr\r\n");
        var orders = File("ordres-d-achat.csv",
            $"Numéro;Fournisseur;Ligne;Article;Quantité;Date demandée\r\n" +
            $"OA-BAD-{tag};F-BAD-{tag};1;{item};-4;07/06/2027\r\n" +       // line 2: negative quantity
            $"OA-BAD-{tag};F-BAD-{tag};1;{item};1;07/06/2027\r\n" +        // line 3: line 1 twice
            $"OA-BAD2-{tag};F-BAD-{tag};1;ARTICLE-INCONNU;1;07/06/2027\r\n"); // line 4: unknown item
        var before = await Exchange.SiteInfoAsync();

        var run = await RunAsync("import", "--file", suppliers, "--file", orders, "--url", host.BaseAddress.ToString(), "--key", key);

        Assert.Equal(2, run.Code);
        Assert.Contains("file rejected, 3 error(s); nothing was changed.", run.Err, StringComparison.Ordinal);
        Assert.Contains("ordres-d-achat.csv:2 [", run.Err, StringComparison.Ordinal);
        Assert.Contains("ordres-d-achat.csv:3 [", run.Err, StringComparison.Ordinal);
        Assert.Contains("ordres-d-achat.csv:4 [", run.Err, StringComparison.Ordinal);
        Assert.Contains("ARTICLE-INCONNU", run.Err, StringComparison.Ordinal);
        Assert.Equal(before.Version, (await Exchange.SiteInfoAsync()).Version);
        Assert.DoesNotContain((await Exchange.MasterDataAsync()).Suppliers, s => s.Code == $"F-BAD-{tag}");
        Assert.Null(await host.Factory.Services.GetRequiredService<IOrdersService>().GetPurchaseOrderAsync($"OA-BAD2-{tag}"));
    }

    [Fact]
    public async Task Export_writes_the_planned_orders_as_csv_on_stdout_and_the_mrp_records_as_xlsx()
    {
        var key = await KeyAsync();
        var csv = await RunAsync("export", "--what", "planned-orders", "--format", "csv", "--lang", "en", "--url", host.BaseAddress.ToString(), "--key", key);
        Assert.True(csv.Code == 0, csv.Err);
        Assert.StartsWith("Id,Item,", csv.Out, StringComparison.Ordinal);
        Assert.True(csv.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length > 1, csv.Out);

        var item = await BoughtItemAsync();
        var path = Path.Combine(directory, "mrp.xlsx");
        var xlsx = await RunAsync("export", "--what", "mrp-records", "--format", "xlsx", "--filter", $"item={item}", "--out", path, "--url", host.BaseAddress.ToString(), "--key", key);
        Assert.True(xlsx.Code == 0, xlsx.Err);
        var tables = Collab.Infrastructure.Exchange.ExchangeFileReader.Read(System.IO.File.OpenRead(path), "mrp.xlsx", 1000);
        var table = Assert.Single(tables);
        Assert.NotEmpty(table.Rows);
        Assert.All(table.Rows, r => Assert.Equal(item, r.Cells[0]));
        Assert.IsType<DateTime>(table.Rows[0].Cells[3]); // typed cell: the period start is a date

        var unknown = await RunAsync("export", "--what", "nothing-like-this", "--url", host.BaseAddress.ToString(), "--key", key);
        Assert.Equal(2, unknown.Code);
    }

    [Fact]
    public async Task Every_export_kind_answers_a_workbook_and_a_csv_with_headers_in_the_asked_language()
    {
        var key = await KeyAsync();
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        foreach (var what in ExportService.Kinds)
        {
            var xlsx = await client.GetAsync($"api/v1/exports/{what}?format=xlsx&lang=fr");
            Assert.True(xlsx.IsSuccessStatusCode, $"{what}: {(int)xlsx.StatusCode}");
            var tables = Collab.Infrastructure.Exchange.ExchangeFileReader.ReadWorkbook(await xlsx.Content.ReadAsStreamAsync(), 100_000);
            Assert.NotEmpty(tables);
            Assert.All(tables, t => Assert.DoesNotContain(t.Headers, h => string.IsNullOrWhiteSpace(h) || h.StartsWith("Col.", StringComparison.Ordinal)));

            var csv = await client.GetStringAsync($"api/v1/exports/{what}?format=csv&lang=en");
            var header = csv.TrimStart('\uFEFF').Split('\n')[0];
            Assert.DoesNotContain("Col.", header, StringComparison.Ordinal);
            Assert.Contains(',', header);
        }
    }
}
