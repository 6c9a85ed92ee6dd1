using System.Text;

namespace Collab.Grains.Scheduling;

/// <summary>
/// The schedule's placements in a compact binary form for its state row: per slot the operation id, the machine and
/// the three times as deltas (setup start from the previous slot's, start from setup start, end from start), in whole
/// minutes when every time is on a minute, else in ticks. ~20–30 bytes a slot where JSON took ~130: a Gantt move
/// rewrites the row, so its size is the move's write cost (issue #17).
/// </summary>
public static class SlotPacking
{
    private const byte Minutes = 1;
    private const byte Ticks = 2;

    public static byte[] Pack(IReadOnlyList<StoredSlot> slots)
    {
        var unit = slots.All(x => OnMinute(x.SetupStart) && OnMinute(x.Start) && OnMinute(x.End)) ? Minutes : Ticks;
        var per = unit == Minutes ? TimeSpan.TicksPerMinute : 1;
        using var stream = new MemoryStream(slots.Count * 24 + 16);
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(unit);
            w.Write7BitEncodedInt(slots.Count);
            w.Write((byte)(slots.Count > 0 ? slots[0].SetupStart.Kind : DateTimeKind.Unspecified));
            var previous = 0L;
            foreach (var x in slots)
            {
                w.Write(x.OperationId);
                w.Write7BitEncodedInt(x.Machine);
                var setup = x.SetupStart.Ticks / per;
                w.Write7BitEncodedInt64(Zig(setup - previous));
                w.Write7BitEncodedInt64(Zig(x.Start.Ticks / per - setup));
                w.Write7BitEncodedInt64(Zig(x.End.Ticks / per - x.Start.Ticks / per));
                previous = setup;
            }
        }

        return stream.ToArray();
    }

    public static List<StoredSlot> Unpack(byte[] packed)
    {
        using var r = new BinaryReader(new MemoryStream(packed), Encoding.UTF8);
        var unit = r.ReadByte();
        if (unit is not (Minutes or Ticks))
        {
            throw new InvalidDataException($"Unknown packed schedule format {unit}.");
        }

        var per = unit == Minutes ? TimeSpan.TicksPerMinute : 1;
        var count = r.Read7BitEncodedInt();
        var kind = (DateTimeKind)r.ReadByte();
        var slots = new List<StoredSlot>(count);
        var previous = 0L;
        for (var i = 0; i < count; i++)
        {
            var id = r.ReadString();
            var machine = r.Read7BitEncodedInt();
            var setup = previous + Unzig(r.Read7BitEncodedInt64());
            var start = setup + Unzig(r.Read7BitEncodedInt64());
            var end = start + Unzig(r.Read7BitEncodedInt64());
            slots.Add(new StoredSlot(id, machine, new DateTime(setup * per, kind), new DateTime(start * per, kind), new DateTime(end * per, kind)));
            previous = setup;
        }

        return slots;
    }

    private static bool OnMinute(DateTime t) => t.Ticks % TimeSpan.TicksPerMinute == 0;

    private static long Zig(long v) => (v << 1) ^ (v >> 63);

    private static long Unzig(long v) => (long)((ulong)v >> 1) ^ -(v & 1);
}
