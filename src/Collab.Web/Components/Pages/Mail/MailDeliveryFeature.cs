using System.Globalization;
using Collab.Contracts.FollowUps;
using Collab.Domain.FollowUps;
using Collab.Infrastructure.Mail;
using Collab.Web.Hosting;
using Collab.Web.Identity;
using Collab.Web.Services;

namespace Collab.Web.Components.Pages.Mail;

/// <summary>
/// Where outgoing mail goes (issue 12): the SMTP server stored by Administration › Messagerie, else the "Collab:Mail"
/// configuration (a <c>Host</c> set), else — only in the embedded demo (embedded mode with the demo data, unless
/// <c>Collab:Mail:DemoOutbox=false</c>) — the built-in demo outbox; otherwise "not configured". Read at every call.
/// </summary>
public sealed class CollabMailRouteResolver(IGrainFactory grains, MailSettingsProtector protector, IConfiguration configuration, CollabStorageSettings storage)
    : IMailRouteResolver
{
    /// <summary>The site (SiteOptions: <c>Collab:Site:Code</c>) whose stored SMTP settings are read.</summary>
    private string Site => SiteOptions.CodeOf(configuration);

    /// <summary>True when this host would use the demo outbox rather than report "not configured".</summary>
    public bool DemoOutboxAllowed =>
        storage.Mode == CollabMode.Embedded && storage.SeedDemo
        && !string.Equals(configuration["Collab:Mail:DemoOutbox"], "false", StringComparison.OrdinalIgnoreCase);

    public async ValueTask<MailReadiness> ResolveAsync(CancellationToken cancellationToken = default)
    {
        var stored = await grains.GetGrain<IMailSettingsGrain>(Site).GetAsync();
        if (stored.Smtp is { } smtp)
        {
            try
            {
                return new MailReadiness(MailRoute.Smtp, MailConfigurationMapping.ToSettings(smtp, protector));
            }
            catch (MailSettingsException)
            {
                // The stored password cannot be read (key ring changed): the sender reports it when used.
                return new MailReadiness(MailRoute.Smtp, new MailSettings { Host = smtp.Host, Port = smtp.Port, FromAddress = smtp.FromAddress });
            }
        }

        var section = configuration.GetSection(MailServiceCollectionExtensions.SectionName);
        if (!string.IsNullOrWhiteSpace(section["Host"]))
        {
            return new MailReadiness(MailRoute.Smtp, section.Get<MailSettings>() ?? new MailSettings());
        }

        return DemoOutboxAllowed ? new MailReadiness(MailRoute.DemoOutbox, null) : MailReadiness.NotConfigured;
    }
}

/// <summary>What the demo outbox page does: list, download, and answer as the supplier through the mailbox's matching path.</summary>
public interface IDemoOutboxService
{
    Task<MailRoute> GetRouteAsync();

    Task<IReadOnlyList<DemoOutboxMail>> ListAsync();

    Task<MailAttachment?> GetAttachmentAsync(string id, int index);

    /// <summary>The text a supplier would answer (delivery date proposed), for the reply form.</summary>
    string SuggestReply(DemoOutboxMail mail, DateOnly date, string language);

    /// <summary>
    /// Drops the supplier's reply (In-Reply-To = the mail's Message-ID, from the recipient's address) into the same
    /// path as a mail read by IMAP: <see cref="IMailboxGrain.IngestAsync"/> threads it onto the order (or triage).
    /// </summary>
    Task<MailboxPollSummary> ReplyAsRecipientAsync(string id, string text, string user);
}

internal sealed class DemoOutboxService(DemoOutbox outbox, IMailRouteResolver routes, PlanContext ctx, TimeProvider clock, IMailBodyStore bodies) : IDemoOutboxService
{
    public async Task<MailRoute> GetRouteAsync() => (await routes.ResolveAsync()).Route;

    public Task<IReadOnlyList<DemoOutboxMail>> ListAsync() => outbox.ListAsync();

    public Task<MailAttachment?> GetAttachmentAsync(string id, int index) => outbox.GetAttachmentAsync(id, index);

