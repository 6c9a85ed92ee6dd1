using Collab.Web.Hosting;
using Microsoft.AspNetCore.Identity;

namespace Collab.Web.Identity;

/// <summary>At start-up: creates the Identity schema when missing, the roles, and the demo users
/// (embedded mode on first start — no user yet —, cluster mode only with <c>--seed-demo</c>).</summary>
public sealed class IdentityInitializer(IServiceScopeFactory scopes, CollabStorageSettings settings, ILogger<IdentityInitializer> logger)
    : IHostedService
{
    public const string DemoPassword = "Demo#2026";

    /// <summary>Demo accounts: user name → role.</summary>
    public static readonly IReadOnlyList<(string UserName, string Role, string DisplayName)> DemoUsers =
    [
        ("admin", Roles.Admin, "Administrateur"),
        ("planificateur", Roles.Planner, "Paule Planificatrice"),
        ("acheteur", Roles.Buyer, "Alain Acheteur"),
        ("acheteuse", Roles.Buyer, "Béatrice Achat"),
        ("animateur", Roles.Facilitator, "Anne Animatrice"),
        ("chef.projet", Roles.ProjectLead, "Charles Chef de projet"),
        ("lecteur", Roles.Reader, "Luc Lecteur"),
    ];

    /// <summary>True when demo users were created during this start (the banner lists them).</summary>
    public bool SeededDemoUsers { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CollabIdentityDbContext>();
        await IdentityStorage.EnsureSchemaAsync(db, settings, cancellationToken);

        var roleManager = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roleManager.RoleExistsAsync(role))
            {
                Check(await roleManager.CreateAsync(new IdentityRole(role)), $"role {role}");
            }
        }

        var userManager = scope.ServiceProvider.GetRequiredService<UserManager<CollabUser>>();
        var firstStart = !userManager.Users.Any();
        var seed = settings.Mode == CollabMode.Embedded ? firstStart : settings.SeedDemo;
        if (!seed)
        {
            return;
        }

        foreach (var (userName, role, displayName) in DemoUsers)
        {
            if (await userManager.FindByNameAsync(userName) is not null)
            {
                continue;
            }

            var user = new CollabUser { UserName = userName, DisplayName = displayName, Email = $"{userName}@demo.collab.local", EmailConfirmed = true };
            Check(await userManager.CreateAsync(user, DemoPassword), $"user {userName}");
            Check(await userManager.AddToRoleAsync(user, role), $"role of {userName}");
        }

        SeededDemoUsers = true;
        logger.LogInformation("Demo users seeded ({Count}).", DemoUsers.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Cannot create {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
