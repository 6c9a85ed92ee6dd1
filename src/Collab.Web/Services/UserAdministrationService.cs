using System.Security.Claims;
using Collab.Web.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Collab.Web.Resources;

namespace Collab.Web.Services;

/// <summary>A user as the administration page shows it.</summary>
public sealed record UserSummary(
    string Id,
    string UserName,
    string? DisplayName,
    string? Email,
    IReadOnlyList<string> Roles,
    DateTimeOffset? LockedOutUntil,
    int FailedAttempts);

/// <summary>Outcome of an administration command: success, or the (localised) reasons.</summary>
public sealed record AdminResult(bool Succeeded, IReadOnlyList<string> Errors)
{
    public static readonly AdminResult Success = new(true, []);

    public static AdminResult Failed(params string[] errors) => new(false, errors);

    public static AdminResult From(IdentityResult result) =>
        result.Succeeded ? Success : new(false, result.Errors.Select(e => e.Description).ToList());
}

public sealed record CreateUserRequest(string UserName, string? DisplayName, string? Email, string Password, IReadOnlyList<string> Roles);

/// <summary>Users, roles, passwords and lockouts. Every method requires <see cref="Policies.CanAdminister"/>.
/// Each call works in its own scope: a Blazor circuit lives for hours, a DbContext must not.</summary>
public sealed class UserAdministrationService(
    IServiceScopeFactory scopes,
    FreshRoles authorization,
    Collab.Web.Components.Pages.People.UserDirectory directory,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l,
    IStringLocalizer<PeopleResource> people,
    ILogger<UserAdministrationService> logger)
{
    public async Task<IReadOnlyList<UserSummary>> ListAsync(ClaimsPrincipal actor)
    {
        await authorization.RequireAsync(actor, Policies.CanAdminister);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CollabIdentityDbContext>();
        var users = await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync();
        var rolesByUser = await (from ur in db.UserRoles
                                 join r in db.Roles on ur.RoleId equals r.Id
                                 select new { ur.UserId, r.Name }).AsNoTracking().ToListAsync();
        var now = clock.GetUtcNow();
        return users.Select(u => new UserSummary(
                u.Id,
                u.UserName ?? string.Empty,
                u.DisplayName,
                u.Email,
                rolesByUser.Where(x => x.UserId == u.Id).Select(x => x.Name ?? string.Empty).Order(StringComparer.Ordinal).ToList(),
                u.LockoutEnd is { } end && end > now ? end : null,
                u.AccessFailedCount))
            .ToList();
    }

    public async Task<AdminResult> CreateAsync(ClaimsPrincipal actor, CreateUserRequest request)
    {
        await authorization.RequireAsync(actor, Policies.CanAdminister);
        if (UnknownRoles(request.Roles) is { Length: > 0 } unknown)
        {
            return AdminResult.Failed(unknown);
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CollabUser>>();
        var user = new CollabUser
        {
            UserName = request.UserName.Trim(),
            DisplayName = string.IsNullOrWhiteSpace(request.DisplayName) ? null : request.DisplayName.Trim(),
            Email = string.IsNullOrWhiteSpace(request.Email) ? null : request.Email.Trim(),
        };
        var created = await users.CreateAsync(user, request.Password);
        if (!created.Succeeded)
        {
            return AdminResult.From(created);
        }

        var result = request.Roles.Count == 0 ? AdminResult.Success : AdminResult.From(await users.AddToRolesAsync(user, request.Roles.Distinct()));
        await directory.RefreshAsync();
        logger.LogInformation("User {User} created by {Actor} with roles {Roles}.", user.UserName, actor.Identity?.Name, string.Join(",", request.Roles));
        return result;
    }

    public async Task<AdminResult> SetRolesAsync(ClaimsPrincipal actor, string userName, IReadOnlyCollection<string> roles)
    {
        await authorization.RequireAsync(actor, Policies.CanAdminister);
        if (UnknownRoles(roles) is { Length: > 0 } unknown)
        {
            return AdminResult.Failed(unknown);
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CollabUser>>();
        var describer = scope.ServiceProvider.GetRequiredService<IdentityErrorDescriber>();
        if (await users.FindByNameAsync(userName) is not { } user)
        {
            return AdminResult.Failed(describer.InvalidUserName(userName).Description);
        }

        // Never lock the last administrator out of administration.
        if (!roles.Contains(Roles.Admin) && await users.IsInRoleAsync(user, Roles.Admin)
            && (await users.GetUsersInRoleAsync(Roles.Admin)).Count == 1)
        {
            return AdminResult.Failed(((LocalizedIdentityErrorDescriber)describer).LastAdministrator().Description);
        }

        var current = await users.GetRolesAsync(user);
        var removed = await users.RemoveFromRolesAsync(user, current.Except(roles).ToList());
        if (!removed.Succeeded)
        {
            return AdminResult.From(removed);
        }

        var added = await users.AddToRolesAsync(user, roles.Except(current).Distinct().ToList());
        if (added.Succeeded)
        {
            // A new security stamp: the user's open tabs and cookie are re-validated (signed out) at the next check.
            added = await users.UpdateSecurityStampAsync(user);
        }

        logger.LogInformation("Roles of {User} set to {Roles} by {Actor}.", userName, string.Join(",", roles), actor.Identity?.Name);
        return AdminResult.From(added);
    }

    public async Task<AdminResult> ResetPasswordAsync(ClaimsPrincipal actor, string userName, string newPassword)
    {
        await authorization.RequireAsync(actor, Policies.CanAdminister);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CollabUser>>();
        if (await users.FindByNameAsync(userName) is not { } user)
        {
            return AdminResult.Failed(scope.ServiceProvider.GetRequiredService<IdentityErrorDescriber>().InvalidUserName(userName).Description);
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, newPassword);
        logger.LogInformation("Password of {User} reset by {Actor}: {Outcome}.", userName, actor.Identity?.Name, result.Succeeded);
        return AdminResult.From(result);
    }

    public async Task<AdminResult> UnlockAsync(ClaimsPrincipal actor, string userName)
    {
        await authorization.RequireAsync(actor, Policies.CanAdminister);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CollabUser>>();
        if (await users.FindByNameAsync(userName) is not { } user)
        {
            return AdminResult.Failed(scope.ServiceProvider.GetRequiredService<IdentityErrorDescriber>().InvalidUserName(userName).Description);
        }

        var unlocked = await users.SetLockoutEndDateAsync(user, null);
        if (!unlocked.Succeeded)
        {
            return AdminResult.From(unlocked);
        }

        logger.LogInformation("User {User} unlocked by {Actor}.", userName, actor.Identity?.Name);
        return AdminResult.From(await users.ResetAccessFailedCountAsync(user));
    }

    /// <summary>Changes a user's display name and e-mail; every page, PDF and mail shows the new name at once.</summary>
    public async Task<AdminResult> UpdateProfileAsync(ClaimsPrincipal actor, string userName, string? displayName, string? email)
    {
        await authorization.RequireAsync(actor, Policies.CanAdminister);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CollabUser>>();
        var describer = scope.ServiceProvider.GetRequiredService<IdentityErrorDescriber>();
        if (await users.FindByNameAsync(userName) is not { } user)
        {
            return AdminResult.Failed(describer.InvalidUserName(userName).Description);
        }

        var name = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim();
        if (name is { Length: > 120 } || (name?.Any(char.IsControl) ?? false))
        {
            return AdminResult.Failed(people["People.DisplayNameInvalid"].Value);
        }

        user.DisplayName = name;
        var mail = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        if (!string.Equals(user.Email, mail, StringComparison.OrdinalIgnoreCase))
        {
            var changed = await users.SetEmailAsync(user, mail);
            if (!changed.Succeeded)
            {
                return AdminResult.From(changed);
            }
        }

        var result = await users.UpdateAsync(user);
        await directory.RefreshAsync();
        logger.LogInformation("Profile of {User} updated by {Actor}.", userName, actor.Identity?.Name);
        return AdminResult.From(result);
    }

    private string[] UnknownRoles(IEnumerable<string> roles) =>
        roles.Where(r => !Roles.All.Contains(r)).Select(r => l["Admin.UnknownRole", r].Value).ToArray();
}
