using System.Text.RegularExpressions;
using Collab.Contracts.Common;

namespace Collab.Infrastructure.Mail;

/// <summary>Knows which object each sent Message-ID belongs to, and which order numbers exist.</summary>
public interface IMailThreadDirectory
{
    /// <summary>The object a mail we sent (by its Message-ID, without angle brackets) was about, or null.</summary>
    ValueTask<ObjectRef?> FindBySentMessageIdAsync(string messageId, CancellationToken cancellationToken = default);

    /// <summary>Whether <paramref name="target"/> exists (subject matches on unknown numbers go to triage).</summary>
    ValueTask<bool> ExistsAsync(ObjectRef target, CancellationToken cancellationToken = default);
}

/// <summary>In-memory directory (tests; a grain-backed one is provided by the grains).</summary>
public sealed class InMemoryMailThreadDirectory : IMailThreadDirectory
{
    private readonly Dictionary<string, ObjectRef> _sent = new(StringComparer.Ordinal);
    private readonly HashSet<ObjectRef> _objects = [];
    private readonly Lock _lock = new();

    public void RecordSent(string messageId, ObjectRef target)
    {
        lock (_lock)
        {
            _sent[MailValidator.StripAngles(messageId)] = target;
            _objects.Add(target);
        }
    }

    public void AddObject(ObjectRef target)
    {
        lock (_lock) _objects.Add(target);
    }

    public ValueTask<ObjectRef?> FindBySentMessageIdAsync(string messageId, CancellationToken cancellationToken = default)
    {
        lock (_lock) return ValueTask.FromResult(_sent.TryGetValue(MailValidator.StripAngles(messageId), out var r) ? r : null);
    }

    public ValueTask<bool> ExistsAsync(ObjectRef target, CancellationToken cancellationToken = default)
    {
        lock (_lock) return ValueTask.FromResult(_objects.Contains(target));
    }
}

public enum MailMatchMethod
{
    /// <summary>In-Reply-To or References named a Message-ID we sent.</summary>
    Thread,
    /// <summary>An order number was found in the subject.</summary>
    SubjectNumber,
    /// <summary>Nothing matched: the mail goes to the triage list (never dropped).</summary>
    Triage,
}

/// <summary>Where a received mail belongs. <see cref="Target"/> is null for <see cref="MailMatchMethod.Triage"/>.</summary>
public sealed record MailMatch(MailMatchMethod Method, ObjectRef? Target, string Explanation)
{
    public bool IsMatched => Target is not null;
}

/// <summary>An order-number pattern of the subject and the kind of object it designates.</summary>
public sealed record OrderNumberRule(string Pattern, ObjectKind Kind);

/// <summary>
/// Matches a received mail to the object it answers: first by In-Reply-To, then by References
/// (newest first) against the Message-IDs we sent; else by an order number in the subject
/// (e.g. <c>OA-2026-00042</c>, <c>PO-2026-00042</c>) that exists; otherwise triage.
/// </summary>
public sealed class MailMatcher
{
    /// <summary>Default numbering: OA-/PO- = purchase order, CC-/CDE-/SO- = customer order, YYYY-NNNNN.</summary>
    public static readonly OrderNumberRule[] DefaultRules =
    [
        new(@"(?<![A-Z0-9-])(?:OA|PO)-\d{4}-\d{3,6}(?![0-9])", ObjectKind.PurchaseOrder),
        new(@"(?<![A-Z0-9-])(?:CC|CDE|SO)-\d{4}-\d{3,6}(?![0-9])", ObjectKind.CustomerOrder),
    ];

    private readonly IMailThreadDirectory _directory;
    private readonly (Regex Regex, ObjectKind Kind)[] _rules;

    public MailMatcher(IMailThreadDirectory directory, IEnumerable<OrderNumberRule>? rules = null)
    {
        _directory = directory ?? throw new ArgumentNullException(nameof(directory));
        _rules = [.. (rules ?? DefaultRules).Select(r => (new Regex(r.Pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)), r.Kind))];
    }

    public async ValueTask<MailMatch> MatchAsync(IncomingMail mail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mail);
        if (!string.IsNullOrWhiteSpace(mail.InReplyTo))
        {
            var target = await _directory.FindBySentMessageIdAsync(MailValidator.StripAngles(mail.InReplyTo), cancellationToken).ConfigureAwait(false);
            if (target is not null) return new MailMatch(MailMatchMethod.Thread, target, $"Réponse au message {mail.InReplyTo}.");
        }
        for (var i = mail.References.Length - 1; i >= 0; i--)
        {
            var target = await _directory.FindBySentMessageIdAsync(MailValidator.StripAngles(mail.References[i]), cancellationToken).ConfigureAwait(false);
            if (target is not null) return new MailMatch(MailMatchMethod.Thread, target, $"Fil du message {mail.References[i]}.");
        }

        var unknown = new List<string>();
        foreach (var (regex, kind) in _rules)
        {
            foreach (Match m in regex.Matches(mail.Subject))
            {
                var target = new ObjectRef(kind, m.Value.ToUpperInvariant());
                if (await _directory.ExistsAsync(target, cancellationToken).ConfigureAwait(false))
                    return new MailMatch(MailMatchMethod.SubjectNumber, target, $"Numéro {target.Id} trouvé dans l'objet.");
                unknown.Add(target.Id);
            }
        }
        var why = unknown.Count > 0
            ? $"Numéro(s) {string.Join(", ", unknown)} inconnu(s) : à trier."
            : "Aucun fil ni numéro de commande reconnu : à trier.";
        return new MailMatch(MailMatchMethod.Triage, null, why);
    }
}
