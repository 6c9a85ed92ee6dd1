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
