using Collab.Contracts.Common;
using Collab.Infrastructure.Mail;

namespace Collab.Infrastructure.Tests.Mail;

public sealed class MailMatcherTests
{
    private static readonly ObjectRef Po42 = new(ObjectKind.PurchaseOrder, "OA-2026-00042");
    private static readonly ObjectRef Po77 = new(ObjectKind.PurchaseOrder, "PO-2026-00077");
    private static readonly ObjectRef So5 = new(ObjectKind.CustomerOrder, "CC-2026-00005");

    private static MailMatcher Matcher()
    {
        var d = new InMemoryMailThreadDirectory();
        d.RecordSent("<sent-1@usine.example.fr>", Po42);
        d.RecordSent("sent-2@usine.example.fr", So5);
        d.AddObject(Po77);
        return new MailMatcher(d);
    }

    [Fact]
    public async Task In_reply_to_wins_over_the_subject()
    {
        var m = await Matcher().MatchAsync(new IncomingMail { InReplyTo = "sent-1@usine.example.fr", Subject = "RE: PO-2026-00077" });
        Assert.Equal((MailMatchMethod.Thread, Po42), (m.Method, m.Target));
    }

    [Fact]
    public async Task References_are_used_when_in_reply_to_is_unknown_newest_first()
    {
        var m = await Matcher().MatchAsync(new IncomingMail
        {
            InReplyTo = "their-own@fournisseur.example.fr",
            References = ["sent-1@usine.example.fr", "<sent-2@usine.example.fr>", "their-own@fournisseur.example.fr"],
        });
        Assert.Equal((MailMatchMethod.Thread, So5), (m.Method, m.Target));
    }

    [Theory]
    [InlineData("TR: Confirmation OA-2026-00042 livraison", "OA-2026-00042")]
    [InlineData("re: votre commande po-2026-00077", "PO-2026-00077")]
    [InlineData("Commandes OA-2026-99999 et PO-2026-00077", "PO-2026-00077")]
    public async Task Subject_number_of_an_existing_order_matches(string subject, string expected)
    {
        var m = await Matcher().MatchAsync(new IncomingMail { Subject = subject });
        Assert.Equal(MailMatchMethod.SubjectNumber, m.Method);
        Assert.Equal(expected, m.Target!.Id);
    }

    [Theory]
    [InlineData("Offre spéciale", "Aucun fil")]
    [InlineData("Commande OA-2026-99999", "OA-2026-99999 inconnu")]
    [InlineData("XOA-2026-00042 ou OA-2026-0004200", "Aucun fil")]
    public async Task Everything_else_goes_to_triage_with_a_reason(string subject, string reason)
    {
        var m = await Matcher().MatchAsync(new IncomingMail { Subject = subject, InReplyTo = "unknown@x.fr" });
        Assert.Equal(MailMatchMethod.Triage, m.Method);
        Assert.False(m.IsMatched);
        Assert.Contains(reason, m.Explanation);
    }
}
