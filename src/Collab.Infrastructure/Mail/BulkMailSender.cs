using Collab.Contracts;
namespace Collab.Infrastructure.Mail;

/// <summary>One mail of a batch, with the caller's key (e.g. the PO number) to show the result against.</summary>
public sealed record BulkMailItem(string Key, OutgoingMail Mail);

public enum BulkMailStatus
{
    Sent,
    /// <summary>Refused by validation: nothing sent.</summary>
    Refused,
    /// <summary>The server could not be reached or refused it.</summary>
    Failed,
    /// <summary>Not attempted because the batch was cancelled.</summary>
    Cancelled,
}

/// <summary>Per-mail result. Arrays only, so it can be stored in grain state.</summary>
public sealed record BulkMailResult(string Key, BulkMailStatus Status, string? MessageId, IReadOnlyList<RefusalReason> Problems);

/// <summary>Progress report after each mail: <see cref="Completed"/> of <see cref="Total"/>.</summary>
public sealed record BulkMailProgress(int Completed, int Total, int Sent, int NotSent, BulkMailResult Last)
{
    public double Fraction => Total == 0 ? 1 : (double)Completed / Total;
}

/// <summary>
/// Sends a batch of personalised mails one after the other (the "À relancer" worklist): a failure
/// does not stop the batch, each mail gets its own result, progress is reported after each one.
/// Cancellation stops before the next mail; the remaining ones are reported as cancelled.
/// </summary>
public sealed class BulkMailSender(IMailSender sender)
{
    public async Task<BulkMailResult[]> SendAllAsync(IReadOnlyList<BulkMailItem> items, IProgress<BulkMailProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var results = new BulkMailResult[items.Count];
        int sent = 0, notSent = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            BulkMailResult result;
            if (cancellationToken.IsCancellationRequested)
            {
                result = new BulkMailResult(item.Key, BulkMailStatus.Cancelled, null, [new(Refusal.MailSendCancelled)]);
            }
            else
            {
                try
                {
                    var outcome = await sender.SendAsync(item.Mail, cancellationToken).ConfigureAwait(false);
                    result = new BulkMailResult(item.Key, BulkMailStatus.Sent, outcome.MessageId, []);
                }
                catch (MailValidationException ex)
                {
                    result = new BulkMailResult(item.Key, BulkMailStatus.Refused, null, MailFailure.Reasons(ex));
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    result = new BulkMailResult(item.Key, BulkMailStatus.Cancelled, null, [new(Refusal.MailSendCancelled)]);
                }
                catch (Exception ex)
                {
                    // Delivery/settings errors and anything unexpected: this mail failed, the batch goes on.
                    result = new BulkMailResult(item.Key, BulkMailStatus.Failed, null, MailFailure.Reasons(ex));
                }
            }
            results[i] = result;
            if (result.Status == BulkMailStatus.Sent) sent++; else notSent++;
            progress?.Report(new BulkMailProgress(i + 1, items.Count, sent, notSent, result));
        }
        return results;
    }
}
