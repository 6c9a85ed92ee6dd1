using Collab.Contracts;
using Collab.Domain.Ports;
using Collab.Web.Resources;
using Microsoft.Extensions.Localization;
using Collab.Web.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Collab.Web.Components.Pages.People;

/// <summary>A user of Collab as others see them.</summary>
public sealed record Person(string UserName, string DisplayName, string? Email);

/// <summary>
/// The user list and login → display name, for every page, the big screen, PDFs and mails. Grains keep
/// logins; this directory turns them into names at the edge. The list is read once from the Identity
/// store and cached: an administrator's edit refreshes it at once in this process
/// (<see cref="UserAdministrationService"/> calls <see cref="RefreshAsync"/>), other processes of a
/// cluster pick it up within <see cref="MaxAge"/>.
/// </summary>
public sealed class UserDirectory(IServiceScopeFactory scopes, TimeProvider clock, ILogger<UserDirectory> logger, IStringLocalizer<PeopleResource> text) : IPeopleDirectory, IHostedService
{
    /// <summary>Age after which a read triggers a background reload.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    private sealed record Snapshot(IReadOnlyList<Person> People, IReadOnlyDictionary<string, Person> ByLogin, DateTimeOffset LoadedAt);

    private readonly SemaphoreSlim loading = new(1, 1);
    private volatile Snapshot? snapshot;
    private int refreshing;

    /// <summary>Raised after the list changed (pages showing people re-render).</summary>
    public event Action? Changed;

    /// <summary>Every user, sorted by display name.</summary>
    public async Task<IReadOnlyList<Person>> ListAsync() => (await CurrentAsync()).People;

    /// <summary>The user with this login (case-insensitive), or null.</summary>
    public async Task<Person?> FindAsync(string? login) =>
        login is not null && (await CurrentAsync()).ByLogin.TryGetValue(login.Trim(), out var p) ? p : null;

    /// <summary>The logins among <paramref name="logins"/> that are not users (empty when all are).</summary>
    public async Task<IReadOnlyList<string>> UnknownAsync(IEnumerable<string?> logins)
    {
        var s = await CurrentAsync();
        return [.. logins.Select(l => l?.Trim() ?? "").Where(l => !s.ByLogin.ContainsKey(l)).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>
    /// Refuses (French message) an action owner that is empty or not a user: owners are picked from the
    /// user list, never typed, and never assumed (no default owner).
    /// </summary>
    /// <returns>The owner's login as stored (canonical case).</returns>
    public async Task<string> RequireOwnerAsync(string? owner)
    {
        if (string.IsNullOrWhiteSpace(owner))
        {
            throw new Collab.Contracts.CommandRejectedException(Collab.Contracts.Refusal.PickRequired, Collab.Contracts.RefusalTerm.Owner);
        }

        return (await FindAsync(owner))?.UserName
            ?? throw new Collab.Contracts.CommandRejectedException(Collab.Contracts.Refusal.NotAUser, owner.Trim());
    }

    /// <summary>
    /// The display name of a login, for markup: read from the cached snapshot (loaded at start-up, reloaded in the
    /// background when old), never waiting on the database inside a render. Before the first load has finished the login
    /// is shown as it is and <see cref="Changed"/> fires once the list is there. An unknown login (an external address,
    /// a former user) is shown as it is; null or empty gives "—".
    /// </summary>
    public string Name(string? login)
    {
        if (string.IsNullOrWhiteSpace(login))
        {
            return "—";
        }

        var s = snapshot;
        ReloadInBackgroundIfNeeded(s);
        return NameIn(s, login);
    }

    private string NameIn(Snapshot? s, string login) =>
        s is not null && s.ByLogin.TryGetValue(login.Trim(), out var p) ? p.DisplayName : SystemName(login) ?? login;

    /// <summary>The name of one of Collab's own logins (<see cref="SystemLogins"/>) in the reader's language, or null.</summary>
    private string? SystemName(string login) => login.Trim().ToLowerInvariant() switch
    {
        SystemLogins.Demo => text["People.System.Demo"].Value,
        SystemLogins.NetChange => text["People.System.NetChange"].Value,
        SystemLogins.Plan => text["People.System.Plan"].Value,
        SystemLogins.Mail => text["People.System.Mail"].Value,
        _ => null,
    };

    /// <summary>Display names of several logins, joined with ", " ("—" for none).</summary>
    public string Names(IEnumerable<string>? logins) =>
        logins?.Where(l => !string.IsNullOrWhiteSpace(l)).Select(Name).ToList() is { Count: > 0 } names ? string.Join(", ", names) : "—";

    public async ValueTask<string> DisplayNameAsync(string? login, CancellationToken cancellationToken = default) =>
        string.IsNullOrWhiteSpace(login) ? "—" : NameIn(await CurrentAsync(), login);

    /// <summary>Reloads the list now (after an administrator created or edited a user).</summary>
    public async Task RefreshAsync()
    {
        await LoadAsync();
        Changed?.Invoke();
    }

    private async Task<Snapshot> CurrentAsync() => snapshot ?? await LoadAsync();

    /// <summary>No list yet, or an old one: one background load at a time; pages re-render on <see cref="Changed"/>.</summary>
    private void ReloadInBackgroundIfNeeded(Snapshot? s)
    {
        if ((s is not null && clock.GetUtcNow() - s.LoadedAt < MaxAge) || Interlocked.Exchange(ref refreshing, 1) == 1)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                var before = s?.People;
                var after = (await LoadAsync()).People;
                if (before is null || !before.SequenceEqual(after))
                {
                    Changed?.Invoke();
                }
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "User directory reload failed; the previous list stays in use.");
            }
            finally
            {
                Interlocked.Exchange(ref refreshing, 0);
            }
        });
    }

    private async Task<Snapshot> LoadAsync()
    {
        await loading.WaitAsync();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<CollabUser>>();
            var list = await users.Users.AsNoTracking().Select(u => new { u.UserName, u.DisplayName, u.Email }).ToListAsync();
            var people = list.Where(u => !string.IsNullOrEmpty(u.UserName))
                .Select(u => new Person(u.UserName!, string.IsNullOrWhiteSpace(u.DisplayName) ? u.UserName! : u.DisplayName.Trim(), u.Email))
                .OrderBy(p => p.DisplayName, StringComparer.CurrentCulture).ThenBy(p => p.UserName, StringComparer.Ordinal)
                .ToList();
            var next = new Snapshot(people, people.ToDictionary(p => p.UserName, StringComparer.OrdinalIgnoreCase), clock.GetUtcNow());
            snapshot = next;
            return next;
        }
        finally
        {
            loading.Release();
        }
    }

    /// <summary>Loads the list once the Identity schema exists (registered after <see cref="IdentityInitializer"/>).</summary>
    async Task IHostedService.StartAsync(CancellationToken cancellationToken) => await LoadAsync();

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
