using System.Security.Claims;
using System.Security.Cryptography;
using CollabConfigurationException = Collab.Infrastructure.Configuration.CollabConfigurationException;
using CollabSecurityException = Collab.Infrastructure.Configuration.CollabSecurityException;
using Collab.Web.Hosting;
using Microsoft.AspNetCore.Identity;

namespace Collab.Web.Identity;

/// <summary>At start-up: creates the Identity schema when missing, the roles, and the first accounts:
/// the demo users when the demo is asked for (embedded mode by default, cluster mode with <c>--seed-demo</c>),
/// otherwise one <c>admin</c> whose password is random (printed once) or taken from
/// <c>Collab:AdminPassword</c> / the file named by <c>Collab:AdminPasswordFile</c>, and must be changed at
/// first sign-in. Then refuses to go on when the host would listen beyond loopback while an account still has
/// the published demo password (<see cref="HostExposure"/>).</summary>
public sealed class IdentityInitializer(
    IServiceScopeFactory scopes,
    CollabStorageSettings settings,
    IConfiguration configuration,
    ILogger<IdentityInitializer> logger)
    : IHostedService
{
    public const string DemoPassword = "Demo#2026";

    /// <summary>User name of the first administrator outside the demo.</summary>
    public const string AdminUserName = "admin";

    /// <summary>User claim set on an account whose password must be changed before anything else.</summary>
    public const string MustChangePasswordClaim = "collab:must_change_password";

    /// <summary>Demo accounts: user name → role.</summary>
    public static readonly IReadOnlyList<(string UserName, string Role, string DisplayName)> DemoUsers =
    [
        ("admin", Roles.Admin, "Administrateur"),
        ("planificateur", Roles.Planner, "Paule Planificatrice"),
        ("acheteur", Roles.Buyer, "Alain Acheteur"),
        ("acheteuse", Roles.Buyer, "Béatrice Achat"),
        ("animateur", Roles.Facilitator, "Anne Animatrice"),
        ("chef.projet", Roles.ProjectLead, "Charles Chef de projet"),
        ("responsable-production", Roles.Planner, "Rémi Responsable de production"),
        ("lecteur", Roles.Reader, "Luc Lecteur"),
    ];

    /// <summary>True when demo users were created during this start (the banner lists them).</summary>
    public bool SeededDemoUsers { get; private set; }

    /// <summary>The random password of the first <c>admin</c>, created during this start (printed once by the
    /// banner, never stored in clear); null when none was generated.</summary>
    public string? GeneratedAdminPassword { get; private set; }

    /// <summary>True when the first <c>admin</c> was created during this start with the configured password.</summary>
    public bool CreatedAdminFromConfiguration { get; private set; }

    /// <summary>User names that still have the demo password (checked only when the host listens beyond loopback).</summary>
    public IReadOnlyList<string> DemoPasswordAccounts { get; private set; } = [];

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
                var created = await roleManager.CreateAsync(new IdentityRole(role));
                // Another silo of the cluster may have created it at the same moment.
                if (!created.Succeeded && !await roleManager.RoleExistsAsync(role))
                {
                    Check(created, $"role {role}");
                }
            }
        }

        var userManager = scope.ServiceProvider.GetRequiredService<UserManager<CollabUser>>();
        var firstStart = !userManager.Users.Any();
        var seed = settings.Mode == CollabMode.Embedded ? settings.SeedDemo && firstStart : settings.SeedDemo;
        if (seed)
        {
            await SeedDemoUsersAsync(userManager);
        }
        else if (firstStart)
        {
            await CreateFirstAdminAsync(userManager);
        }

        var exposed = HostExposure.NonLoopbackAddresses(configuration);
        if (exposed.Count > 0)
        {
            DemoPasswordAccounts = await FindDemoPasswordAccountsAsync(userManager, scope.ServiceProvider.GetRequiredService<IPasswordHasher<CollabUser>>());
            if (DemoPasswordAccounts.Count > 0)
            {
                throw new CollabSecurityException(
                    $"refusing to listen on {string.Join(", ", exposed)} (beyond this machine) while account(s) {string.Join(", ", DemoPasswordAccounts)} still have the published demo password: " +
                    "change their passwords (or start without --seed-demo) — or listen on 127.0.0.1 only (--urls http://127.0.0.1:5080). See docs/security.md.");
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SeedDemoUsersAsync(UserManager<CollabUser> userManager)
    {
        foreach (var (userName, role, displayName) in DemoUsers)
        {
            if (await userManager.FindByNameAsync(userName) is not null)
            {
                continue;
            }

            var user = new CollabUser { UserName = userName, DisplayName = displayName, Email = $"{userName}@demo.collab.local", EmailConfirmed = true };
            var created = await userManager.CreateAsync(user, DemoPassword);
            if (!created.Succeeded && await userManager.FindByNameAsync(userName) is not null)
            {
                continue; // another silo created it at the same moment
            }

            Check(created, $"user {userName}");
            Check(await userManager.AddToRoleAsync(user, role), $"role of {userName}");
        }

        SeededDemoUsers = true;
        logger.LogInformation("Demo users seeded ({Count}).", DemoUsers.Count);
    }

    private async Task CreateFirstAdminAsync(UserManager<CollabUser> userManager)
    {
        var configured = ConfiguredAdminPassword();
        var password = configured ?? NewRandomPassword();
        var user = new CollabUser { UserName = AdminUserName, DisplayName = "Administrateur", EmailConfirmed = true };
        var created = await userManager.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            if (await userManager.FindByNameAsync(AdminUserName) is not null)
            {
                return; // another silo of the cluster created it (and printed its password)
            }

            throw new CollabConfigurationException(
                $"Collab:AdminPassword is not accepted as the first administrator's password: {string.Join("; ", created.Errors.Select(e => e.Description))}");
        }

        Check(await userManager.AddToRoleAsync(user, Roles.Admin), "role of admin");
        Check(await userManager.AddClaimAsync(user, new Claim(MustChangePasswordClaim, "true")), "first sign-in rule of admin");
        if (configured is null)
        {
            GeneratedAdminPassword = password;
        }
        else
        {
            CreatedAdminFromConfiguration = true;
        }

        logger.LogInformation("First administrator '{UserName}' created; the password must be changed at first sign-in.", AdminUserName);
    }

    private string? ConfiguredAdminPassword()
    {
        if (configuration["Collab:AdminPassword"] is { Length: > 0 } value)
        {
            return value;
        }

        if (configuration["Collab:AdminPasswordFile"] is { Length: > 0 } file)
        {
            try
            {
                return File.ReadAllText(file).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CollabConfigurationException($"Collab:AdminPasswordFile '{file}' cannot be read: {e.Message}");
            }
        }

        return null;
    }

    /// <summary>20 characters from an unambiguous alphabet, with every class Identity asks for.</summary>
    internal static string NewRandomPassword()
    {
        const string lower = "abcdefghijkmnpqrstuvwxyz";
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
        const string digits = "23456789";
        const string symbols = "#%+=-_";
        var all = lower + upper + digits + symbols;
        var chars = new char[20];
        chars[0] = lower[RandomNumberGenerator.GetInt32(lower.Length)];
        chars[1] = upper[RandomNumberGenerator.GetInt32(upper.Length)];
        chars[2] = digits[RandomNumberGenerator.GetInt32(digits.Length)];
        chars[3] = symbols[RandomNumberGenerator.GetInt32(symbols.Length)];
        for (var i = 4; i < chars.Length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }

        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }

    private static async Task<IReadOnlyList<string>> FindDemoPasswordAccountsAsync(UserManager<CollabUser> userManager, IPasswordHasher<CollabUser> hasher)
    {
        var found = new List<string>();
        foreach (var user in userManager.Users.ToList())
        {
            if (user.PasswordHash is { } hash && hasher.VerifyHashedPassword(user, hash, DemoPassword) != PasswordVerificationResult.Failed)
            {
                found.Add(user.UserName ?? user.Id);
            }
        }

        await Task.CompletedTask;
        return found;
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Cannot create {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
