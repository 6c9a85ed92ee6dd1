using Collab.Contracts;

namespace Collab.Domain.People;

/// <summary>
/// Who may do what on an improvement project (pure; people are logins, compared case-insensitively).
/// The web services have already checked the role policies and that every person is a known user;
/// these rules are about the persons of the project itself.
/// </summary>
public static class ProjectPeopleRules
{
    private static bool Same(string? a, string? b) =>
        a is not null && b is not null && string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>Refusals of a charter's people: the sponsor approves the lead's gates, so they are two persons.</summary>
    public static IReadOnlyList<RefusalReason> CharterErrors(string? sponsor, string? lead)
    {
        if (!string.IsNullOrWhiteSpace(sponsor) && Same(sponsor, lead))
        {
            return [new(Refusal.SponsorIsLead)];
        }

        return [];
    }

    /// <summary>The lead's commands (A3, analyses, KPIs, gains, parameter changes, simulation): the lead, or an administrator.</summary>
    public static bool MayLead(string? lead, string user, bool isAdmin) => isAdmin || Same(lead, user);

    /// <summary>Writing the approved changes to the master data: the lead or a team member (the service also requires
    /// the planner role), or an administrator. Never the sponsor alone: the sponsor approves, someone else applies.</summary>
    public static bool MayApplyChanges(string? lead, IEnumerable<string> team, string user, bool isAdmin) =>
        isAdmin || Same(lead, user) || team.Any(t => Same(t, user));
}

/// <summary>
/// Ideas are open to every signed-in user, readers included (lean: the people on the floor see the waste),
/// but a user may submit at most <c>maxPerDay</c> ideas in any 24 hours. Pure: the caller keeps the times.
/// </summary>
public static class IdeaQuota
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <summary>The submissions still inside the window ending at <paramref name="now"/>.</summary>
    public static IReadOnlyList<DateTimeOffset> Recent(IEnumerable<DateTimeOffset> submissions, DateTimeOffset now) =>
        [.. submissions.Where(t => t > now - Window && t <= now).Order()];

    /// <summary>Null when one more idea is allowed, else when the next one will be.</summary>
    public static DateTimeOffset? NextAllowedAt(IEnumerable<DateTimeOffset> submissions, DateTimeOffset now, int maxPerDay)
    {
        var recent = Recent(submissions, now);
        return recent.Count < Math.Max(1, maxPerDay) ? null : recent[recent.Count - Math.Max(1, maxPerDay)] + Window;
    }
}
