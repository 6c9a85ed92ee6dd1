using Collab.Infrastructure.Mail;

namespace Collab.Infrastructure.Tests.Mail;

public sealed class MailValidatorTests
{
    [Theory]
    [InlineData("jeanne.martin@usine-lyon.fr")]
    [InlineData("achats+relance@fournisseur.example.com")]
    [InlineData("o'neil@example.co.uk")]
    [InlineData("françois@société.fr")]
    public void Accepts_ordinary_addresses(string address) => Assert.Null(MailValidator.CheckAddress(address));

    [Theory]
    [InlineData("jeanne@usine.fr\r\nBcc: x@y.fr")]
    [InlineData("a@b")]
    [InlineData("a..b@example.fr")]
    [InlineData(".a@example.fr")]
    [InlineData("a@-example.fr")]
    [InlineData("a@example..fr")]
    [InlineData("a b@example.fr")]
    [InlineData("<a@example.fr>")]
    [InlineData("a@example.fr;b@example.fr")]
    public void Refuses_malformed_or_dangerous_addresses(string address) => Assert.NotNull(MailValidator.CheckAddress(address));

    [Fact]
    public void Collects_every_problem_at_once()
    {
        var mail = new OutgoingMail { To = [], Subject = "", TextBody = "x", Attachments = [new("../../etc/passwd", "application/pdf", [1])] };
        var errors = MailValidator.Validate(mail, 1024);
        Assert.Equal(["To", "Subject", "Attachments[0]"], errors.Select(e => e.Field));
    }

    [Fact]
    public void Error_messages_show_control_characters_escaped()
    {
        var ex = Assert.Throws<MailValidationException>(() => MailValidator.EnsureValid(
            new OutgoingMail { To = [new("x@example.fr", "Nom\r\nBcc: y@example.fr")], Subject = "s", TextBody = "" }, 1024));
        Assert.Contains("Nom\\u000d\\u000aBcc", ex.Message);
    }
}
