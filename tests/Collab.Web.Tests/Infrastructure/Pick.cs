using Microsoft.Playwright;

namespace Collab.Web.Tests.Infrastructure;

/// <summary>Choosing people in a <c>&lt;UserPicker&gt;</c> (a Radzen drop-down listing display names) as a user does.</summary>
public static class Pick
{
    public static async Task OneAsync(IPage page, string testId, string displayName)
    {
        await page.Locator($"[data-testid={testId}]").ClickAsync();
        await page.Locator($"li[aria-label=\"{displayName}\"]:visible").First.ClickAsync();
        await Assertions.Expect(page.Locator($"[data-testid={testId}]")).ToContainTextAsync(displayName);
    }

    public static async Task ManyAsync(IPage page, string testId, params string[] displayNames)
    {
        await page.Locator($"[data-testid={testId}]").ClickAsync();
        foreach (var name in displayNames)
        {
            await page.Locator($"li[aria-label=\"{name}\"]:visible").First.ClickAsync();
        }

        await page.Keyboard.PressAsync("Escape");
        foreach (var name in displayNames)
        {
            await Assertions.Expect(page.Locator($"[data-testid={testId}]")).ToContainTextAsync(name);
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
