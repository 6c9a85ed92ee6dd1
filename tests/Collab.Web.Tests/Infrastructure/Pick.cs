using Microsoft.Playwright;

namespace Collab.Web.Tests.Infrastructure;

/// <summary>Choosing people in a <c>&lt;UserPicker&gt;</c> (a Radzen drop-down listing display names) as a user does.</summary>
public static class Pick
{
    public static Task OneAsync(IPage page, string testId, string displayName) =>
        ChooseAsync(page, page.Locator($"[data-testid={testId}]"), page.Locator($"li[aria-label=\"{displayName}\"]:visible").First, displayName);

    /// <summary>Opens a Radzen drop-down and clicks the visible option whose text is exactly <paramref name="text"/>.</summary>
    public static Task OptionAsync(IPage page, ILocator dropdown, string text) =>
        ChooseAsync(page, dropdown, page.Locator(".rz-dropdown-item:visible", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^\\s*" + System.Text.RegularExpressions.Regex.Escape(text) + "\\s*$") }).First, text);

    /// <summary>
    /// Picks an option and waits until the circuit has taken it: the drop-down's own label (not its option list, which is
    /// rendered inside the same element and always contains every option) shows the choice. A click that lands while the
    /// popup is still opening is lost now and then on a loaded 2-core host; the pick is then made again (three tries).
    /// </summary>
    private static async Task ChooseAsync(IPage page, ILocator dropdown, ILocator option, string expected)
    {
        var label = dropdown.Locator(".rz-dropdown-label");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (!await option.IsVisibleAsync())
                {
                    await dropdown.ClickAsync(new() { Timeout = 10_000 }); // opens it (a click on an open one would close it)
                }

                await option.ClickAsync(new() { Timeout = 10_000 });
                await Assertions.Expect(label).ToContainTextAsync(expected, new() { Timeout = 10_000 });
                return;
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException && attempt < 3)
            {
                await page.Keyboard.PressAsync("Escape");
            }
        }
    }

    /// <summary>
    /// Picks several people in a multi-select picker, one at a time, each checked on its chip before the next: the popup
    /// may close (or not be open yet) between two picks on a loaded host, so it is opened again when the option is not
    /// showing, and a lost pick is made again (three tries), like <see cref="OneAsync"/>.
    /// </summary>
    public static async Task ManyAsync(IPage page, string testId, params string[] displayNames)
    {
        var picker = page.Locator($"[data-testid={testId}]");
        // Another picker's list may still be closing and offers the same names (Radzen renders the lists outside the
        // pickers): wait until no list shows before opening this one.
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator("li[aria-label]:visible")).ToHaveCountAsync(0, new() { Timeout = 10_000 });
        foreach (var name in displayNames)
        {
            // the chips, not the option list rendered inside the same element
            var chip = page.Locator($"[data-testid={testId}] .rz-chip-text", new() { HasText = name });
            var option = page.Locator($"li[aria-label=\"{name}\"]:visible").First;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    if (!await option.IsVisibleAsync())
                    {
                        await picker.ClickAsync(new() { Timeout = 10_000 });
                    }

                    await option.ClickAsync(new() { Timeout = 10_000 });
                    await Assertions.Expect(chip).ToHaveCountAsync(1, new() { Timeout = 10_000 });
                    break;
                }
                catch (Exception e) when (e is PlaywrightException or TimeoutException && attempt < 3)
                {
                    if (await chip.CountAsync() == 1)
                    {
                        break; // the pick was taken after all
                    }

                    await page.Keyboard.PressAsync("Escape");
                }
            }
        }

        await page.Keyboard.PressAsync("Escape");
        foreach (var name in displayNames)
        {
            await Assertions.Expect(page.Locator($"[data-testid={testId}] .rz-chip-text", new() { HasText = name })).ToHaveCountAsync(1);
        }
    }

    /// <summary>The names a picker offers (opens it, reads the list, closes it).</summary>
    public static async Task<IReadOnlyList<string>> OptionsAsync(IPage page, string testId)
    {
        await page.Locator($"[data-testid={testId}]").ClickAsync();
        var items = page.Locator("li[aria-label]:visible");
        await Assertions.Expect(items.First).ToBeVisibleAsync();
        var names = new List<string>();
        for (var i = 0; i < await items.CountAsync(); i++)
        {
            names.Add((await items.Nth(i).GetAttributeAsync("aria-label"))!);
        }

        return names;
    }
}
