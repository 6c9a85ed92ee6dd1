using Collab.Contracts;

namespace Collab.Domain.Mail;

/// <summary>
/// The pure part of the mail checks, usable by grains (no MimeKit): control characters in header fields, the
/// syntax of an address (dot-atom local part, dotted domain), Message-ID brackets. The infrastructure's
/// <c>Collab.Infrastructure.Mail.MailValidator</c> adds the MIME parser's check and validates whole mails.
/// Reasons are typed (<see cref="RefusalTerm"/>): the pages word them in the reader's language.
/// </summary>
public static class MailValidator
{
    public const int MaxAddressLength = 254;

    /// <summary>True when <paramref name="value"/> contains a character that must never appear in a header.</summary>
    public static bool ContainsControlCharacter(string? value)
    {
        if (value is null)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (char.IsControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Checks one address (addr-spec only, no display name). Returns null when valid, else the reason.</summary>
    public static RefusalTerm? CheckAddress(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return RefusalTerm.AddressEmpty;
        }

        if (ContainsControlCharacter(address))
        {
            return RefusalTerm.ControlCharacter;
        }

        if (address.Length > MaxAddressLength)
        {
            return RefusalTerm.AddressTooLong;
        }

        if (address != address.Trim())
        {
            return RefusalTerm.AddressEdgeSpaces;
        }

        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1 || address.IndexOf('@') != at)
        {
            return RefusalTerm.AddressAtSign;
        }

        var local = address[..at];
        var domain = address[(at + 1)..];
        if (local.Length > 64)
        {
            return RefusalTerm.AddressLocalPartTooLong;
        }

        foreach (var c in local)
        {
            // Dot-atom only: quoted local parts are legal but never needed here and a classic injection vector.
            if (c <= ' ' || c is '"' or '(' or ')' or ',' or ':' or ';' or '<' or '>' or '[' or ']' or '\\')
            {
                return RefusalTerm.AddressForbiddenCharacter;
            }
        }

        if (local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal))
        {
            return RefusalTerm.AddressMisplacedDot;
        }

        var labels = domain.Split('.');
        if (labels.Length < 2)
        {
            return RefusalTerm.AddressDomainIncomplete;
        }

        foreach (var label in labels)
        {
            if (label.Length is 0 or > 63 || label.StartsWith('-') || label.EndsWith('-'))
            {
                return RefusalTerm.AddressDomainInvalid;
            }

            foreach (var c in label)
            {
                if (!(char.IsLetterOrDigit(c) || c == '-'))
                {
                    return RefusalTerm.AddressDomainForbiddenCharacter;
                }
            }
        }

        return null;
    }

    /// <summary>Removes surrounding angle brackets and spaces of a Message-ID.</summary>
    public static string StripAngles(string messageId)
    {
        var id = messageId.Trim();
        if (id.StartsWith('<') && id.EndsWith('>'))
        {
            id = id[1..^1].Trim();
        }

        return id;
    }
}
