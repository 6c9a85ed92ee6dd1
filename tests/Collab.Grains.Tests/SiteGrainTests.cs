using Collab.Contracts;
using Collab.Contracts.Common;
using Collab.Contracts.Sites;
using Collab.Grains.Tests.Infrastructure;

namespace Collab.Grains.Tests;

[Collection("cluster")]
public sealed class SiteGrainTests(ClusterFixture fixture)
{
    private static string NewKey() => "S" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Rename_bumps_version_and_records_who_and_when()
    {
        var site = fixture.Grains.GetGrain<ISiteGrain>(NewKey());
        var before = await site.GetInfoAsync();

        var after = await site.RenameAsync("Robinetterie du Rhône", before.Version, "planificateur");

        Assert.Equal(before.Version + 1, after.Version);
        Assert.Equal("Robinetterie du Rhône", after.Name);
        Assert.Equal("planificateur", after.ModifiedBy);
        Assert.Equal(fixture.Clock.GetUtcNow(), after.ModifiedAt);
    }

    [Fact]
    public async Task Stale_version_is_refused_with_who_changed_it_and_nothing_is_overwritten()
    {
        var site = fixture.Grains.GetGrain<ISiteGrain>(NewKey());
        var v0 = (await site.GetInfoAsync()).Version;
        await site.RenameAsync("Nom A", v0, "alice");

        var conflict = await Assert.ThrowsAsync<VersionConflictException>(() => site.RenameAsync("Nom B", v0, "bob"));

        Assert.Equal("alice", conflict.ModifiedBy);
        Assert.Equal(v0 + 1, conflict.CurrentVersion);
        Assert.Equal("Nom A", (await site.GetInfoAsync()).Name);
    }

    [Fact]
    public async Task Invalid_name_is_rejected_in_french_and_state_is_unchanged()
    {
        var site = fixture.Grains.GetGrain<ISiteGrain>(NewKey());
        var v0 = await site.GetInfoAsync();

        var error = await Assert.ThrowsAsync<CommandRejectedException>(() => site.RenameAsync("   ", v0.Version, "alice"));

        Assert.Equal(Refusal.RequiredMax, Assert.Single(error.Reasons).Kind);
        Assert.Equal(v0, await site.GetInfoAsync());
    }

    [Fact]
    public async Task Failed_write_leaves_memory_equal_to_storage()
    {
        var key = NewKey();
        var site = fixture.Grains.GetGrain<ISiteGrain>(key);
        var saved = await site.RenameAsync("Avant", 0, "alice");

        fixture.Faults.FailWritesOf(key);
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => site.RenameAsync("Après", saved.Version, "bob"));
        }
        finally
        {
            fixture.Faults.Heal();
        }

        var now = await site.GetInfoAsync();
        Assert.Equal("Avant", now.Name);
        Assert.Equal(saved.Version, now.Version);
        // and the next command, based on the stored version, goes through
        Assert.Equal("Après", (await site.RenameAsync("Après", saved.Version, "bob")).Name);
    }

    [Fact]
    public async Task Change_is_published_to_subscribers_after_it_is_persisted()
    {
        var key = NewKey();
        var recorder = new ChangeRecorder();
        var observer = fixture.Grains.CreateObjectReference<IChangeObserver>(recorder);
        var broker = fixture.Grains.GetGrain<IChangeBrokerGrain>(key);
        await broker.SubscribeAsync(observer);

        var site = fixture.Grains.GetGrain<ISiteGrain>(key);
        var renamed = await site.RenameAsync("Usine de Lyon", 0, "alice");

        var change = await recorder.WaitForAsync(c => c.Object.Id == key && c.Version == renamed.Version);
        Assert.Equal(new ObjectRef(ObjectKind.Site, key), change.Object);
        Assert.Equal("alice", change.User);
        await broker.UnsubscribeAsync(observer);
    }
}
