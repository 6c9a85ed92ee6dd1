using Collab.Domain.Exchange;
using Collab.Infrastructure.Exchange;
using Collab.Web.Components.Pages.Exchange;
using Collab.Web.Tests.Browser;
using Collab.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Collab.Web.Tests.Exchange;

/// <summary>
/// A planner downloads the template, fills it by program with a small plant, uploads it, sees the preview, applies it and
/// sees the plan; then uploads a file with 3 errors and sees all 3 with sheet, line and column, nothing changed.
/// </summary>
[Collection(WebHostCollection.Name)]
public sealed class ImportJourneyTests(WebHostFixture host) : BrowserJourney
{
    protected override WebHostFixture Host => host;

    protected override float TimeoutMs => 60_000;

    protected override string? Locale => null;

    protected override bool? AcceptDownloads => true;

    protected override bool NeedsDemoPlant => false;

    /// <summary>The template's sheets and headers, with rows written by the test in place of the example rows.</summary>
    private static string Fill(string template, Dictionary<string, object?[][]> rows, string path)
    {
        using var input = File.OpenRead(template);
        var sheets = ExchangeFileReader.ReadWorkbook(input, 100);
        var tables = sheets.Select(s => new ExportTable(s.Source,
            s.Headers.Select(h => new ExportColumn(h!, ExportType.Text)).ToList(),
            rows.TryGetValue(s.Source, out var r) ? r.Select(x => (IReadOnlyList<object?>)x).ToList() : [])).ToList();
        using var output = File.Create(path);
        ExchangeFileWriter.WriteXlsx(output, tables);
        return path;
    }

    [Fact]
    public async Task Planner_imports_a_small_plant_with_preview_and_a_file_with_three_errors_is_refused_whole()
    {
        await DemoPlantData.WaitSeededAsync(host);
        // The shared host's other journeys may have left the planner's language on English (it is restored at sign-in).
        await host.Factory.Services.GetRequiredService<Collab.Web.Services.UserPreferenceService>().SetCultureAsync("planificateur", "fr-FR");
        var page = await SignedInPageAsync("planificateur", "administration/import");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=template-fr]").ClickAsync());
        var template = Path.Combine(Path.GetTempPath(), $"collab-template-{Guid.NewGuid():N}.xlsx");
        await download.SaveAsAsync(template);

        var monday = DateOnly.FromDateTime(DateTime.Today.AddDays(7 + ((8 - (int)DateTime.Today.DayOfWeek) % 7)));
        var good = Fill(template, new()
        {
            ["Articles"] = [
                ["IMP-100", "Vélo importé", "IMPORT", "Fabriqué", "pce", "120,5", 3, 0, "Lot pour lot", 0, 0, 0, 0, null, null, null],
                ["IMP-200", "Cadre importé", "IMPORT", "Fabriqué", "pce", 40, 2, 0, "Lot pour lot", 0, 0, 0, 0, null, null, null],
                ["IMP-300", "Tube importé", "IMPORT", "Acheté", "m", "4.5", 10, 0, "Lot pour lot", 0, 0, 0, 0, null, null, null]],
            ["Nomenclatures"] = [["IMP-100", "IMP-200", 1, 0], ["IMP-200", "IMP-300", "2,5", 0]],
            ["Postes"] = [["IMP-WS", "Poste importé", 8, 8, 8, 8, 8, 0, 0, 1, "0,9"]],
            ["Gammes"] = [["IMP-100", 10, "IMP-WS", 0.5, 0.25, "Montage"], ["IMP-200", 10, "IMP-WS", 1, 0.5, "Soudure"]],
            ["Prévisions"] = [["IMP-100", "non", monday.ToString("dd/MM/yyyy"), 30]],
            ["Stock"] = [["IMP-300", 10, 0]],
        }, Path.Combine(Path.GetTempPath(), $"plant-{Guid.NewGuid():N}.xlsx"));

