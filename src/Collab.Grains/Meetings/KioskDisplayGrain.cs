using System.Security.Cryptography;
using System.Text;
using Collab.Contracts;
using Collab.Contracts.Meetings;
using Collab.Domain.Mail;
using Collab.Grains.Common;
using Orleans.Runtime;

namespace Collab.Grains.Meetings;

/// <summary>
/// Wall-screen display links of a site. A token is 256 random bits (base64url, 43 characters), returned once;
/// only its SHA-256 is stored, compared in constant time. Revocation is immediate.
/// </summary>
public sealed class KioskDisplayGrain(
    [PersistentState("kiosk")] IPersistentState<KioskDisplayState> state,
    TimeProvider clock) : Grain, IKioskDisplayGrain
{
    private static readonly TimeSpan SeenResolution = TimeSpan.FromMinutes(5);

    async Task<NewKioskDisplay> IKioskDisplayGrain.CreateAsync(string name, string user)
    {
        var n = name?.Trim() ?? "";
        if (n.Length is 0 or > 100 || MailValidator.ContainsControlCharacter(n))
        {
            throw new CommandRejectedException(Refusal.DisplayNameInvalid);
        }

        if (string.IsNullOrWhiteSpace(user))
        {
            throw new CommandRejectedException(Refusal.UnknownUser);
        }

        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var display = new KioskDisplay(Guid.NewGuid(), n, user, clock.GetUtcNow(), null, null, null, token[..4] + "…");
        await state.SaveAsync(this, s => s.Displays.Add(new KioskDisplayRecord { Display = display, TokenHash = Hash(token) }));
        return new NewKioskDisplay(display, token);
    }

    Task<IReadOnlyList<KioskDisplay>> IKioskDisplayGrain.ListAsync() =>
        Task.FromResult<IReadOnlyList<KioskDisplay>>([.. state.State.Displays.Select(d => d.Display).OrderBy(d => d.RevokedAt is not null).ThenBy(d => d.Name, StringComparer.CurrentCulture)]);

    async Task IKioskDisplayGrain.RevokeAsync(Guid id, string user)
    {
        var record = state.State.Displays.FirstOrDefault(d => d.Display.Id == id) ?? throw new CommandRejectedException(Refusal.DisplayNotFound);
        if (record.Display.RevokedAt is not null)
        {
            return;
        }

        await state.SaveAsync(this, _ => record.Display = record.Display with { RevokedAt = clock.GetUtcNow(), RevokedBy = user });
    }

    async Task<bool> IKioskDisplayGrain.ValidateAsync(string token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200)
        {
            return false;
        }

        var hash = Hash(token);
        var record = state.State.Displays.FirstOrDefault(d => CryptographicOperations.FixedTimeEquals(Convert.FromHexString(d.TokenHash), Convert.FromHexString(hash)));
        if (record is null || record.Display.RevokedAt is not null)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        if (record.Display.LastSeenAt is not { } seen || now - seen > SeenResolution)
        {
            await state.SaveAsync(this, _ => record.Display = record.Display with { LastSeenAt = now });
        }

        return true;
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

[GenerateSerializer, Alias("Collab.KioskDisplayState")]
public sealed class KioskDisplayState
{
    [Id(0)] public List<KioskDisplayRecord> Displays { get; set; } = [];
}

[GenerateSerializer, Alias("Collab.KioskDisplayRecord")]
public sealed class KioskDisplayRecord
{
    [Id(0)] public KioskDisplay Display { get; set; } = null!;
    [Id(1)] public string TokenHash { get; set; } = "";
}
