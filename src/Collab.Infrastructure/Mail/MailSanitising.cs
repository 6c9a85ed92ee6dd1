namespace Collab.Infrastructure.Mail;

/// <summary>The HTML sanitising pipeline applied to received mails before display (see docs/mail-and-pdf.md, "HTML sanitising").</summary>
public static class MailSanitising
{
    public static string Sanitize(string? html) => HtmlSanitizer.Sanitize(html);
}
