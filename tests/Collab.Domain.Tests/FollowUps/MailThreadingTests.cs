using Collab.Contracts.Common;
using Collab.Contracts.FollowUps;
using Collab.Domain.FollowUps;

namespace Collab.Domain.Tests.FollowUps;

/// <summary>How a received mail finds its order, who counts as the supplier, and the mailbox backoff (pure rules).</summary>
public sealed class MailThreadingTests
{
    [Fact]
    public void Thread_ids_are_in_reply_to_first_then_references_newest_first_without_brackets()
    {
        Assert.Equal(["c@x.fr", "b@x.fr", "a@x.fr"], MailThreading.ThreadIds(" <c@x.fr> ", ["<a@x.fr>", "b@x.fr", ""]));
        Assert.Empty(MailThreading.ThreadIds(null, []));
    }

    [Fact]
    public void Subject_numbers_are_found_in_order_upper_cased_and_typed()
    {
        var found = MailThreading.SubjectNumbers("RE: oa-2026-00042 et CC-2026-0007 (PO-2026-12) ZOA-2026-00001");
        Assert.Equal([new ObjectRef(ObjectKind.PurchaseOrder, "OA-2026-00042"), new ObjectRef(ObjectKind.CustomerOrder, "CC-2026-0007")], found);
        Assert.Equal(ObjectKind.PurchaseOrder, MailThreading.KindOfNumber("OA-2026-00042"));
        Assert.Equal(ObjectKind.CustomerOrder, MailThreading.KindOfNumber("CDE-2026-123"));
        Assert.Null(MailThreading.KindOfNumber("OA-2026-00042 x"));
    }

    [Theory]
    [InlineData("adv@fonderie.fr", "adv@fonderie.fr", true)]
    [InlineData("ADV@Fonderie.FR", "adv@fonderie.fr", true)]
    [InlineData("jean@fonderie.fr", "adv@fonderie.fr", true)]
    [InlineData("adv@fonderie.fr.evil.example", "adv@fonderie.fr", false)]
    [InlineData("adv@evil.example", "adv@fonderie.fr", false)]
    [InlineData("adv@fonderie.fr", "", false)]
    [InlineData(null, "adv@fonderie.fr", false)]
    public void A_sender_is_known_by_the_suppliers_address_or_domain(string? from, string? known, bool expected) =>
        Assert.Equal(expected, MailThreading.IsKnownSender(from, known));

    [Fact]
    public void The_backoff_doubles_from_30_seconds_up_to_15_minutes()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), MailboxBackoff.RetryDelay(1));
        Assert.Equal(TimeSpan.FromSeconds(60), MailboxBackoff.RetryDelay(2));
        Assert.Equal(TimeSpan.FromMinutes(4), MailboxBackoff.RetryDelay(4));
        Assert.Equal(TimeSpan.FromMinutes(15), MailboxBackoff.RetryDelay(30));
    }

    [Theory]
    [InlineData("Thread", "Pirate <x@evil.example>", "adv@fonderie.fr", true)]
    [InlineData("SubjectNumber", "Fonderie <adv@fonderie.fr>", "adv@fonderie.fr", true)]
    [InlineData("SubjectNumber", "Jean <jean@fonderie.fr>", "adv@fonderie.fr", true)]
    [InlineData("SubjectNumber", "Fonderie <adv@fonderie.fr.evil.example>", "adv@fonderie.fr", false)]
    [InlineData("Triage:acheteur", "x@evil.example", "adv@fonderie.fr", false)]
    [InlineData(null, "adv@fonderie.fr", null, false)]
    public void A_reply_is_verified_by_its_thread_or_the_suppliers_address(string? matchedBy, string from, string? supplierEmail, bool expected) =>
        Assert.Equal(expected, MailThreading.IsVerifiedReply(matchedBy, from, supplierEmail));

    // The matching rule as a whole (formerly Infrastructure's MailMatcher, now the one rule the mailbox grain calls).
    private static readonly ObjectRef Po42 = new(ObjectKind.PurchaseOrder, "OA-2026-00042");
    private static readonly ObjectRef Po77 = new(ObjectKind.PurchaseOrder, "PO-2026-00077");
    private static readonly ObjectRef So5 = new(ObjectKind.CustomerOrder, "CC-2026-00005");

    private static ValueTask<MailThreadMatch> Match(string? inReplyTo = null, string[]? references = null, string subject = "", IEnumerable<OrderNumberRule>? rules = null)
    {
        var sent = new Dictionary<string, ObjectRef> { ["sent-1@usine.example.fr"] = Po42, ["sent-2@usine.example.fr"] = So5 };
        var existing = new HashSet<ObjectRef> { Po42, Po77, So5 };
        return MailThreading.MatchAsync(inReplyTo, references ?? [], subject,
            id => ValueTask.FromResult(sent.TryGetValue(id, out var r) ? r : null),
            target => ValueTask.FromResult(existing.Contains(target)), rules);
    }

    [Fact]
    public async Task In_reply_to_wins_over_the_subject()
    {
        var m = await Match("<sent-1@usine.example.fr>", subject: "RE: PO-2026-00077");
        Assert.Equal((MailMatchMethod.Thread, Po42, "sent-1@usine.example.fr"), (m.Method, m.Target, m.ThreadId));
    }

    [Fact]
    public async Task References_are_used_when_in_reply_to_is_unknown_newest_first()
    {
        var m = await Match("their-own@fournisseur.example.fr", ["sent-1@usine.example.fr", "<sent-2@usine.example.fr>", "their-own@fournisseur.example.fr"]);
        Assert.Equal((MailMatchMethod.Thread, So5), (m.Method, m.Target));
    }

    [Theory]
    [InlineData("TR: Confirmation OA-2026-00042 livraison", "OA-2026-00042")]
    [InlineData("re: votre commande po-2026-00077", "PO-2026-00077")]
    [InlineData("Commandes OA-2026-99999 et PO-2026-00077", "PO-2026-00077")]
    public async Task The_first_subject_number_of_an_existing_order_matches(string subject, string expected)
    {
        var m = await Match("unknown@x.fr", subject: subject);
        Assert.Equal(MailMatchMethod.SubjectNumber, m.Method);
        Assert.Equal(expected, m.Target!.Id);
    }

    [Theory]
    [InlineData("Offre spéciale", TriageReason.NoThreadNorNumber, new string[0])]
    [InlineData("Commande OA-2026-99999", TriageReason.UnknownNumbers, new[] { "OA-2026-99999" })]
    [InlineData("XOA-2026-00042 ou OA-2026-0004200", TriageReason.NoThreadNorNumber, new string[0])]
    public async Task Everything_else_goes_to_triage_with_a_typed_reason(string subject, TriageReason reason, string[] unknown)
    {
        var m = await Match("unknown@x.fr", subject: subject);
        Assert.Equal(MailMatchMethod.Triage, m.Method);
        Assert.False(m.IsMatched);
        Assert.Equal(reason, m.Reason);
        Assert.Equal(unknown, m.UnknownNumbers);
    }

    [Fact]
    public async Task Other_numbering_rules_can_be_given()
    {
        var m = await Match(subject: "Votre BC-2026-00042", rules: [new OrderNumberRule(@"BC-\d{4}-\d{5}", ObjectKind.PurchaseOrder)]);
        Assert.Equal(MailMatchMethod.Triage, m.Method);
        Assert.Equal(["BC-2026-00042"], m.UnknownNumbers);
    }
}
