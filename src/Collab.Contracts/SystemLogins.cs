namespace Collab.Contracts;

/// <summary>
/// The logins under which Collab itself acts (recorded as "modified by" and in histories). They are not users: the
/// UI names them ("Calcul automatique", "Messagerie"…) instead of showing the login.
/// </summary>
public static class SystemLogins
{
    /// <summary>Data seeded for the demo plant.</summary>
    public const string Demo = "demo";

    /// <summary>The automatic net change of the plan (after an input changed).</summary>
    public const string NetChange = "automatique";

    /// <summary>Plan consequences written to an order (need dates, messages).</summary>
    public const string Plan = "plan";

    /// <summary>The mailbox: replies matched to an order, reminders sent by the scheduler.</summary>
    public const string Mail = "messagerie";

    /// <summary>Every system login, for the directory.</summary>
    public static readonly IReadOnlyList<string> All = [Demo, NetChange, Plan, Mail];
}
