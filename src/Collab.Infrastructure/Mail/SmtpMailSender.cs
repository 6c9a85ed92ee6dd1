using System.Globalization;
using Collab.Contracts;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;

namespace Collab.Infrastructure.Mail;

/// <summary>
/// <see cref="IMailSender"/> over SMTP with MailKit. Every mail is validated first
/// (<see cref="MailValidator"/>): a refused mail never opens a connection.
/// </summary>
public sealed class SmtpMailSender(IMailSettingsProvider settingsProvider, TimeProvider timeProvider, ILogger<SmtpMailSender>? logger = null) : IMailSender
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    public async Task<SentMail> SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var settings = await settingsProvider.GetAsync(cancellationToken).ConfigureAwait(false);
        EnsureUsable(settings);
        MailValidator.EnsureValid(mail, settings.MaxAttachmentBytes);

        var now = timeProvider.GetUtcNow();
        var messageId = mail.MessageId is null ? MessageIds.New(settings.EffectiveMessageIdDomain, now) : MailValidator.StripAngles(mail.MessageId);
        var message = MailMessageFactory.Create(settings, mail, messageId, now);

        using var client = new SmtpClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(settings.Host, settings.Port, ToSocketOptions(settings.Security), cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(settings.UserName))
                await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", cancellationToken).ConfigureAwait(false);
            await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (AuthenticationException ex)
        {
            throw new MailDeliveryException(new(Refusal.MailLoginRefused, Server(settings)), ex);
        }
        catch (SmtpCommandException ex) when (ex.ErrorCode == SmtpErrorCode.RecipientNotAccepted)
        {
            throw new MailDeliveryException(new(Refusal.MailRecipientRejected, ex.Mailbox?.Address ?? "", ex.Message), ex);
        }
        catch (SmtpCommandException ex)
        {
            throw new MailDeliveryException(new(Refusal.MailMessageRejected, ((int)ex.StatusCode).ToString(CultureInfo.InvariantCulture), ex.Message), ex);
        }
        catch (NotSupportedException ex) when (settings.Security == MailSecurity.StartTls)
        {
            throw new MailDeliveryException(new(Refusal.MailNoStartTls, Server(settings)), ex);
        }
        catch (NotSupportedException ex)
        {
            throw new MailDeliveryException(new(Refusal.MailNotSupported, Server(settings), ex.Message), ex);
        }
        catch (OperationCanceledException ex)
        {
            throw new MailDeliveryException(new(Refusal.MailTimeout, Server(settings)), ex);
        }
        catch (Exception ex) when (ex is SocketException or IOException or SslHandshakeException or SmtpProtocolException or ServiceNotConnectedException or TimeoutException)
        {
            throw new MailDeliveryException(new(Refusal.MailUnreachable, Server(settings), ex.Message), ex);
        }

        _logger.LogInformation("Mail {MessageId} sent to {Count} recipient(s)", messageId, mail.To.Length + mail.Cc.Length);
        return new SentMail(messageId, now, mail.To.Length + mail.Cc.Length);
    }

    internal static SecureSocketOptions ToSocketOptions(MailSecurity security) => security switch
    {
        MailSecurity.None => SecureSocketOptions.None,
        MailSecurity.StartTls => SecureSocketOptions.StartTls,
        MailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => throw new ArgumentOutOfRangeException(nameof(security)),
    };

    /// <summary>"host:port", as a refusal argument.</summary>
    internal static string Server(MailSettings settings) => string.Create(CultureInfo.InvariantCulture, $"{settings.Host}:{settings.Port}");

    private static void EnsureUsable(MailSettings settings)
    {
        if (string.IsNullOrWhiteSpace(settings.Host) || settings.Port is <= 0 or > 65535)
            throw new MailSettingsException(new RefusalReason(Refusal.MailServerNotConfigured));
        if (MailValidator.CheckAddress(settings.FromAddress) is { } reason)
            throw new MailSettingsException(new RefusalReason(Refusal.MailFromInvalid, reason));
        if (MailValidator.ContainsControlCharacter(settings.FromName))
            throw new MailSettingsException(new RefusalReason(Refusal.MailFromNameControlCharacter));
        if (settings.DefaultReplyTo is not null && MailValidator.CheckAddress(settings.DefaultReplyTo) is { } r2)
            throw new MailSettingsException(new RefusalReason(Refusal.MailReplyToInvalid, r2));
    }
}
