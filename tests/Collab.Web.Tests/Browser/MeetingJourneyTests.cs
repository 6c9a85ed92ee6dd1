using System.Diagnostics;
using System.Text.RegularExpressions;
using Collab.Contracts;
using Collab.Contracts.Meetings;
using Collab.Web.Components.Pages.Meetings;
using Collab.Web.Services;
using Collab.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;
using UglyToad.PdfPig;

namespace Collab.Web.Tests.Browser;

/// <summary>
/// The daily production meeting end to end on the demo plant, in Chromium: invitations (iCal parsed back from the
/// real SMTP server), facilitator on the big screen while two participants in other browser contexts add a
/// decision and an action, 1920×1080 screenshot with the text size checked, close → minutes PDF mailed (read back
/// with PdfPig and rendered with pdftoppm); kiosk display link (anonymous, read-only, revocable).
/// </summary>
[Collection(WebHostCollection.Name)]
public sealed class MeetingJourneyTests(WebHostFixture host) : BrowserJourney
{
    protected override WebHostFixture Host => host;

    [Fact]
    public async Task Daily_meeting_runs_on_the_big_screen_with_live_capture_and_the_minutes_arrive_by_mail_as_pdf()
    {
        var meetings = host.Factory.Services.GetRequiredService<MeetingService>();
        var title = "Réunion de production " + Guid.NewGuid().ToString("N")[..4];
        var series = await meetings.CreateSeriesAsync(
            MeetingSeriesDefinition.DailyProduction("animateur",
            [
                new("animateur", "", null, false),
                new("planificateur", "", null, false),
                new("acheteur", "", null, false),
                new("qualite@client.example", "Qualité Client", "qualite@client.example", true),
            ], "Salle de l'atelier") with { Title = title }, "animateur");

        // Invitations: METHOD:REQUEST with the series UID, received by the real SMTP server and parsed back.
        var invited = await meetings.SendInvitationsAsync(series.Id, "animateur", host.BaseAddress.ToString());
        Assert.Equal(4, invited.Recipients.Count);
        var invitation = host.Smtp.FindByMessageId(invited.MessageId!)!;
        var ics = invitation.Attachments.OfType<MimePart>().Single(a => a.FileName == "invitation.ics");
        using (var stream = new MemoryStream())
        {
            await ics.Content!.DecodeToAsync(stream);
            var calendar = Ical.Net.Calendar.Load(System.Text.Encoding.UTF8.GetString(stream.ToArray()))!;
            Assert.Equal("REQUEST", calendar.Method);
            var evt = calendar.Events.Single();
            Assert.Equal((await meetings.GetSeriesAsync(series.Id))!.Uid, evt.Uid);
            Assert.Equal(0, evt.Sequence);
            Assert.Equal(title, evt.Summary);
            Assert.Contains(evt.Attendees, a => (a.Value?.ToString() ?? "").Contains("qualite@client.example", StringComparison.Ordinal));
        }

        // The facilitator starts today's meeting from the list.
        var facilitator = await SignedInPageAsync("animateur", "reunions");
        await facilitator.Locator($"tr[data-series='{series.Id}'] [data-testid=start-meeting]").ClickAsync();
        await facilitator.WaitForURLAsync(new Regex(@"/reunions/SR-"));
        await Chromium.WaitForInteractivityAsync(facilitator);
        var id = new Uri(facilitator.Url).AbsolutePath.Split('/').Last();
        var meeting = (await meetings.GetAsync(id))!;
        Assert.NotEmpty(meeting.Agenda);
        await Assertions.Expect(facilitator.Locator("[data-testid=agenda-item]")).ToHaveCountAsync(meeting.Agenda.Count);
        // Agenda lines link to their objects.
        var lateItem = meeting.Agenda.Single(i => i.Source == AgendaSource.LateCustomerOrders);
        const string lateTitle = "Commandes clients en retard ou à risque";
        // Clean numbering: "1.", "2.", … once each, labelled controls only for the selected item (no bare glyphs).
        var numbers = await facilitator.Locator("[data-testid=agenda-number]").AllTextContentsAsync();
        Assert.Equal(Enumerable.Range(1, meeting.Agenda.Count).Select(n => $"{n}."), numbers.Select(n => n.Trim()));
        await facilitator.Locator("[data-testid=agenda-item] button.mt-link", new() { HasText = lateTitle }).ClickAsync();
        await Assertions.Expect(facilitator.Locator("[data-testid=goto-item]")).ToHaveCountAsync(1);
        await Assertions.Expect(facilitator.Locator("[data-testid=goto-item]")).ToContainTextAsync("Traiter");
        await Assertions.Expect(facilitator.Locator("[data-testid=move-up]")).ToContainTextAsync("Monter");
        var gotoBox = (await facilitator.Locator("[data-testid=goto-item]").BoundingBoxAsync())!;
        Assert.True(gotoBox.Height >= 40, $"touch target {gotoBox.Height}px high");
        await Assertions.Expect(facilitator.Locator("[data-testid=item-lines] a[href^='customer-orders/']").First).ToBeVisibleAsync();
        await facilitator.Locator("[data-attendee=animateur]").CheckAsync();
        await Assertions.Expect(facilitator.Locator("[data-testid=meeting-history]")).ToContainTextAsync("Présence notée");

        // The big screen, driven by the keyboard.
        var screen = await facilitator.Context.NewPageAsync();
        await screen.GotoAsync(new Uri(host.BaseAddress, $"reunions/{id}/ecran").ToString());
        await Chromium.WaitForInteractivityAsync(screen);
        var wall = screen.Locator("[data-testid=wall-screen]");
        await Assertions.Expect(wall).ToHaveAttributeAsync("data-current", "0");
        var lateIndex = meeting.Agenda.ToList().IndexOf(lateItem);
        await wall.FocusAsync();
        for (var i = 0; i < lateIndex; i++)
        {
            await screen.Keyboard.PressAsync("ArrowRight");
            await Assertions.Expect(wall).ToHaveAttributeAsync("data-current", (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await screen.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(wall).ToHaveAttributeAsync("data-current", (lateIndex + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await screen.Keyboard.PressAsync("ArrowLeft");
        await Assertions.Expect(wall).ToHaveAttributeAsync("data-current", lateIndex.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(screen.Locator("[data-testid=screen-item] h1")).ToContainTextAsync(lateTitle);
        await screen.Keyboard.PressAsync(" ");
        await Assertions.Expect(screen.Locator("[data-testid=item-timer]")).ToHaveClassAsync("mt-running");

        // Two participants on their own devices add a decision and an action on the current item.
        var planner = await SignedInPageAsync("planificateur", $"reunions/{id}");
        await Assertions.Expect(planner.Locator("[data-testid=selected-title]")).ToContainTextAsync(lateTitle);
        var decision = "Expédier la commande en deux fois, accord du client à obtenir";
        await planner.Locator("[data-testid=decision-text]").FillAsync(decision);
        await planner.Locator("[data-testid=add-decision]").ClickAsync();
        await Assertions.Expect(planner.Locator("[data-testid=item-decisions]")).ToContainTextAsync(decision);

        var buyer = await SignedInPageAsync("acheteur", $"reunions/{id}");
        var action = "Relancer la fonderie pour les corps de vanne";
        await buyer.Locator("[data-testid=action-title]").FillAsync(action);
        await buyer.Locator("[data-testid=action-owner]").SelectOptionAsync("planificateur");
        await buyer.Locator("[data-testid=add-action]").ClickAsync();
        await Assertions.Expect(buyer.Locator("[data-testid=item-actions]")).ToContainTextAsync(action);

        // Seen live on the big screen.
        await Assertions.Expect(screen.Locator("[data-testid=screen-decision]")).ToContainTextAsync(decision);
        await Assertions.Expect(screen.Locator("[data-testid=screen-action]")).ToContainTextAsync(action);
        var fontSize = await screen.Locator("[data-testid=screen-lines] td").First.EvaluateAsync<string>("e => getComputedStyle(e).fontSize");
        Assert.True(double.Parse(fontSize.Replace("px", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) >= 40, $"body text is {fontSize}");
        var decisionSize = await screen.Locator("[data-testid=screen-decision]").EvaluateAsync<string>("e => getComputedStyle(e).fontSize");
        Assert.True(double.Parse(decisionSize.Replace("px", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) >= 40, $"decision text is {decisionSize}");
        // Nothing cut on the wall: no cell narrower than its text, no ellipsis, every quantity labelled.
        var clipped = await screen.EvaluateAsync<string[]>(@"() => [...document.querySelectorAll('[data-testid=wall-screen] td, [data-testid=wall-screen] h1, [data-testid=wall-screen] footer')]
            .filter(e => e.scrollWidth > e.clientWidth + 1 || getComputedStyle(e).textOverflow === 'ellipsis').map(e => e.textContent)");
        Assert.Empty(clipped);
        Assert.DoesNotContain(await screen.Locator("[data-testid=screen-lines] td.mt-num").AllTextContentsAsync(), v => Regex.IsMatch(v.Trim(), @"^[\d\s,.]+$"));
        await screen.ScreenshotAsync(new() { Path = Path.Combine(SourceTree.ScreenshotDirectory, "meeting-screen-fr.png") });
        await planner.ScreenshotAsync(new() { Path = Path.Combine(SourceTree.ScreenshotDirectory, "meeting-capture-fr.png") });
        // The planner may facilitate in general, but this is not their meeting: no control on their page.
        await Assertions.Expect(planner.Locator("[data-testid=next-item], [data-testid=close-meeting]")).ToHaveCountAsync(0);

        // Every item of the agenda on the wall: nothing clipped (pictures kept under artifacts/ for a person to look at).
        var shots = Directory.CreateDirectory(Path.Combine(SourceTree.Root, "artifacts", "screenshots")).FullName;
        for (var i = lateIndex + 1; i < meeting.Agenda.Count; i++)
        {
            await screen.Keyboard.PressAsync("ArrowRight");
            await Assertions.Expect(wall).ToHaveAttributeAsync("data-current", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var cut = await screen.EvaluateAsync<string[]>(@"() => [...document.querySelectorAll('[data-testid=wall-screen] td, [data-testid=wall-screen] h1, [data-testid=wall-screen] footer')]
                .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)");
            Assert.Empty(cut);
            await screen.ScreenshotAsync(new() { Path = Path.Combine(shots, $"meeting-screen-item-{i + 1}.png") });
        }

        await screen.Keyboard.PressAsync("ArrowLeft");

        // The action lives with the order, references the meeting, and its owner is notified.
        var stored = (await meetings.GetAsync(id))!.Actions.Single();
        Assert.Equal(lateItem.Lines[0].Object, stored.Origin);
        var notifications = await host.Factory.Services.GetRequiredService<INotificationService>().ListAsync("planificateur");
        Assert.Contains(notifications, n => n.Subject == action);

        // Close → minutes; a participant's edit is then refused with the reason.
        await facilitator.Locator("[data-attendee=planificateur]").CheckAsync();
        await Assertions.Expect(facilitator.Locator("[data-attendee=planificateur]")).ToBeCheckedAsync();
        // "Clore" asks first; cancelling keeps the meeting open.
        await facilitator.Locator("[data-testid=close-meeting]").ClickAsync();
        await Assertions.Expect(facilitator.Locator("[data-testid=close-confirm]")).ToContainTextAsync("Clore la réunion ?");
        await facilitator.Locator("[data-testid=close-confirm-no]").ClickAsync();
        Assert.False((await meetings.GetAsync(id))!.IsClosed);
        await facilitator.Locator("[data-testid=close-meeting]").ClickAsync();
        await facilitator.Locator("[data-testid=close-confirm-yes]").ClickAsync();
        await Assertions.Expect(facilitator.Locator("[data-testid=closed-notice]")).ToBeVisibleAsync();
        await Assertions.Expect(planner.Locator("[data-testid=closed-notice]")).ToBeVisibleAsync();
        // Numbering stays clean once closed (no "2. (2)").
        Assert.DoesNotContain(await facilitator.Locator("[data-testid=agenda-item]").AllTextContentsAsync(), t => Regex.IsMatch(t, @"\(\d+\)"));
        await Assertions.Expect(planner.Locator("[data-testid=add-decision]")).ToHaveCountAsync(0);
        var refused = await Assert.ThrowsAsync<CommandRejectedException>(() => meetings.AddNoteAsync(id, lateItem.Id, "Trop tard", "planificateur"));
        Assert.Equal(Refusal.MeetingClosed, refused.Kind);
        await Assertions.Expect(screen.Locator("[data-testid=meeting-screen] .mt-badge-closed")).ToBeVisibleAsync();

        // "Envoyer le compte rendu": one click, one mail with the PDF to every attendee.
        var before = host.Smtp.Count;
        await facilitator.Locator("[data-testid=send-minutes]").ClickAsync();
        await Assertions.Expect(facilitator.Locator("[data-testid=meeting-message]")).ToContainTextAsync("Compte rendu envoyé à 4 participant(s)");
        var mail = host.Smtp.ReadAll().Skip(before).Single(m => m.Subject?.StartsWith("Compte rendu", StringComparison.Ordinal) == true);
        Assert.Equal(4, mail.To.Mailboxes.Count());
        var attachment = mail.Attachments.OfType<MimePart>().Single();
        Assert.Equal("application/pdf", attachment.ContentType.MimeType);
        using var pdfStream = new MemoryStream();
        await attachment.Content!.DecodeToAsync(pdfStream);
        var pdf = pdfStream.ToArray();

        using (var doc = PdfDocument.Open(pdf))
        {
            var text = Squash(string.Join(" ", doc.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text)))));
            Assert.Contains(Squash("Robinetterie et Pompes du Rhône"), text);
            Assert.Contains(Squash(title), text);
            foreach (var expected in new[] { decision, action, "Qualité Client", "Salle de l'atelier", "Présents", "Absents", "Taux de service (OTD)" })
            {
                Assert.Contains(Squash(expected), text);
            }
        }

        // Rendered to a picture with pdftoppm (poppler): the PDF is readable by another implementation.
        var dir = Directory.CreateTempSubdirectory("collab-minutes-");
        try
        {
            var file = Path.Combine(dir.FullName, "cr.pdf");
            await File.WriteAllBytesAsync(file, pdf);
            // Kept for a person to look at (pdftoppm -r 80 -png): the last minutes rendered by this journey.
            await File.WriteAllBytesAsync(Path.Combine(Path.GetTempPath(), "collab-minutes-last.pdf"), pdf);
            using var p = Process.Start(new ProcessStartInfo("pdftoppm", ["-r", "40", "-png", "-f", "1", "-l", "1", file, Path.Combine(dir.FullName, "page")]) { RedirectStandardError = true })!;
            await p.WaitForExitAsync();
            Assert.Equal(0, p.ExitCode);
            Assert.True(new FileInfo(Directory.GetFiles(dir.FullName, "page*.png").Single()).Length > 1000);
        }
        finally
        {
            dir.Delete(recursive: true);
        }

        // Reopen: the facilitator only, with a trace.
        await Assert.ThrowsAsync<ForbiddenActionException>(() => meetings.ReopenAsync(id, "oubli", "acheteur"));
        await facilitator.Locator("[data-testid=reopen-reason]").FillAsync("Décision à préciser");
        await facilitator.Locator("[data-testid=reopen]").ClickAsync();
        await Assertions.Expect(facilitator.Locator("[data-testid=meeting-history]")).ToContainTextAsync("Réunion rouverte « Décision à préciser »");
        await facilitator.Locator("[data-testid=close-meeting]").ClickAsync();
        await facilitator.Locator("[data-testid=close-confirm-yes]").ClickAsync();
        await Assertions.Expect(facilitator.Locator("[data-testid=closed-notice]")).ToBeVisibleAsync();

        // History search finds it by a word of the decision, accents ignored.
        Assert.Contains(await meetings.SearchAsync(new MeetingSearch("expedier fonderie")), m => m.Id == id);
    }

    [Fact]
    public async Task Kiosk_link_shows_the_plant_read_only_without_sign_in_and_a_wrong_or_revoked_token_shows_nothing()
    {
        var meetings = host.Factory.Services.GetRequiredService<MeetingService>();
        var display = await meetings.CreateDisplayAsync("Écran atelier", "admin");
        await Assert.ThrowsAsync<ForbiddenActionException>(() => meetings.CreateDisplayAsync("Pirate", "animateur"));

        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 }, Locale = "fr-FR" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(host.BaseAddress, $"ecran/{display.Token}").ToString());
        await Assertions.Expect(page.Locator("[data-testid=meeting-screen], [data-testid=plant-board]")).ToHaveCountAsync(1);
        // It refreshes itself (server-rendered, no circuit: nothing an anonymous visitor could drive).
        await Assertions.Expect(page.Locator("html[data-kiosk-refreshed]")).ToHaveCountAsync(1);
        Assert.DoesNotContain("/account/signin", page.Url, StringComparison.Ordinal);
        // Read-only: no form, no button, keys do nothing.
        var version = await page.Locator("[data-testid=wall-screen]").GetAttributeAsync("data-version");
        await page.Locator("[data-testid=wall-screen]").FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync(" ");
        Assert.Equal(0, await page.Locator("[data-testid=wall-screen] :is(button, input, textarea, select, form, a)").CountAsync());
        Assert.Equal(version, await page.Locator("[data-testid=wall-screen]").GetAttributeAsync("data-version"));

        // Load bars are drawn to scale: each bar's height over the plot's equals its value over the scale, and the
        // 100 % line sits at 100 / scale; every week of the chart is inside the screen.
        var bars = page.Locator("[data-testid=chart-bar]");
        if (await bars.CountAsync() > 0)
        {
            var plot = (await page.Locator(".mt-plot").First.BoundingBoxAsync())!;
            var max = double.Parse((await page.Locator(".mt-plot").First.GetAttributeAsync("data-max"))!, System.Globalization.CultureInfo.InvariantCulture);
            for (var i = 0; i < await bars.CountAsync(); i++)
            {
                var bar = bars.Nth(i);
                var box = (await bar.BoundingBoxAsync())!;
                var value = double.Parse((await bar.GetAttributeAsync("data-value"))!, System.Globalization.CultureInfo.InvariantCulture);
                Assert.InRange(box.Height / plot.Height, value / max - 0.02, value / max + 0.02);
                Assert.True(box.X + box.Width <= 1920, $"bar {i} off screen");
            }

            var line = (await page.Locator("[data-testid=chart-ref]").First.BoundingBoxAsync())!;
            Assert.InRange((plot.Y + plot.Height - line.Y - line.Height) / plot.Height, 100 / max - 0.02, 100 / max + 0.02);
        }

        await page.ScreenshotAsync(new() { Path = Path.Combine(SourceTree.ScreenshotDirectory, "meeting-kiosk-fr.png") });

        using var anonymous = host.Anonymous();
        foreach (var token in new[] { "x", display.Token[..^2], new string('A', 43) })
        {
            var response = await anonymous.Http.GetAsync($"ecran/{token}");
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("Lien d'affichage invalide ou révoqué", System.Net.WebUtility.HtmlDecode(html), StringComparison.Ordinal);
            Assert.DoesNotContain("Robinetterie", html, StringComparison.Ordinal);
        }

        await meetings.RevokeDisplayAsync(display.Display.Id, "admin");
        var revoked = System.Net.WebUtility.HtmlDecode(await (await anonymous.Http.GetAsync($"ecran/{display.Token}")).Content.ReadAsStringAsync());
        Assert.Contains("Lien d'affichage invalide ou révoqué", revoked, StringComparison.Ordinal);
        Assert.DoesNotContain("Robinetterie", revoked, StringComparison.Ordinal);
        await context.DisposeAsync();
    }

    private static string Squash(string s) => Regex.Replace(s, @"\s+", "");
}
