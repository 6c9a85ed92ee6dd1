namespace Collab.Domain.Mail;

/// <summary>
/// The pure part of the mail checks, usable by grains (no MimeKit): control characters in header fields, the
/// syntax of an address (dot-atom local part, dotted domain), Message-ID brackets. The infrastructure's
/// <c>Collab.Infrastructure.Mail.MailValidator</c> adds the MIME parser's check and validates whole mails.
/// Reasons are French (shown as they are by the pages, like every command refusal).
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

    /// <summary>Checks one address (addr-spec only, no display name). Returns null when valid, else the reason (French).</summary>
    public static string? CheckAddress(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return "adresse vide";
        }

        if (ContainsControlCharacter(address))
        {
            return "caractère de contrôle (retour à la ligne…) interdit";
        }

        if (address.Length > MaxAddressLength)
        {
            return "adresse trop longue";
        }

        if (address != address.Trim())
        {
            return "espaces en début ou fin d'adresse";
        }

        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1 || address.IndexOf('@') != at)
        {
            return "il faut exactement un « @ » entre le nom et le domaine";
        }

        var local = address[..at];
        var domain = address[(at + 1)..];
        if (local.Length > 64)
        {
            return "partie avant « @ » trop longue";
        }

        foreach (var c in local)
        {
            // Dot-atom only: quoted local parts are legal but never needed here and a classic injection vector.
            if (c <= ' ' || c is '"' or '(' or ')' or ',' or ':' or ';' or '<' or '>' or '[' or ']' or '\\')
            {
                return "caractère interdit dans l'adresse";
            }
        }

        if (local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal))
        {
            return "point mal placé dans l'adresse";
        }

        var labels = domain.Split('.');
        if (labels.Length < 2)
        {
            return "domaine incomplet (ex. : entreprise.fr)";
        }

        foreach (var label in labels)
        {
            if (label.Length is 0 or > 63 || label.StartsWith('-') || label.EndsWith('-'))
            {
                return "domaine invalide";
            }

            foreach (var c in label)
            {
                if (!(char.IsLetterOrDigit(c) || c == '-'))
                {
                    return "caractère interdit dans le domaine";
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
