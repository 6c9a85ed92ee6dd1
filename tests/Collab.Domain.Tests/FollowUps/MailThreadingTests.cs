using Collab.Contracts.Common;
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
}