    public string SuggestReply(DemoOutboxMail mail, DateOnly date, string language)
    {
        var en = language.StartsWith("en", StringComparison.OrdinalIgnoreCase);
        var name = mail.To.FirstOrDefault()?.DisplayName ?? mail.To.FirstOrDefault()?.Address ?? "";
        return en
            ? $"Hello,\n\nWe can deliver on {date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}.\n\nBest regards,\n{name}"
            : $"Bonjour,\n\nNous pouvons livrer le {date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}.\n\nCordialement,\n{name}";
    }

    public async Task<MailboxPollSummary> ReplyAsRecipientAsync(string id, string text, string user)
    {
        await ctx.RequireAsync(user, Policies.CanBuy);
        if ((await routes.ResolveAsync()).Route != MailRoute.DemoOutbox)
        {
            throw new Collab.Contracts.CommandRejectedException(Collab.Contracts.Refusal.DemoOutboxInactive);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw new Collab.Contracts.CommandRejectedException(Collab.Contracts.Refusal.SupplierReplyRequired);
        }

        var mail = await outbox.GetAsync(id) ?? throw new Collab.Contracts.CommandRejectedException(Collab.Contracts.Refusal.OutboxMessageGone);
        var from = mail.To.FirstOrDefault() ?? throw new Collab.Contracts.CommandRejectedException(Collab.Contracts.Refusal.NoRecipient);
        var at = from.Address.LastIndexOf('@');
        var domain = at > 0 ? from.Address[(at + 1)..] : DemoOutbox.Domain;
        var reply = new InboundMail(
            $"demo-reply.{Guid.NewGuid():N}@{domain}",
            mail.MessageId,
            [.. mail.References, mail.MessageId],
            from.ToString(),
            from.Address,
            mail.ReplyTo?.Address ?? DemoOutbox.FromAddress,
            mail.Subject.StartsWith("RE:", StringComparison.OrdinalIgnoreCase) ? mail.Subject : "RE: " + mail.Subject,
            clock.GetUtcNow(),
            text.Length > 20_000 ? text[..20_000] : text,
            null,
            [],
            BodyState: text.Length > 20_000 ? MailBodyState.Truncated : MailBodyState.Complete);
        // Same intake as an IMAP mail: the body goes to the mail store, the mailbox grain keeps its id.
        var stored = await MailIntake.StoreAsync(bodies, ctx.Site, [(reply, [])]);
        return await ctx.Grains.GetGrain<IMailboxGrain>(ctx.Site).IngestAsync(stored, null, null);
    }
}

public static class MailDeliveryFeature
{
    /// <summary>
    /// The app's one <see cref="IMailSender"/> (route checked first: SMTP, demo outbox, or "not configured"), the demo
    /// outbox under the data directory and its page's service. Call BEFORE AddCollabMail, whose defaults are TryAdd.
    /// </summary>
    public static IServiceCollection AddCollabMailDelivery(this IServiceCollection services)
    {
        services.AddSingleton(sp => new DemoOutbox(Path.Combine(sp.GetRequiredService<CollabStorageSettings>().DataDirectory, "demo-outbox"),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<CollabMailRouteResolver>();
        services.AddSingleton<IMailRouteResolver>(sp => sp.GetRequiredService<CollabMailRouteResolver>());
        services.AddSingleton<IMailSender>(sp => new RoutingMailSender(sp.GetRequiredService<IMailRouteResolver>(), sp.GetRequiredService<DemoOutbox>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<SmtpMailSender>>()));
        services.AddSingleton<IDemoOutboxService, DemoOutboxService>();
        return services;
    }

    /// <summary>Attachment download of the demo outbox page (signed-in users; ids are checked file names).</summary>
    public static IEndpointRouteBuilder MapDemoOutboxEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/mail/demo-outbox/{id}/attachments/{index:int}", async (string id, int index, IDemoOutboxService outbox) =>
            await outbox.GetAttachmentAsync(id, index) is { } a ? Results.File(a.Content, a.ContentType, a.FileName) : Results.NotFound())
            .RequireAuthorization();
        return app;
    }
}
