using Collab.Web.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Collab.Web.Identity;

/// <summary>Identity's validation messages in the user's language (French by default).</summary>
public sealed class LocalizedIdentityErrorDescriber(IStringLocalizer<SharedResource> l) : IdentityErrorDescriber
{
    private IdentityError E(string code, string key, params object[] args) =>
        new() { Code = code, Description = l[key, args] };

    public override IdentityError DefaultError() => E(nameof(DefaultError), "Identity.DefaultError");
    public override IdentityError DuplicateUserName(string userName) => E(nameof(DuplicateUserName), "Identity.DuplicateUserName", userName);
    public override IdentityError DuplicateEmail(string email) => E(nameof(DuplicateEmail), "Identity.DuplicateEmail", email);
    public override IdentityError InvalidUserName(string? userName) => E(nameof(InvalidUserName), "Identity.InvalidUserName", userName ?? string.Empty);
    public override IdentityError InvalidEmail(string? email) => E(nameof(InvalidEmail), "Identity.InvalidEmail", email ?? string.Empty);
    public override IdentityError PasswordTooShort(int length) => E(nameof(PasswordTooShort), "Identity.PasswordTooShort", length);
    public override IdentityError PasswordRequiresNonAlphanumeric() => E(nameof(PasswordRequiresNonAlphanumeric), "Identity.PasswordRequiresNonAlphanumeric");
    public override IdentityError PasswordRequiresDigit() => E(nameof(PasswordRequiresDigit), "Identity.PasswordRequiresDigit");
    public override IdentityError PasswordRequiresLower() => E(nameof(PasswordRequiresLower), "Identity.PasswordRequiresLower");
    public override IdentityError PasswordRequiresUpper() => E(nameof(PasswordRequiresUpper), "Identity.PasswordRequiresUpper");
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => E(nameof(PasswordRequiresUniqueChars), "Identity.PasswordRequiresUniqueChars", uniqueChars);
    public override IdentityError InvalidToken() => E(nameof(InvalidToken), "Identity.InvalidToken");
    public override IdentityError UserAlreadyInRole(string role) => E(nameof(UserAlreadyInRole), "Identity.UserAlreadyInRole", role);
    public override IdentityError UserNotInRole(string role) => E(nameof(UserNotInRole), "Identity.UserNotInRole", role);
    public override IdentityError ConcurrencyFailure() => E(nameof(ConcurrencyFailure), "Identity.ConcurrencyFailure");

    /// <summary>Refusal to remove the Admin role from the last administrator.</summary>
    public IdentityError LastAdministrator() => E(nameof(LastAdministrator), "Identity.LastAdministrator");
}
