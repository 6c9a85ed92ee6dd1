namespace Collab.Web.Identity;

/// <summary>The roles of Collab. Names are stored in the database: do not rename.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Planner = "Planificateur";
    public const string Buyer = "Acheteur";
    public const string Facilitator = "Animateur";
    public const string ProjectLead = "ChefDeProjet";
    public const string Reader = "Lecteur";

    public static readonly IReadOnlyList<string> All = [Admin, Planner, Buyer, Facilitator, ProjectLead, Reader];
}

/// <summary>Named authorization policies. Every mutating action requires one of them;
/// <see cref="Roles.Reader"/> is in none.</summary>
public static class Policies
{
    /// <summary>Change plans, manufacturing orders, workstations (S&amp;OP, MRP, scheduling).</summary>
    public const string CanPlan = nameof(CanPlan);
    /// <summary>Purchase orders and supplier follow-ups.</summary>
    public const string CanBuy = nameof(CanBuy);
    /// <summary>Run production meetings: agenda, decisions, actions, minutes.</summary>
    public const string CanFacilitate = nameof(CanFacilitate);
    /// <summary>Improvement projects.</summary>
    public const string CanLeadProjects = nameof(CanLeadProjects);
    /// <summary>Users, roles and site settings.</summary>
    public const string CanAdminister = nameof(CanAdminister);

    /// <summary>Roles granted by each mutating policy. Admin is in every one.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> RolesByPolicy = new Dictionary<string, string[]>
    {
        [CanPlan] = [Roles.Admin, Roles.Planner],
        [CanBuy] = [Roles.Admin, Roles.Buyer, Roles.Planner],
        [CanFacilitate] = [Roles.Admin, Roles.Facilitator, Roles.Planner],
        [CanLeadProjects] = [Roles.Admin, Roles.ProjectLead],
        [CanAdminister] = [Roles.Admin],
    };
}

/// <summary>
/// Ideas for improvement projects (decision for issue #16, item 9). Every signed-in user may submit an idea —
/// <see cref="Roles.Reader"/> included: in lean practice the people on the floor see the waste first — but at most
/// <see cref="MaxPerUserPerDay"/> in any 24 hours (refused with the time of the next possible one), and an idea
/// consumes no project number: it is referenced "IDEE-yyyy-nnnn" and gets its "PRJ-yyyy-nnnn" number only when a
/// project lead accepts it (<see cref="Policies.CanLeadProjects"/>). Submitting an idea changes nothing else:
/// readers remain in no mutating policy.
/// </summary>
public static class Ideas
{
    public const int MaxPerUserPerDay = 5;
}

/// <summary>
/// Who may reach each route of the app (pages, endpoints, API): the table the HTTP sweep test
/// (tests/Collab.Web.Tests/Http/RouteSweepTests.cs) checks every route of the endpoint data source against,
/// for an anonymous visitor, a reader and every role. A route without a rule here fails that test: add one line.
/// <para><see cref="Pattern"/> is the route template as mapped, without the leading '/' (e.g. "purchasing/{Number}",
/// "api/admin/users/{userName}/roles"); a pattern ending in "/**" covers every route under that prefix.
/// <see cref="Methods"/> is "*" (any) or a comma-separated list ("GET", "POST,PUT").
/// <see cref="Access"/> is <see cref="RouteAccess.Anonymous"/>, <see cref="RouteAccess.SignedIn"/> (every role,
/// readers included) or the name of a policy of <see cref="Policies"/> (its roles in <see cref="Policies.RolesByPolicy"/>).</para>
/// </summary>
public sealed record RouteRule(string Pattern, string Access, string Methods = "*");

public static class RouteAccess
{
    /// <summary>No sign-in needed.</summary>
    public const string Anonymous = nameof(Anonymous);

    /// <summary>Any signed-in user, readers included.</summary>
    public const string SignedIn = nameof(SignedIn);

    /// <summary>
    /// The REST API v1 (bearer API keys, each with a role): swept per key role by ApiSweepTests from the OpenAPI
    /// document (anonymous 401, revoked key 401, reader key 403 on writes, right key 2xx), not by the cookie sweep.
    /// </summary>
    public const string ApiKey = nameof(ApiKey);

    /// <summary>The roles allowed by an access value (anonymous visitors are allowed by <see cref="Anonymous"/> only).</summary>
    public static IReadOnlyList<string> RolesOf(string access) => access switch
    {
        Anonymous or SignedIn or ApiKey => Roles.All,
        _ when Policies.RolesByPolicy.TryGetValue(access, out var roles) => roles,
        _ => throw new ArgumentException($"Unknown route access '{access}': use RouteAccess.Anonymous, RouteAccess.SignedIn or a policy name.", nameof(access)),
    };

