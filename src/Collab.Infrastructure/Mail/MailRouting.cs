using Collab.Contracts;
using Microsoft.Extensions.Logging;

namespace Collab.Infrastructure.Mail;

/// <summary>Where outgoing mail goes now.</summary>
public enum MailRoute
{
    /// <summary>No SMTP server configured and no demo outbox: every mail action says so before anyone composes.</summary>
    NotConfigured,
    /// <summary>A real SMTP server (stored by Administration › Messagerie, or the "Collab:Mail" configuration).</summary>
    Smtp,
    /// <summary>The embedded demo without a server: mails are kept in the built-in demo outbox (never sent).</summary>
    DemoOutbox,
}

/// <summary>The route and, for <see cref="MailRoute.Smtp"/>, the settings to send with.</summary>
public sealed record MailReadiness(MailRoute Route, MailSettings? Settings)
{
    public static readonly MailReadiness NotConfigured = new(MailRoute.NotConfigured, null);

    public bool CanSend => Route != MailRoute.NotConfigured;
}

/// <summary>Decides the route for the current configuration (read at each call: an administrator's change applies at once).</summary>
public interface IMailRouteResolver
{
    ValueTask<MailReadiness> ResolveAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// The app's <see cref="IMailSender"/>: checks the route first (not configured → <see cref="MailSettingsException"/> with
/// <see cref="Refusal.MailNotConfigured"/>, nothing attempted), then sends over SMTP or keeps the mail in the
/// demo outbox. Any failure of the server (down, refused login, timeout, protocol error) comes out as a
/// <see cref="MailDeliveryException"/> with a typed reason, never as another exception type.
/// </summary>
public sealed class RoutingMailSender(IMailRouteResolver routes, DemoOutbox outbox, TimeProvider clock, ILogger<SmtpMailSender>? logger = null) : IMailSender
{
    public async Task<SentMail> SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var readiness = await routes.ResolveAsync(cancellationToken).ConfigureAwait(false);
        switch (readiness.Route)
        {
            case MailRoute.Smtp when readiness.Settings is { } settings:
                try
                {
                    return await new SmtpMailSender(new FixedMailSettingsProvider(settings), clock, logger).SendAsync(mail, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not (MailDeliveryException or MailValidationException or MailSettingsException or OperationCanceledException))
                {
                    throw new MailDeliveryException(new(Refusal.MailSendFailed, SmtpMailSender.Server(settings), e.Message), e);
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new MailDeliveryException(new(Refusal.MailTimeout, SmtpMailSender.Server(settings)), e);
                }

            case MailRoute.DemoOutbox:
                return await outbox.SaveAsync(mail, cancellationToken).ConfigureAwait(false);
            default:
                throw new MailSettingsException(new(Refusal.MailNotConfigured));
        }
    }
}
