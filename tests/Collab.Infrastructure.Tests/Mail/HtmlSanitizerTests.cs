using Collab.Infrastructure.Mail;

namespace Collab.Infrastructure.Tests.Mail;

public sealed class HtmlSanitizerTests
{
    [Theory]
    [InlineData("<script>alert(1)</script>Bonjour", "Bonjour")]
    [InlineData("<SCRIPT type=\"text/javascript\">var a = '</p>';</SCRIPT>ok", "ok")]
    [InlineData("<style>body{display:none}</style><p>Texte</p>", "<p>Texte</p>")]
    [InlineData("<p onclick=\"steal()\" onmouseover='x()'>Texte</p>", "<p>Texte</p>")]
    [InlineData("<a href=\"javascript:alert(1)\">lien</a>", "<a rel=\"noopener noreferrer nofollow\" target=\"_blank\">lien</a>")]
    [InlineData("<a href=\"jav&#x09;ascript:alert(1)\">lien</a>", "<a rel=\"noopener noreferrer nofollow\" target=\"_blank\">lien</a>")]
    [InlineData("<a href=\" JaVaScRiPt:alert(1)\">x</a>", "<a rel=\"noopener noreferrer nofollow\" target=\"_blank\">x</a>")]
    [InlineData("<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>", "<a rel=\"noopener noreferrer nofollow\" target=\"_blank\">x</a>")]
    [InlineData("<a href=\"https://fournisseur.example.fr/suivi?a=1&amp;b=2\">suivi</a>", "<a href=\"https://fournisseur.example.fr/suivi?a=1&amp;b=2\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">suivi</a>")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>après", "après")]
    [InlineData("<img src=\"https://tracker.example/p.gif\" onerror=\"x()\" alt=\"logo\">", "[logo]")]
    [InlineData("<svg><script>alert(1)</script></svg>ok", "ok")]
    [InlineData("<div style=\"background:url(javascript:x)\">t</div>", "<div>t</div>")]
    [InlineData("<!-- <script>x</script> -->visible", "visible")]
    [InlineData("<unknown-tag>garde le texte</unknown-tag>", "garde le texte")]
    [InlineData("<b>gras <i>italique</b> fin", "<b>gras <i>italique</i></b> fin")]
    [InlineData("<p>non fermé", "<p>non fermé</p>")]
    [InlineData("a < b &amp; c > d", "a &lt; b &amp; c &gt; d")]
    [InlineData("<table border=1><tr><td colspan=\"2\" onclick=x>1</td></tr></table>", "<table><tr><td colspan=\"2\">1</td></tr></table>")]
    [InlineData("<p title=\"&quot;&gt;&lt;script&gt;\">t</p>", "<p title=\"&quot;&gt;&lt;script&gt;\">t</p>")]
    [InlineData("<form action=\"https://evil\"><input name=p></form>après", "après")]
    [InlineData("<scr<script>x</script>ipt>alert(1)</script>", "xipt&gt;alert(1)")]
    [InlineData("", "")]
    public void Sanitises_to_the_allow_list(string input, string expected)
    {
        Assert.Equal(expected, HtmlSanitizer.Sanitize(input));
    }

    [Fact]
    public void Keeps_ordinary_mail_formatting_and_accents()
    {
        var html = "<html><head><title>t</title></head><body><p>Bonjour,</p><ul><li>Réf. <strong>A-12</strong> : 250 pièces</li></ul><br><p>Cordialement,<br/>Société Élan — « Qualité »</p></body></html>";
        var safe = HtmlSanitizer.Sanitize(html);
        Assert.Equal("<p>Bonjour,</p><ul><li>Réf. <strong>A-12</strong> : 250 pièces</li></ul><br /><p>Cordialement,<br />Société Élan — « Qualité »</p>", safe);
    }

    [Fact]
    public void Output_never_contains_an_event_handler_or_script_whatever_the_nesting()
    {
        var nasty = string.Concat(Enumerable.Repeat("<div><p ONLOAD=x><a href='javascript:x' onfocus=y>z</a><script>1</script><style>2</style>", 50));
        var safe = HtmlSanitizer.Sanitize(nasty);
        Assert.DoesNotContain("on", safe.Replace("noopener", "", StringComparison.Ordinal).Replace("nofollow", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("script", safe, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript", safe, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Html_only_mail_gets_a_text_rendering()
    {
        var text = IncomingMailParser.HtmlToText("<p>Bonjour,</p><p>Livraison le <b>12/03</b> &amp; solde en avril.</p><script>x()</script>");
        Assert.Equal("Bonjour,\nLivraison le 12/03 & solde en avril.", text);
    }

    [Fact]
    public void Sanitising_stored_output_again_changes_nothing()
    {
        // Pages sanitise the stored (already sanitised) body again at display time.
        var html = "<p>Délai <b>confirmé</b> &amp; <a href='https://x.example/a?b=1&c=2' onclick='x()'>lien</a></p><img src='t.gif' alt='logo'><table><tr><td>1</td></tr></table><script>x()</script><ul><li>un<li>deux</ul>";
        var once = HtmlSanitizer.Sanitize(html);
        Assert.Equal(once, HtmlSanitizer.Sanitize(once));
    }
}