    public static readonly IReadOnlyList<RouteRule> Rules =
    [
        // Sign-in, errors, the wall-screen kiosk (its token is checked by the page), health probes, static files.
        new("account/signin", Anonymous),
        new("account/login", Anonymous, "POST"),
        new("account/language", Anonymous, "POST"),
        new("account/logout", SignedIn, "POST"),
        new("account/access-denied", SignedIn),
        new("Error", Anonymous),
        new("not-found", SignedIn),
        new("ecran/{Token}", Anonymous),
        new("health/live", Anonymous, "GET"),
        new("health/ready", Anonymous, "GET"),
        new("{**path:file}", SignedIn, "GET"),
        new("_blazor/**", SignedIn),
        new("_framework/**", SignedIn, "GET"),

        // Pages: reading is open to every role; each page hides or refuses what a role may not change
        // (the services check the policy of every command again).
        new("", SignedIn),
        new("actions", SignedIn),
        new("plan/sop", SignedIn),
        new("plan/mrp", SignedIn),
        new("plan/load", SignedIn),
        new("plan/scheduling", SignedIn),
        new("manufacturing-orders", SignedIn),
        new("manufacturing-orders/{Number}", SignedIn),
        new("purchasing", SignedIn),
        new("purchasing/{Number}", SignedIn),
        new("purchasing/follow-ups", SignedIn),
        new("purchasing/scorecard", SignedIn),
        new("purchasing/triage", SignedIn),
        new("customer-orders", SignedIn),
        new("customer-orders/{Number}", SignedIn),
        new("workstations", SignedIn),
        new("workstations/{Code}", SignedIn),
        new("stocks", SignedIn),
        new("improvement-projects", SignedIn),
        new("improvement-projects/{Number}", SignedIn),
        new("improvement-projects/{number}/a3.pdf", SignedIn, "GET"),
        new("meetings", SignedIn),
        new("meetings/{Id}", SignedIn),
        new("meetings/{Id}/screen", SignedIn),
        new("reunions", SignedIn),
        new("reunions/{Id}", SignedIn),
        new("reunions/{Id}/ecran", SignedIn),
        new("reunions/{id}/compte-rendu.pdf", SignedIn, "GET"),

        // Administration.
        new("admin", Policies.CanAdminister),
        new("admin/mail", Policies.CanAdminister),
        new("admin/displays", Policies.CanAdminister),

        // JSON API (cookie-authenticated; mutating calls also need the antiforgery token).
        new("api/site", SignedIn, "GET"),
        new("api/site/name", Policies.CanAdminister, "PUT"),
        new("api/admin/users", Policies.CanAdminister, "GET,POST"),
        new("api/admin/users/{userName}/roles", Policies.CanAdminister, "PUT"),
        new("api/admin/users/{userName}/reset-password", Policies.CanAdminister, "POST"),
        new("api/admin/users/{userName}/unlock", Policies.CanAdminister, "POST"),
        // Wave 2: first-sign-in password change, master data, import/export, API keys, demo outbox, API reference.
        new("account/change-password", SignedIn, "GET,POST"),
        new("account/password", SignedIn, "POST"),
        new("admin/api-keys", Policies.CanAdminister, "GET,POST"),
        new("administration/api-keys", Policies.CanAdminister, "GET,POST"),
        new("admin/import", Policies.CanPlan, "GET,POST"),
        new("administration/import", Policies.CanPlan, "GET,POST"),
        new("master-data/demand", SignedIn, "GET,POST"),
        new("master-data/items", SignedIn, "GET,POST"),
        new("master-data/items/new", SignedIn, "GET,POST"),
        new("master-data/items/{Code}", SignedIn, "GET,POST"),
        new("master-data/partners", SignedIn, "GET,POST"),
        new("master-data/stock", SignedIn, "GET,POST"),
        new("master-data/workstations", SignedIn, "GET,POST"),
        new("mail/demo-outbox", SignedIn, "GET,POST"),
        new("mail/demo-outbox/{id}/attachments/{index:int}", SignedIn, "GET"),
        new("exchange/export/{what}", SignedIn, "GET"),
        new("exchange/template.xlsx", SignedIn, "GET"),
        new("exchange/template/{sheet}.csv", SignedIn, "GET"),
        new("exchange/imports/{id}/file", Policies.CanPlan, "GET"),
        new("exchange/previews/{id}/errors.csv", Policies.CanPlan, "GET"),
        new("openapi/{documentName}.json", ApiKey, "GET"),
        new("api/reference/favicon.svg", ApiKey, "GET"),
        new("api/reference/scalar.aspnetcore.js", ApiKey, "GET"),
        new("api/reference/scalar.js", ApiKey, "GET"),
        new("api/reference/{documentName?}", ApiKey, "GET"),
        new("api/v1/**", ApiKey),
    ];

    /// <summary>The rule of a route and method (exact pattern first, then the longest "/**" prefix), or null.</summary>
    public static RouteRule? Find(string pattern, string method)
    {
        var p = pattern.Trim('/');
        bool Matches(RouteRule r) => r.Methods == "*" || r.Methods.Split(',').Any(m => string.Equals(m.Trim(), method, StringComparison.OrdinalIgnoreCase));
        return Rules.FirstOrDefault(r => Matches(r) && string.Equals(r.Pattern, p, StringComparison.OrdinalIgnoreCase))
            ?? Rules.Where(r => Matches(r) && r.Pattern.EndsWith("/**", StringComparison.Ordinal)
                    && (p + "/").StartsWith(r.Pattern[..^2], StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(r => r.Pattern.Length).FirstOrDefault();
    }
}
