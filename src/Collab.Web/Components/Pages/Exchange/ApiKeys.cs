using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Collab.Web.Identity;
using Collab.Web.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Collab.Web.Components.Pages.Exchange;

/// <summary>A key as the administration page lists it (never the secret).</summary>
public sealed record ApiKeyInfo(string Id, string Name, string Role, string Prefix, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt, long Calls)
{
    public bool Active(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}

/// <summary>A key just created: <see cref="Secret"/> is shown once and never stored.</summary>
public sealed record CreatedApiKey(ApiKeyInfo Key, string Secret);

/// <summary>
/// API keys for machine clients: created by an admin (name, role, expiry), shown once, stored as a SHA-256 hash
/// (the secret has 256 random bits, so a plain hash cannot be guessed back), revocable. Format
/// <c>collab_{prefix}_{secret}</c>; the prefix finds the row, the hash is compared in constant time.
/// </summary>
public sealed class ApiKeyService(IServiceScopeFactory scopes, IAuthorizationService authorization, TimeProvider clock)
{
    public const string Scheme = "ApiKey";
    public const string KeyIdClaim = "collab:api-key";

    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(ClaimsPrincipal user)
    {
        await authorization.RequireAsync(user, Policies.CanAdminister);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ExchangeDbContext>();
        var rows = await db.ApiKeys.AsNoTracking().ToListAsync();
        return rows.OrderBy(r => r.RevokedAtMs is not null).ThenBy(r => r.Name, StringComparer.CurrentCultureIgnoreCase).Select(ToInfo).ToList();
    }

    /// <summary>Creates a key. Errors are resource keys of <c>ExchangeResource</c> (the page words them).</summary>
    public async Task<(CreatedApiKey? Key, string? Error)> CreateAsync(ClaimsPrincipal user, string name, string role, DateOnly? expires)
    {
        await authorization.RequireAsync(user, Policies.CanAdminister);
        name = name?.Trim() ?? string.Empty;
        if (name.Length is 0 or > 80 || name.Any(char.IsControl) || name.IndexOfAny(['<', '>']) >= 0)
        {
            return (null, "Keys.InvalidName");
        }

        if (!Roles.All.Contains(role))
        {
            return (null, "Keys.InvalidRole");
        }

        var now = clock.GetUtcNow();
        if (expires is { } e && e <= DateOnly.FromDateTime(now.UtcDateTime))
        {
            return (null, "Keys.ExpiryPast");
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ExchangeDbContext>();
        if (await db.ApiKeys.AnyAsync(k => k.Name == name && k.RevokedAtMs == null))
        {
            return (null, "Keys.DuplicateName");
        }

        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
        var secret = $"collab_{prefix}_{Base64Url(RandomNumberGenerator.GetBytes(32))}";
        var record = new ApiKeyRecord
        {
            Id = Guid.NewGuid().ToString("N"),
            Name = name,
            Role = role,
            Prefix = prefix,
            Hash = Hash(secret),
            CreatedBy = user.Identity?.Name ?? "?",
            CreatedAtMs = now.ToUnixTimeMilliseconds(),
            ExpiresAtMs = expires?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) is { } x ? new DateTimeOffset(x).ToUnixTimeMilliseconds() : null,
        };
        db.ApiKeys.Add(record);
        await db.SaveChangesAsync();
        return (new CreatedApiKey(ToInfo(record), secret), null);
    }

    public async Task<bool> RevokeAsync(ClaimsPrincipal user, string id)
    {
        await authorization.RequireAsync(user, Policies.CanAdminister);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ExchangeDbContext>();
        var row = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id);
        if (row is null || row.RevokedAtMs is not null)
        {
            return false;
        }

        row.RevokedAtMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        row.RevokedBy = user.Identity?.Name;
        await db.SaveChangesAsync();
        return true;
    }

    /// <summary>The key's record when <paramref name="secret"/> is a valid, active key; counts the call.</summary>
    internal async Task<ApiKeyRecord?> AuthenticateAsync(string secret)
    {
        var parts = secret.Split('_');
        if (parts.Length != 3 || parts[0] != "collab" || parts[1].Length != 10)
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ExchangeDbContext>();
        var prefix = parts[1];
        var candidates = await db.ApiKeys.Where(k => k.Prefix == prefix).ToListAsync();
        var hash = Encoding.ASCII.GetBytes(Hash(secret));
        var row = candidates.FirstOrDefault(k => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(k.Hash), hash));
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (row is null || row.RevokedAtMs is not null || (row.ExpiresAtMs is { } exp && exp <= now))
        {
            return null;
        }

        row.LastUsedAtMs = now;
        row.Calls++;
        await db.SaveChangesAsync();
        return row;
    }

    /// <summary>The role of the active key a service user name (<c>api:&lt;name&gt;</c>) designates; empty otherwise.</summary>
    public async Task<IList<string>> RolesOfAsync(string userName)
    {
        if (!userName.StartsWith("api:", StringComparison.Ordinal))
        {
            return [];
        }

        var name = userName[4..];
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ExchangeDbContext>();
        var row = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Name == name && k.RevokedAtMs == null && (k.ExpiresAtMs == null || k.ExpiresAtMs > now));
        return row is null ? [] : [row.Role];
    }

    internal static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '-');

    private static DateTimeOffset? At(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;

    private static ApiKeyInfo ToInfo(ApiKeyRecord r) => new(r.Id, r.Name, r.Role, r.Prefix, r.CreatedBy, DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAtMs),
        At(r.ExpiresAtMs), At(r.RevokedAtMs), At(r.LastUsedAtMs), r.Calls);

    /// <summary>The user name a key acts under: it appears in every history entry its calls write.</summary>
    public static string UserName(string keyName) => $"api:{keyName}";
}

/// <summary>
/// <c>Authorization: Bearer collab_…</c>. The principal's name is <c>api:{key name}</c> (so grain histories name the
/// key) and its role the key's role; each call is logged with the key name and counted on the key.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyService keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var row = await keys.AuthenticateAsync(header["Bearer ".Length..].Trim());
        if (row is null)
        {
            Logger.LogWarning("API call refused: unknown, expired or revoked key ({Method} {Path})", Request.Method, Request.Path);
            return AuthenticateResult.Fail("invalid API key");
        }

        Logger.LogInformation("API call by key {Key} ({Role}): {Method} {Path}", row.Name, row.Role, Request.Method, Request.Path);
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, "apikey:" + row.Id),
            new Claim(ClaimTypes.Name, ApiKeyService.UserName(row.Name)),
            new Claim(ClaimTypes.Role, row.Role),
            new Claim(ApiKeyService.KeyIdClaim, row.Id),
        ], ApiKeyService.Scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ApiKeyService.Scheme));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
