using System.Globalization;
using Collab.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Collab.Web.Tests.Browser;

/// <summary>The Ordonnancement page in Debian's Chromium against the real host (demo plant seeded): a planner drags
/// an operation with the mouse, the schedule repairs (the moved operation at its new start, its successor shifted),
/// and a second user's page shows the move live. Screenshot scheduling-fr.png.</summary>
[Collection(WebHostCollection.Name)]
public sealed class SchedulingJourneyTests(WebHostFixture host) : BrowserJourney
{
    protected override WebHostFixture Host => host;

    protected override float TimeoutMs => 30_000;

    protected override string? Locale => null;

    protected override bool NeedsDemoPlant => false;

    [Fact]
    public async Task Planner_drags_an_operation_the_plan_repairs_and_another_screen_follows_live()
    {
        var planner = await SignedInPageAsync("planificateur", "plan/scheduling");
        var reader = await SignedInPageAsync("lecteur", "plan/scheduling");
        await Assertions.Expect(planner.Locator("g.sc-op").First).ToBeAttachedAsync();
        // A reader sees the Gantt but may not change it.
        await Assertions.Expect(reader.Locator("g.sc-op").First).ToBeAttachedAsync();
        await Assertions.Expect(reader.Locator("[data-testid=optimise]")).ToHaveCountAsync(0);
        Assert.Equal("false", await reader.Locator("g.sc-op").First.GetAttributeAsync("data-movable"));

        // Start from a fresh instant plan (other tests may have released MOs since the schedule was made).
        var version = await VersionAsync(planner);
        await planner.Locator("[data-testid=replan]").ClickAsync();
        await Assertions.Expect(planner.Locator("[data-testid=scheduling-page]")).Not.ToHaveAttributeAsync("data-version", version.ToString(CultureInfo.InvariantCulture));
        version = await VersionAsync(planner);
        // The page after "Recalculer": late customer orders counted as the dashboard and the MRP page count them
        // (plan figure next to it) and explained; screenshot scheduling-recalculated-fr.png.
        await Assertions.Expect(planner.Locator("[data-testid=plan-late-customer-orders]")).ToBeVisibleAsync();
        await Assertions.Expect(planner.Locator("[data-testid=late-customer-orders-list]")).ToBeVisibleAsync();
        await planner.ScreenshotAsync(new() { Path = Path.Combine(SourceTree.ScreenshotDirectory, "scheduling-recalculated-fr.png") });

        // An operation with a routing successor that the drag will overtake.
        var pick = await planner.EvaluateAsync<string[]>("""
            () => {
              const ops = [...document.querySelectorAll('g.sc-op')].map(g => ({ id: g.dataset.id, start: g.dataset.start, end: g.dataset.end, movable: g.dataset.movable }));
              const byId = new Map(ops.map(o => [o.id, o]));
              let best = null;
              for (const o of ops) {
                if (o.movable !== 'true') continue;
                const [mo, seq] = [o.id.slice(0, o.id.lastIndexOf('/')), Number(o.id.slice(o.id.lastIndexOf('/') + 1))];
                const next = ops.filter(x => x.id.startsWith(mo + '/') && Number(x.id.slice(x.id.lastIndexOf('/') + 1)) > seq)
                                .sort((a, b) => Number(a.id.slice(a.id.lastIndexOf('/') + 1)) - Number(b.id.slice(b.id.lastIndexOf('/') + 1)))[0];
                if (!next || next.movable !== 'true') continue;
                const gap = Date.parse(next.start) - Date.parse(o.start);
                if (gap > 0 && (best === null || gap < best.gap)) best = { gap, pick: [o.id, o.start, next.id, next.start] };
              }
              return best && best.pick;
            }
            """);
        Assert.NotNull(pick);
        var (opId, oldStart, nextId, nextOldStart) = (pick[0], Parse(pick[1]), pick[2], Parse(pick[3]));
        // Move it later by whole days, past its successor's start, landing on a weekday (same time of day: a working time).
        var days = (int)Math.Ceiling((nextOldStart - oldStart).TotalDays) + 1;
        while (oldStart.AddDays(days).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) days++;
        var expected = oldStart.AddDays(days);
        var pxPerHour = double.Parse((await planner.Locator("svg.sc-gantt").GetAttributeAsync("data-px-per-hour"))!, CultureInfo.InvariantCulture);

        var bar = planner.Locator($"g.sc-op[data-id='{opId}'] rect").First;
        await bar.ScrollIntoViewIfNeededAsync();
        var box = (await bar.BoundingBoxAsync())!;
        var (x, y) = (box.X + Math.Min(6, box.Width / 2), box.Y + box.Height / 2);
        var dx = days * 24 * pxPerHour;
        // Keep the drop point inside the viewport: scroll the Gantt so the bar is at the left.
        await planner.EvaluateAsync("([id]) => { const s = document.querySelector('.sc-scroll'); const g = document.querySelector(`g.sc-op[data-id='${id}'] rect`); s.scrollLeft = Math.max(0, Number(g.getAttribute('x')) - 20); }", new object[] { opId });
        box = (await bar.BoundingBoxAsync())!;
        y = box.Y + box.Height / 2;
        // Press on a visible point of the picked bar: bars are at least 8 px wide, so a short operation and its
        // neighbour on the machine overlap (the page draws the widened one on top) and a press at a fixed offset from
        // the bar's start could grab the neighbour: issue #18's "the drag does not land". Scan leftwards from near its start.
        var visible = await planner.EvaluateAsync<double?>(
            "([id, left, width, y]) => { for (let px = Math.min(Math.floor(left + width) - 2, Math.ceil(left) + 40); px >= Math.ceil(left) + 1; px--) { if (document.elementFromPoint(px, y)?.closest('g.sc-op')?.dataset.id === id) return px; } return null; }",
            new object[] { opId, (double)box.X, (double)box.Width, (double)y });
        Assert.True(visible is not null, $"no visible point on {opId}'s bar");
        x = (float)visible.Value;
        Assert.True(x + dx < 1900, $"drop point {x + dx} outside the viewport; choose a smaller move");
        // The drop lands relative to the start the bar shows when it is grabbed (the page sends it with the drop).
        oldStart = Parse((await planner.Locator($"g.sc-op[data-id='{opId}']").GetAttributeAsync("data-start"))!);
        expected = oldStart.AddDays(days);
        await planner.Mouse.MoveAsync((float)x, (float)y);
        await planner.Mouse.DownAsync();
        await planner.Mouse.MoveAsync((float)(x + dx / 2), (float)y, new() { Steps = 5 });
        await planner.Mouse.MoveAsync((float)(x + dx), (float)y, new() { Steps = 5 });
        await planner.Mouse.UpAsync();

        // The plan repaired: the moved operation starts where it was dropped, is pinned, and its successor shifted after it.
        var moved = planner.Locator($"g.sc-op[data-id='{opId}']");
        await Assertions.Expect(moved).ToHaveAttributeAsync("data-start", Iso(expected));
        await Assertions.Expect(planner.Locator($"[data-testid='pin-{opId}']")).ToHaveCountAsync(1);
        var movedEnd = Parse((await moved.GetAttributeAsync("data-end"))!);
        var nextStart = Parse((await planner.Locator($"g.sc-op[data-id='{nextId}']").GetAttributeAsync("data-start"))!);
        Assert.True(nextStart >= movedEnd, $"successor {nextId} starts {nextStart:g}, before the moved operation ends {movedEnd:g}");
        Assert.True(nextStart > nextOldStart, "the successor shifted");
        // The move is a newer version and the last change the page compares (one CI-like run saw version + 2 here: one
        // more change reached the schedule between the instant plan and the move; not reproduced when run alone).
        await planner.WaitForFunctionAsync("v => Number(document.querySelector('[data-testid=scheduling-page]').dataset.version) > v", version);
        await Assertions.Expect(planner.Locator("[data-testid=comparison]")).ToContainTextAsync($"Déplacement de {opId}");

        // The other screen follows without reload.
        await Assertions.Expect(reader.Locator($"g.sc-op[data-id='{opId}']")).ToHaveAttributeAsync("data-start", Iso(expected));
        await Assertions.Expect(reader.Locator($"g.sc-op[data-id='{nextId}']")).ToHaveAttributeAsync("data-start", Iso(nextStart));

        // Selecting shows the side panel; unpin from there.
        // A short operation is widened to 8 px and may sit partly under a neighbour drawn on top of it: click where it shows.
        await moved.ScrollIntoViewIfNeededAsync();
        var visiblePoint = await moved.EvaluateAsync<double[]?>(@"g => {
            const r = g.querySelector('rect').getBoundingClientRect(), y = r.top + r.height / 2;
            for (let x = r.left + 0.5; x < r.right; x += 0.5) {
                const hit = document.elementFromPoint(x, y);
                if (hit && hit.closest('g.sc-op') === g) return [x, y];
            }
            return null;
        }");
        Assert.True(visiblePoint is { Length: 2 }, $"{opId} is hidden under another operation: a planner could not click it");
        await planner.Mouse.ClickAsync((float)visiblePoint![0], (float)visiblePoint[1]);
        await Assertions.Expect(planner.Locator("[data-testid=op-panel]")).ToContainTextAsync(opId.Replace("/", " / ", StringComparison.Ordinal));
        await Assertions.Expect(planner.Locator("[data-testid=op-start]")).ToHaveTextAsync(expected.ToString("g", CultureInfo.GetCultureInfo("fr-FR")));
        // Screenshot around "now" (the demo's first weeks), the selected operation in the side panel.
        await planner.EvaluateAsync("() => { const s = document.querySelector('.sc-scroll'); s.scrollLeft = Math.max(0, Number(document.querySelector('[data-testid=now-line]').getAttribute('x1')) - 150); }");
        await planner.ScreenshotAsync(new() { Path = Path.Combine(SourceTree.ScreenshotDirectory, "scheduling-fr.png") });
        await planner.Locator("[data-testid=pin-toggle]").ClickAsync();
        await Assertions.Expect(planner.Locator($"[data-testid='pin-{opId}']")).ToHaveCountAsync(0);
        await Assertions.Expect(reader.Locator($"[data-testid='pin-{opId}']")).ToHaveCountAsync(0);

        // Undo of the last move: nudge the selected operation one hour later with the keyboard, then "Annuler le déplacement".
        await Assertions.Expect(planner.Locator("[data-testid=undo-move]")).ToBeDisabledAsync();
        await planner.Locator("[data-testid=gantt]").FocusAsync();
        await planner.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(planner.Locator($"[data-testid='pin-{opId}']")).ToHaveCountAsync(1);
        await Assertions.Expect(moved).Not.ToHaveAttributeAsync("data-start", Iso(expected));
        await planner.Locator("[data-testid=undo-move]").ClickAsync();
        await Assertions.Expect(moved).ToHaveAttributeAsync("data-start", Iso(expected));
        await Assertions.Expect(planner.Locator($"[data-testid='pin-{opId}']")).ToHaveCountAsync(0);
        await Assertions.Expect(reader.Locator($"g.sc-op[data-id='{opId}']")).ToHaveAttributeAsync("data-start", Iso(expected));
        await Assertions.Expect(planner.Locator("[data-testid=comparison]")).ToContainTextAsync($"Annulation du déplacement de {opId}");
        await Assertions.Expect(planner.Locator("[data-testid=undo-move]")).ToBeDisabledAsync();
        // Zoom: the Gantt scale follows the buttons; no bar is thinner than the minimum width.
        var before = double.Parse((await planner.Locator("svg.sc-gantt").GetAttributeAsync("data-px-per-hour"))!, CultureInfo.InvariantCulture);
        await planner.Locator("[data-testid=zoom-in]").ClickAsync();
        await Assertions.Expect(planner.Locator("svg.sc-gantt")).ToHaveAttributeAsync("data-px-per-hour", (before * 1.5).ToString("0.##", CultureInfo.InvariantCulture));
        var thinnest = await planner.EvaluateAsync<double>("() => Math.min(...[...document.querySelectorAll('g.sc-op > rect:first-of-type')].map(r => Number(r.getAttribute('width'))))");
        Assert.True(thinnest >= 8, $"thinnest bar {thinnest} px");
    }

    private static async Task<long> VersionAsync(IPage page) =>
        long.Parse((await page.Locator("[data-testid=scheduling-page]").GetAttributeAsync("data-version"))!, CultureInfo.InvariantCulture);

    private static DateTime Parse(string iso) => DateTime.ParseExact(iso, "yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    private static string Iso(DateTime t) => t.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
}
