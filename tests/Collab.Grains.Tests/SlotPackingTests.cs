using Collab.Grains.Scheduling;

namespace Collab.Grains.Tests;

/// <summary>The schedule row's packed placements read back exactly (issue #17: a move rewrites the row, so it is small).</summary>
public sealed class SlotPackingTests
{
    private static readonly DateTime Monday = new(2026, 11, 30, 6, 0, 0, DateTimeKind.Unspecified);

    [Fact]
    public void Slots_on_whole_minutes_read_back_exactly_and_take_a_fraction_of_their_json()
    {
        var slots = Enumerable.Range(0, 5000).Select(i =>
        {
            // Setup starts not in order (machines interleave), zero-length setups, multi-day operations.
            var setup = Monday.AddMinutes((i * 7919) % 40_000);
            return new StoredSlot($"OF-2026-{i / 3:00000}/{(i % 3 + 1) * 10}", i % 27, setup, setup.AddMinutes(i % 4 * 15), setup.AddMinutes(i % 4 * 15 + 30 + i % 2_000));
        }).ToList();

        var packed = SlotPacking.Pack(slots);

        Assert.Equal(slots, SlotPacking.Unpack(packed));
        var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(slots);
        Assert.True(packed.Length * 4 < json.Length, $"packed {packed.Length} bytes, JSON {json.Length}");
    }

    [Fact]
    public void Times_off_the_minute_and_their_kind_are_kept()
    {
        var local = new DateTime(2026, 12, 2, 23, 41, 17, 250, DateTimeKind.Local);
        List<StoredSlot> slots = [new("A/10", 0, local, local.AddSeconds(1), local.AddHours(30)), new("B/10", 2, local.AddDays(-3), local.AddDays(-3), local.AddDays(-2))];

        var back = SlotPacking.Unpack(SlotPacking.Pack(slots));

        Assert.Equal(slots, back);
        Assert.All(back, s => Assert.Equal(DateTimeKind.Local, s.Start.Kind));
        Assert.Empty(SlotPacking.Unpack(SlotPacking.Pack([])));
    }

    [Fact]
    public void An_unknown_format_is_refused_not_misread() =>
        Assert.Throws<InvalidDataException>(() => SlotPacking.Unpack([9, 0, 0]));
}