        await page.Locator("[data-testid=import-file]").SetInputFilesAsync(good);
        var diff = page.Locator("[data-testid=import-diff]");
        await Assertions.Expect(diff).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=diff-Items] [data-testid=created]")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("[data-testid=diff-BomLines] [data-testid=created]")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("[data-testid=diff-Items] [data-testid=removed]")).ToHaveTextAsync("0");
        await page.ScreenshotAsync(new() { Path = Path.Combine(SourceTree.ScreenshotDirectory, "import-preview-fr.png") });

        var exchange = host.Factory.Services.GetRequiredService<ExchangeService>();
        Assert.DoesNotContain((await exchange.MasterDataAsync()).Items, i => i.Code == "IMP-100"); // nothing before "Appliquer"
        await page.Locator("[data-testid=import-apply]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=import-message]")).ToContainTextAsync("appliqué");
        await Assertions.Expect(page.Locator("[data-testid=import-journal]")).ToContainTextAsync("plant-");
        Assert.Contains((await exchange.MasterDataAsync()).Items, i => i.Code == "IMP-100" && i.UnitCost == 120.5);

        // The plan: recalculated now (instead of waiting for the automatic net change), the imported end item has its MRP record and planned orders.
        await host.Factory.Services.GetRequiredService<Collab.Web.Services.IPlanService>().RecalculateAsync("planificateur");
        await page.GotoAsync(new Uri(host.BaseAddress, "plan/mrp?item=IMP-100").ToString());
        await Chromium.WaitForInteractivityAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=mrp-record]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=mrp-page]")).ToContainTextAsync("IMP-100");
        await Assertions.Expect(page.Locator("[data-testid=planned-orders] tbody tr").First).ToContainTextAsync("30");
        await page.ScreenshotAsync(new() { Path = Path.Combine(SourceTree.ScreenshotDirectory, "import-plan-fr.png") });

        // A file with 3 errors: all 3 shown with sheet, line and column; nothing changed.
        var journalBefore = (await exchange.JournalAsync()).Count;
        var bad = Fill(template, new()
        {
            ["Articles"] = [["IMP-900", "Nouvel article", "IMPORT", "Fabriqué", "pce", 1, "trois", 0, null, null, null, null, null, null, null, null]],
            ["Nomenclatures"] = [["IMP-100", "INCONNU", 1, 0]],
            ["Gammes"] = [["IMP-100", 20, "POSTE-FANTOME", 0, 1, null]],
        }, Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.xlsx"));
        await page.GotoAsync(new Uri(host.BaseAddress, "administration/import").ToString());
        await Chromium.WaitForInteractivityAsync(page);
        await page.Locator("[data-testid=import-file]").SetInputFilesAsync(bad);
        await Assertions.Expect(page.Locator("[data-testid=import-rejected]")).ToBeVisibleAsync();
        var rows = page.Locator("[data-testid=import-errors] [data-testid=problem-row]");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("Articles");
        await Assertions.Expect(rows.Nth(0).Locator("[data-testid=problem-line]")).ToHaveTextAsync("2");
        await Assertions.Expect(rows.Nth(0).Locator("[data-testid=problem-column]")).ToHaveTextAsync("Délai (jours)");
        await Assertions.Expect(page.Locator("[data-testid=import-errors]")).ToContainTextAsync("Nomenclatures");
        await Assertions.Expect(page.Locator("[data-testid=import-errors]")).ToContainTextAsync("Composant");
        await Assertions.Expect(page.Locator("[data-testid=import-errors]")).ToContainTextAsync("Gammes");
        await Assertions.Expect(page.Locator("[data-testid=import-errors]")).ToContainTextAsync("Poste");
        await Assertions.Expect(page.Locator("[data-testid=import-apply]")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(SourceTree.ScreenshotDirectory, "import-errors-fr.png") });

        var csv = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=errors-csv]").ClickAsync());
        var csvPath = Path.Combine(Path.GetTempPath(), $"errors-{Guid.NewGuid():N}.csv");
        await csv.SaveAsAsync(csvPath);
        Assert.Equal(4, File.ReadAllLines(csvPath).Count(l => l.Length > 0)); // header + 3 errors

        Assert.DoesNotContain((await exchange.MasterDataAsync()).Items, i => i.Code == "IMP-900");
        Assert.Equal(journalBefore, (await exchange.JournalAsync()).Count);
    }
}
