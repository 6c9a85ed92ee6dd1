using Collab.Web.Tests.Browser;
using Collab.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Collab.Web.Tests.MasterData;

/// <summary>
/// Issue #14's journey on an EMPTY plant (not the demo), all from the pages in Debian's Chromium: a planner creates
/// 3 workstations, a supplier, a customer, 5 items over 3 levels with their BOMs and routings, a firm order and a
/// forecast, runs the plan and sees the planned orders and the loads. A reader follows live and has no edit control.
/// Bad input is refused with a clear message and nothing stored.
/// </summary>
[Collection(EmptySiteCollection.Name)]
public sealed class MasterDataJourneyTests(EmptySiteHost host) : BrowserJourney
{
    private static readonly string Shots = SourceTree.ScreenshotDirectory;

    protected override Uri BaseAddress => host.BaseAddress;

    protected override float TimeoutMs => 60_000;

    protected override string? Locale => null;

    protected override bool NeedsDemoPlant => false;

    [Fact]
    public async Task A_planner_builds_a_plant_from_the_pages_plans_it_and_a_reader_follows_live_without_edit_controls()
    {
        var planner = await SignedInPageAsync("planificateur", "master-data/workstations");
        var reader = await SignedInPageAsync("lecteur", "master-data/items");
        await Assertions.Expect(reader.Locator("[data-testid=md-items-page]")).ToContainTextAsync("Aucun article");
        await Assertions.Expect(reader.Locator("[data-testid=md-item-new]")).ToHaveCountAsync(0);

        // 3 workstations (one shift shortcut, closures shown in the 8-week preview before saving)
        foreach (var (code, name) in new[] { ("MON", "Montage"), ("USI", "Usinage"), ("SOU", "Soudure") })
        {
            await planner.FillAsync("[data-testid=md-ws-code]", code);
            await planner.FillAsync("[data-testid=md-ws-description]", name);
            await planner.ClickAsync("[data-testid=md-ws-shift-2]");
            await Assertions.Expect(planner.Locator("[data-testid=md-ws-preview]")).ToContainTextAsync("80");
            await planner.ClickAsync("[data-testid=md-ws-save]");
            await Assertions.Expect(planner.Locator("[data-testid=md-saved]")).ToContainTextAsync(code);
            if (code == "SOU")
            {
                await Assertions.Expect(planner.Locator("[data-testid=md-ws-row]")).ToHaveCountAsync(3);
                await planner.ScreenshotAsync(new() { Path = Path.Combine(Shots, "master-data-workstations-fr.png") });
            }

            await planner.Locator("[data-testid=md-ws-form] button", new() { HasTextString = "Nouveau poste" }).ClickAsync();
        }


        // supplier and customer
        await GoAsync(planner, "master-data/partners");
        await planner.FillAsync("[data-testid=md-supplier-code]", "F01");
        await planner.FillAsync("[data-testid=md-supplier-name]", "Fonderie du Rhône");
        await planner.FillAsync("[data-testid=md-supplier-email]", "pas-une-adresse");
        await planner.ClickAsync("[data-testid=md-supplier-save]");
        await Assertions.Expect(planner.Locator("[data-testid=md-errors]")).ToContainTextAsync("n'est pas une adresse e-mail valide");
        await Assertions.Expect(planner.Locator("[data-testid=md-supplier-row]")).ToHaveCountAsync(0);
        await planner.FillAsync("[data-testid=md-supplier-email]", "achats@fonderie.example");
        await planner.ClickAsync("[data-testid=md-supplier-save]");
        await Assertions.Expect(planner.Locator("[data-testid=md-supplier-row]")).ToHaveCountAsync(1);
        await planner.FillAsync("[data-testid=md-customer-code]", "K01");
        await planner.FillAsync("[data-testid=md-customer-name]", "Hydro Lyon");
        await planner.FillAsync("[data-testid=md-customer-city]", "Lyon");
        await planner.ClickAsync("[data-testid=md-customer-save]");
        await Assertions.Expect(planner.Locator("[data-testid=md-customer-row]")).ToHaveCountAsync(1);
        await planner.ScreenshotAsync(new() { Path = Path.Combine(Shots, "master-data-partners-fr.png") });

        // 5 items over 3 levels (VAN ← CORPS ← BRUT ; VAN ← JOINT ; CORPS ← VIS), bad input refused first
        await GoAsync(planner, "master-data/items/new");
        await planner.FillAsync("[data-testid=md-item-code]", "VAN");
        await planner.FillAsync("[data-testid=md-item-description]", "Vanne <script>alert(1)</script>");
        await planner.Locator("input[name=leadtime]").FillAsync("dix");
        await planner.ClickAsync("[data-testid=md-item-save]");
        await Assertions.Expect(planner.Locator("[data-testid=md-errors]")).ToContainTextAsync("Délai (jours) n'est pas un nombre");
        await planner.Locator("input[name=leadtime]").FillAsync("5");
        await planner.ClickAsync("[data-testid=md-item-save]");
        await Assertions.Expect(planner.Locator("[data-testid=md-errors]")).ToContainTextAsync("HTML");
        await Assertions.Expect(reader.Locator("[data-testid=md-items-page]")).ToContainTextAsync("Aucun article"); // nothing stored
        await CreateItemAsync(planner, "VAN", "Vanne DN50", buy: false, lead: 5);
        await Assertions.Expect(reader.Locator("[data-testid=md-item-grid]")).ToContainTextAsync("Vanne DN50"); // live
        await CreateItemAsync(planner, "CORPS", "Corps usiné", buy: false, lead: 3);
        await CreateItemAsync(planner, "JOINT", "Joint torique", buy: true, lead: 10);
        await CreateItemAsync(planner, "BRUT", "Corps brut de fonderie", buy: true, lead: 15);
        await CreateItemAsync(planner, "VIS", "Vis M8", buy: true, lead: 7);

        await GoAsync(planner, "master-data/items/VAN");
        await AddBomLineAsync(planner, "CORPS", "1");
        await AddBomLineAsync(planner, "JOINT", "2");
        await planner.ClickAsync("[data-testid=md-bom-save]");
        await Assertions.Expect(planner.Locator("[data-testid=md-explosion]")).ToContainTextAsync("CORPS");
        await AddOperationAsync(planner, "MON", "0.5", "0.25");
        await GoAsync(planner, "master-data/items/CORPS");
        await AddBomLineAsync(planner, "BRUT", "1");
        await AddBomLineAsync(planner, "VIS", "4");
        await planner.ClickAsync("[data-testid=md-bom-save]");
        await Assertions.Expect(planner.Locator("[data-testid=md-explosion]")).ToContainTextAsync("VIS");
        await AddOperationAsync(planner, "USI", "1", "0.5");

        // a cycle is refused, naming it, and nothing is stored
        await GoAsync(planner, "master-data/items/CORPS");
        await Assertions.Expect(planner.Locator("[data-testid=md-where-used]")).ToContainTextAsync("VAN");
        await AddBomLineAsync(planner, "VAN", "1");
        await planner.ClickAsync("[data-testid=md-bom-save]");
        await Assertions.Expect(planner.Locator("[data-testid=md-errors]")).ToContainTextAsync("VAN → CORPS → VAN");
        await planner.ScreenshotAsync(new() { Path = Path.Combine(Shots, "master-data-bom-cycle-fr.png") });
        await GoAsync(planner, "master-data/items/VAN");
        await Assertions.Expect(planner.Locator("[data-testid=md-explosion]")).ToContainTextAsync("BRUT");
        await Assertions.Expect(planner.Locator("[data-testid=md-routing-total]")).ToContainTextAsync("0,25");
        await planner.ScreenshotAsync(new() { Path = Path.Combine(Shots, "master-data-item-fr.png") });

        // a firm order and a forecast
        await GoAsync(planner, "master-data/demand");
        await Pick.OptionAsync(planner, planner.Locator("[data-testid=md-order-customer]"), "Hydro Lyon");
        await Pick.OptionAsync(planner, planner.Locator("[data-testid=md-order-line]").Last.Locator(".rz-dropdown"), "VAN");
        await planner.Locator("[data-testid=md-order-line] input[name=order-qty]").Last.FillAsync("40");
        await planner.ClickAsync("[data-testid=md-order-create]");
        await Assertions.Expect(planner.Locator("[data-testid=md-saved]")).ToContainTextAsync("CC-");
        // a block copied from Excel pasted into a cell: a cell that is not a number refuses the whole block, then it fills rightwards
        await PasteAsync(planner, planner.Locator("[data-testid=md-forecast-VAN-5]"), "12\tdix\r\n");
        await Assertions.Expect(planner.Locator("[data-testid=md-errors]")).ToContainTextAsync("n'est pas un nombre");
        await Assertions.Expect(planner.Locator("[data-testid=md-forecast-VAN-5]")).ToHaveValueAsync("0");
        await PasteAsync(planner, planner.Locator("[data-testid=md-forecast-VAN-5]"), "12\t25\r\n");
        await Assertions.Expect(planner.Locator("[data-testid=md-forecast-VAN-5]")).ToHaveValueAsync("12");
        await Assertions.Expect(planner.Locator("[data-testid=md-forecast-VAN-6]")).ToHaveValueAsync("25");
        await planner.ClickAsync("[data-testid=md-forecast-save-VAN]");
        await Assertions.Expect(planner.Locator("[data-testid=md-saved]")).ToContainTextAsync("VAN");
        await planner.ScreenshotAsync(new() { Path = Path.Combine(Shots, "master-data-demand-fr.png") });

        // stock: a count (inventaire) of the castings, kept in the item's journal
        await GoAsync(planner, "master-data/stock?item=BRUT");
        await Pick.OptionAsync(planner, planner.Locator("[data-testid=md-stock-kind]"), "Inventaire");
        await planner.Locator("[data-testid=md-stock-qty] input, input[name=stock-qty]").First.FillAsync("20");
        await planner.FillAsync("[data-testid=md-stock-reason]", "Inventaire de démarrage");
        await planner.ClickAsync("[data-testid=md-stock-record]");
        await Assertions.Expect(planner.Locator("[data-testid=md-stock-movement]")).ToHaveCountAsync(1);
        await Assertions.Expect(planner.Locator("[data-testid=md-stock-onhand]")).ToContainTextAsync("20");
        await planner.ScreenshotAsync(new() { Path = Path.Combine(Shots, "master-data-stock-fr.png") });
        await GoAsync(planner, "master-data/items");
        await Assertions.Expect(planner.Locator("[data-testid=md-item-count]")).ToContainTextAsync("5 article(s) affiché(s) sur 5");
        await planner.ScreenshotAsync(new() { Path = Path.Combine(Shots, "master-data-items-fr.png") });

        // run the plan: planned orders and the loads that follow
        await GoAsync(planner, "plan/mrp");
        await planner.Locator("[data-testid=recalculate]").ClickAsync();
        await Assertions.Expect(planner.Locator("[data-testid=plan-summary]")).ToContainTextAsync("par Paule Planificatrice : 5 articles");
        await Assertions.Expect(planner.Locator("[data-testid=release]").First).ToBeVisibleAsync();
        await planner.ScreenshotAsync(new() { Path = Path.Combine(Shots, "master-data-plan-mrp-fr.png") });
        await GoAsync(planner, "plan/load");
        await Assertions.Expect(planner.Locator("[data-testid=load-page]")).ToContainTextAsync("MON — Montage");
        await planner.ScreenshotAsync(new() { Path = Path.Combine(Shots, "master-data-plan-load-fr.png") });

        // the reader saw everything arrive and has no edit control on the item page
        await Assertions.Expect(reader.Locator("[data-testid=md-item-count]")).ToContainTextAsync("5");
        await GoAsync(reader, "master-data/items/VAN");
        await Assertions.Expect(reader.Locator("[data-testid=md-explosion]")).ToContainTextAsync("BRUT");
        await Assertions.Expect(reader.Locator("[data-testid=md-item-save]")).ToHaveCountAsync(0);
        await Assertions.Expect(reader.Locator("[data-testid=md-bom-save]")).ToHaveCountAsync(0);
        await Assertions.Expect(reader.Locator("[data-testid=md-routing-save]")).ToHaveCountAsync(0);
        await Assertions.Expect(reader.Locator("[data-testid=md-item-description]")).ToBeDisabledAsync();
        await reader.ScreenshotAsync(new() { Path = Path.Combine(Shots, "master-data-item-reader-fr.png") });
    }

