using System.Text.RegularExpressions;
using Collab.Contracts.Common;
using Collab.Contracts.FollowUps;

namespace Collab.Domain.FollowUps;

/// <summary>How a received mail was tied to an order.</summary>
public enum MailMatchMethod
{
    /// <summary>In-Reply-To or References named a Message-ID we sent.</summary>
    Thread,
    /// <summary>An order number was found in the subject.</summary>
    SubjectNumber,
    /// <summary>Nothing matched: the mail goes to the triage list (never dropped).</summary>
    Triage,
}

/// <summary>An order-number pattern of the subject and the kind of object it designates.</summary>
public sealed record OrderNumberRule(string Pattern, ObjectKind Kind);

/// <summary>
/// Where a received mail belongs: <see cref="Target"/> is null for <see cref="MailMatchMethod.Triage"/>, which then says
/// why (<see cref="Reason"/>, with the unknown numbers); <see cref="ThreadId"/> is the Message-ID that matched a thread.
/// </summary>
public sealed record MailThreadMatch(MailMatchMethod Method, ObjectRef? Target, TriageReason Reason, IReadOnlyList<string> UnknownNumbers, string? ThreadId = null)
{
    public bool IsMatched => Target is not null;
}

/// <summary>
/// Pure rules to tie a received mail to the object it answers: first its thread headers (In-Reply-To, then
/// References newest first) against the Message-IDs we sent, else an order number of the subject
/// (<c>OA-2026-00042</c>, <c>PO-…</c>, <c>CC-…</c>) that exists; otherwise triage. The caller supplies the lookups.
/// </summary>
public static class MailThreading
{
    /// <summary>Default numbering: OA-/PO- = purchase order, CC-/CDE-/SO- = customer order, YYYY-NNNNN.</summary>
    public static readonly OrderNumberRule[] DefaultRules =
    [
        new(@"(?<![A-Z0-9-])(?:OA|PO)-\d{4}-\d{3,6}(?![0-9])", ObjectKind.PurchaseOrder),
        new(@"(?<![A-Z0-9-])(?:CC|CDE|SO)-\d{4}-\d{3,6}(?![0-9])", ObjectKind.CustomerOrder),
    ];

    private static readonly (Regex Regex, ObjectKind Kind)[] Compiled =
        [.. DefaultRules.Select(r => (new Regex(r.Pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)), r.Kind))];

    /// <summary>A Message-ID without its angle brackets and spaces.</summary>
    public static string StripAngles(string messageId) => Mail.MailValidator.StripAngles(messageId ?? "");

    /// <summary>The Message-IDs a reply names, in the order to try: In-Reply-To, then References newest first.</summary>
    public static IReadOnlyList<string> ThreadIds(string? inReplyTo, IReadOnlyList<string> references)
    {
        var ids = new List<string>();
        if (!string.IsNullOrWhiteSpace(inReplyTo))
        {
            ids.Add(StripAngles(inReplyTo));
        }

        for (var i = references.Count - 1; i >= 0; i--)
        {
            if (!string.IsNullOrWhiteSpace(references[i]))
            {
                ids.Add(StripAngles(references[i]));
            }
        }

        return ids;
    }

    /// <summary>The order numbers of a subject, in order of appearance (upper case).</summary>
    public static IReadOnlyList<ObjectRef> SubjectNumbers(string subject, IEnumerable<OrderNumberRule>? rules = null)
    {
        var compiled = rules is null
            ? Compiled
            : [.. rules.Select(r => (new Regex(r.Pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)), r.Kind))];
        var found = new List<ObjectRef>();
        foreach (var (regex, kind) in compiled)
        {
            foreach (Match m in regex.Matches(subject ?? ""))
            {
                found.Add(new ObjectRef(kind, m.Value.ToUpperInvariant()));
            }
        }

        return found;
    }

    /// <summary>
    /// The one matching rule: the thread headers (<see cref="ThreadIds"/>) against the Message-IDs we sent, else the first
    /// subject number (<see cref="SubjectNumbers"/>) of an order that exists, else triage with its typed reason. The caller
    /// supplies the lookups (the mailbox grain asks its sent ids and the order grains).
    /// </summary>
    public static async ValueTask<MailThreadMatch> MatchAsync(string? inReplyTo, IReadOnlyList<string> references, string? subject,
        Func<string, ValueTask<ObjectRef?>> findSent, Func<ObjectRef, ValueTask<bool>> exists, IEnumerable<OrderNumberRule>? rules = null)
    {
        ArgumentNullException.ThrowIfNull(findSent);
        ArgumentNullException.ThrowIfNull(exists);
        foreach (var id in ThreadIds(inReplyTo, references ?? []))
        {
            if (await findSent(id).ConfigureAwait(false) is { } sent)
            {
                return new MailThreadMatch(MailMatchMethod.Thread, sent, default, [], id);
            }
        }

        var unknown = new List<string>();
        foreach (var number in SubjectNumbers(subject ?? "", rules))
        {
            if (await exists(number).ConfigureAwait(false))
            {
                return new MailThreadMatch(MailMatchMethod.SubjectNumber, number, default, []);
            }

            unknown.Add(number.Id);
        }

        return new MailThreadMatch(MailMatchMethod.Triage, null, unknown.Count > 0 ? TriageReason.UnknownNumbers : TriageReason.NoThreadNorNumber, unknown);
    }

    /// <summary>The kind of object a typed number designates (whole text), or null.</summary>
    public static ObjectKind? KindOfNumber(string number) =>
        DefaultRules.FirstOrDefault(r => Regex.IsMatch(number ?? "", "^" + r.Pattern + "$", RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(200)))?.Kind;

    /// <summary>
    /// Whether a reply's sender is the supplier we know: same address, or same domain as the supplier's address
    /// (issue 16 item 5 — a date proposed by anyone else needs an explicit confirmation).
    /// </summary>
    public static bool IsKnownSender(string? fromAddress, string? supplierEmail)
    {
        if (string.IsNullOrWhiteSpace(fromAddress) || string.IsNullOrWhiteSpace(supplierEmail))
        {
            return false;
        }

        var from = fromAddress.Trim();
        var known = supplierEmail.Trim();
        if (string.Equals(from, known, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var fromAt = from.LastIndexOf('@');
        var knownAt = known.LastIndexOf('@');
        return fromAt > 0 && knownAt > 0 && string.Equals(from[(fromAt + 1)..], known[(knownAt + 1)..], StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The address of a "Name &lt;address&gt;" sender as stored on the thread (or the text itself).</summary>
    public static string AddressOf(string from)
    {
        var text = (from ?? "").Trim();
        var open = text.LastIndexOf('<');
        var close = text.LastIndexOf('>');
        return open >= 0 && close > open ? text[(open + 1)..close].Trim() : text;
    }

    /// <summary>
    /// Whether a received reply may be accepted in one click (issue 16 item 5): it was matched by its thread headers
    /// (it answers a mail we sent), or it comes from the supplier's known address or domain. Anything else — a PO number
    /// in the subject from anyone, a mail filed from triage — is "expéditeur non vérifié" and needs an explicit confirmation.
    /// </summary>
    public static bool IsVerifiedReply(string? matchedBy, string from, string? supplierEmail) =>
        string.Equals(matchedBy, nameof(MailMatchMethod.Thread), StringComparison.Ordinal) || IsKnownSender(AddressOf(from), supplierEmail);
}
