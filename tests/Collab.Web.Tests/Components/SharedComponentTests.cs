using AngleSharp.Dom;
using Microsoft.Extensions.DependencyInjection;
using Bunit;
using Collab.Web.Components.Shared;

namespace Collab.Web.Tests.Components;

public sealed class SharedComponentTests
{
    [Fact]
    public void Empty_state_shows_title_text_and_what_will_come()
    {
        using var ctx = new ComponentTestContext("fr-FR");
        var cut = ctx.Render<EmptyState>(p => p
            .Add(x => x.Icon, "inbox")
            .Add(x => x.Title, "Rien ici")
            .Add(x => x.Text, "Explication honnête")
            .Add(x => x.Items, ["Premier", "Second"]));

        var root = cut.Find("[data-testid=empty-state]");
        Assert.Equal("status", root.GetAttribute("role"));
        Assert.Equal("Rien ici", cut.Find("h2").TextContent);
        Assert.Equal("Explication honnête", cut.Find("p").TextContent);
        Assert.Equal(["Premier", "Second"], cut.FindAll("li").Select(li => li.TextContent));
    }

    [Fact]
    public void Empty_state_without_items_renders_no_list()
    {
        using var ctx = new ComponentTestContext("fr-FR");
        var cut = ctx.Render<EmptyState>(p => p.Add(x => x.Icon, "inbox").Add(x => x.Title, "Rien"));
        Assert.Empty(cut.FindAll("ul"));
    }

    [Theory]
    [InlineData("fr-FR", "Cette section n'est pas encore disponible", "aucune donnée fictive")]
    [InlineData("en-GB", "This section is not available yet", "no made-up data")]
    public void Upcoming_section_is_an_honest_empty_state_without_data(string culture, string title, string honesty)
    {
        using var ctx = new ComponentTestContext(culture);
        var cut = ctx.Render<UpcomingSection>(p => p
            .Add(x => x.Title, "Stocks")
            .Add(x => x.Intro, "Intro")
            .Add(x => x.Items, ["A", "B", "C"]));

        Assert.Equal("Stocks", cut.Find("h1").TextContent);
        Assert.Equal(title, cut.Find("[data-testid=empty-state] h2").TextContent);
        Assert.Contains(honesty, cut.Find("[data-testid=empty-state] p").TextContent, StringComparison.Ordinal);
        // No grid, table or figure pretending to be data.
        Assert.Empty(cut.FindAll("table, .rz-datatable, .rz-chart, canvas"));
        Assert.Equal(3, cut.FindAll("[data-testid=empty-state] li").Count);
    }

    [Theory]
    [InlineData("fr-FR", "FR", "Langue")]
    [InlineData("en-GB", "EN", "Language")]
    [InlineData("en-US", "EN", "Language")]
    public void Language_switch_marks_the_current_language_and_posts_with_antiforgery(string culture, string active, string label)
    {
        using var ctx = new ComponentTestContext(culture);
        var navigation = ctx.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        navigation.NavigateTo("plan/mrp?semaine=48");
        var cut = ctx.Render<LanguageSwitch>();

        var form = cut.Find("form");
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("account/language", form.GetAttribute("action"));
        Assert.Equal("test-token", cut.Find("input[name=__RequestVerificationToken]").GetAttribute("value"));
        Assert.Equal("/plan/mrp?semaine=48", cut.Find("input[name=returnUrl]").GetAttribute("value"));
        Assert.Equal(label, cut.Find(".collab-lang-label").TextContent);

        var buttons = cut.FindAll("button[name=culture]");
        Assert.Equal(["fr-FR", "en-GB"], buttons.Select(b => b.GetAttribute("value")));
        var pressed = buttons.Single(b => b.GetAttribute("aria-pressed") == "true");
        Assert.Equal(active, pressed.TextContent);
        Assert.Contains("active", pressed.ClassList);
        Assert.Single(buttons, b => b.GetAttribute("aria-pressed") == "false");
    }

    [Fact]
    public void Language_switch_follows_navigation_to_return_to_the_current_page()
    {
        using var ctx = new ComponentTestContext("fr-FR");
        var navigation = ctx.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        var cut = ctx.Render<LanguageSwitch>();
        Assert.Equal("/", cut.Find("input[name=returnUrl]").GetAttribute("value"));

        navigation.NavigateTo("meetings");
        cut.WaitForAssertion(() => Assert.Equal("/meetings", cut.Find("input[name=returnUrl]").GetAttribute("value")));
    }

    [Fact]
    public void Error_list_renders_nothing_without_errors_and_each_error_otherwise()
    {
        using var ctx = new ComponentTestContext("fr-FR");
        Assert.Empty(ctx.Render<ErrorList>().FindAll("li"));
        var cut = ctx.Render<ErrorList>(p => p.Add(x => x.Errors, ["un", "deux"]));
        Assert.Equal("alert", cut.Find("ul").GetAttribute("role"));
        Assert.Equal(["un", "deux"], cut.FindAll("li").Select(li => li.TextContent));
    }
}

public sealed class ObjectLinksTests
{
    [Fact]
    public void A_project_links_to_its_number_not_its_site_qualified_key()
    {
        var project = new Collab.Contracts.Common.ObjectRef(Collab.Contracts.Common.ObjectKind.ImprovementProject, "DEMO/PRJ-004");
        Assert.Equal("improvement-projects/PRJ-004", ObjectLinks.Path(project));
        Assert.Equal("PRJ-004", ObjectLinks.Number(project));
    }

    [Fact]
    public void Every_object_link_names_a_page_of_the_app()
    {
        var templates = typeof(ObjectLinks).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes(typeof(Microsoft.AspNetCore.Components.RouteAttribute), false))
            .Cast<Microsoft.AspNetCore.Components.RouteAttribute>()
            .Select(r => r.Template.Trim('/'))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var kind in Enum.GetValues<Collab.Contracts.Common.ObjectKind>())
        {
            if (ObjectLinks.Path(new(kind, "X-1")) is not { } path) continue;
            var first = path.Split('/')[0];
            Assert.True(templates.Any(t => t.Split('/')[0] == first && t.Split('/').Length == path.Split('/').Length),
                $"{kind}: no page answers {path}");
        }
    }
}