    private async Task GoAsync(IPage page, string path)
    {
        await page.GotoAsync(new Uri(host.BaseAddress, path).ToString());
        await Chromium.WaitForInteractivityAsync(page);
    }

    private async Task CreateItemAsync(IPage page, string code, string description, bool buy, int lead)
    {
        await GoAsync(page, "master-data/items/new");
        await page.FillAsync("[data-testid=md-item-code]", code);
        await page.FillAsync("[data-testid=md-item-description]", description);
        await page.FillAsync("[data-testid=md-item-family]", buy ? "ACHATS" : "VANNES");
        if (buy)
        {
            await Pick.OptionAsync(page, page.Locator("[data-testid=md-item-source]"), "Acheté");
        }

        await page.Locator("input[name=leadtime]").FillAsync(lead.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.ClickAsync("[data-testid=md-item-save]");
        await Assertions.Expect(page.Locator("[data-testid=md-item-title]")).ToContainTextAsync(description);
        await Assertions.Expect(page.Locator("[data-testid=md-item-modified]")).ToContainTextAsync("Modifié par Paule Planificatrice");
    }

    private static async Task AddBomLineAsync(IPage page, string component, string qty)
    {
        // wait for the new line before picking: ".Last" read while the circuit is still adding it is the previous line
        var lines = page.Locator("[data-testid=md-bom-line]");
        var before = await lines.CountAsync();
        await page.ClickAsync("[data-testid=md-bom-add]");
        await Assertions.Expect(lines).ToHaveCountAsync(before + 1);
        var line = lines.Nth(before);
        await Pick.OptionAsync(page, line.Locator(".rz-dropdown"), component); // waits until the circuit took the pick
        await line.Locator("input[name=bom-qty]").FillAsync(qty);
    }

    private static async Task AddOperationAsync(IPage page, string workstation, string setup, string run)
    {
        var ops = page.Locator("[data-testid=md-routing-op]");
        var before = await ops.CountAsync();
        await page.ClickAsync("[data-testid=md-routing-add]");
        await Assertions.Expect(ops).ToHaveCountAsync(before + 1);
        var op = ops.Nth(before);
        await Pick.OptionAsync(page, op.Locator(".rz-dropdown"), workstation);
        await op.Locator("input[name=op-setup]").FillAsync(setup);
        await op.Locator("input[name=op-run]").FillAsync(run);
        await op.Locator("input[name=op-desc]").FillAsync("Opération");
        await page.ClickAsync("[data-testid=md-routing-save]");
        // the routing's own stamp, not the page's "saved" banner (still showing the BOM's until this save re-renders)
        await Assertions.Expect(page.Locator("[data-testid=md-routing] h2")).ToContainTextAsync("Modifié par Paule Planificatrice");
    }

    /// <summary>Pastes <paramref name="text"/> into <paramref name="cell"/> as the browser does with the clipboard (a real paste event
    /// carrying text/plain), once the grid's paste listener is attached.</summary>
    private static async Task PasteAsync(IPage page, ILocator cell, string text)
    {
        await Assertions.Expect(page.Locator("[data-paste-ready=true]")).ToHaveCountAsync(1);
        await cell.FocusAsync();
        await cell.EvaluateAsync(
            "(el, text) => { const data = new DataTransfer(); data.setData('text/plain', text); el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })); }",
            text);
    }
}
