using System.Numerics;
using Collab.Contracts.Orders;
using Collab.Contracts.Workstations;

namespace Collab.Domain.Plan;

/// <summary>
/// Fingerprint of what a run tells an order or workstation grain, without the run id (issue #17): a 64-bit hash fed
/// field by field (xxHash64's round and avalanche), stable across processes and versions of .NET (no
/// <see cref="string.GetHashCode()"/>, no JSON). Every field of the feedback records goes in, with list lengths and
/// null marks, so two feedbacks get the same print exactly when their JSON would be equal (up to a 64-bit collision).
/// A field added to <see cref="OrderPlanFeedback"/>, <see cref="WorkstationLoadFeedback"/> or the records they hold
/// must be added here (PlanPrintTests lists them). <see cref="Version"/> tells prints of this hash from earlier ones.
/// </summary>
public static class PlanPrint
{
    /// <summary>1: this hash. 0 (stored before it): FNV-1a of the feedback's JSON (<see cref="PlanConsequences.JsonPrint"/>).</summary>
    public const int Version = 1;

    public static ulong Of(OrderPlanFeedback f)
    {
        var h = new Hasher(1);
        h.Add(f.NeededDate);
        h.Add(f.Exceptions.Count);
        foreach (var e in f.Exceptions)
        {
            h.Add((int)e.Type);
            h.Add(e.Item);
            h.Add(e.Order);
            h.Add(e.From);
            h.Add(e.To);
            h.Add(e.Qty);
            h.Add(e.Family);
            h.Add(e.Buyer);
            h.Add(e.DelayWeeks);
            h.Add(e.Causes);
        }

        h.Add(f.PeggedCustomerOrders);
        h.Add(f.Operations.Count);
        foreach (var o in f.Operations)
        {
            h.Add(o.Sequence);
            h.Add(o.Workstation);
            h.Add(o.Start);
            h.Add(o.End);
            h.Add(o.Hours);
        }

        return h.Finish();
    }

    public static ulong Of(WorkstationLoadFeedback f)
    {
        var h = new Hasher(2);
        h.Add(f.Weeks.Count);
        foreach (var w in f.Weeks)
        {
            h.Add(w.WeekStart);
            h.Add(w.Available);
            h.Add(w.Load);
            h.Add(w.Orders.Count);
            foreach (var o in w.Orders)
            {
                h.Add(o.Order);
                h.Add(o.Item);
                h.Add(o.Planned);
                h.Add(o.Hours);
            }
        }

        h.Add(f.Queue.Count);
        foreach (var q in f.Queue)
        {
            h.Add(q.Order);
            h.Add(q.Item);
            h.Add(q.Sequence);
            h.Add(q.Start);
            h.Add(q.End);
            h.Add(q.Hours);
            h.Add(q.Planned);
        }

        return h.Finish();
    }

    /// <summary>Streaming 64-bit hash of 64-bit words (xxHash64 constants; one lane, as xxHash64's tail).</summary>
    private struct Hasher(ulong seed)
    {
        private const ulong P1 = 11400714785074694791UL;
        private const ulong P2 = 14029467366897019727UL;
        private const ulong P3 = 1609587929392839161UL;
        private const ulong P4 = 9650029242287828579UL;
        private const ulong P5 = 2870177450012600261UL;

        private ulong _h = seed + P5;
        private ulong _words;

        public void Word(ulong v)
        {
            v *= P2;
            v = BitOperations.RotateLeft(v, 31);
            v *= P1;
            _h ^= v;
            _h = (BitOperations.RotateLeft(_h, 27) * P1) + P4;
            _words++;
        }

        public void Add(int v) => Word((ulong)(uint)v);

        public void Add(bool v) => Word(v ? 1UL : 0UL);

        public void Add(double v) => Word((ulong)BitConverter.DoubleToInt64Bits(v));

        public void Add(DateOnly v) => Word((ulong)(uint)v.DayNumber);

        public void Add(DateOnly? v)
        {
            Word(v is null ? 0UL : 1UL);
            if (v is { } d)
            {
                Add(d);
            }
        }

        public void Add(int? v)
        {
            Word(v is null ? 0UL : 1UL);
            if (v is { } i)
            {
                Add(i);
            }
        }

        /// <summary>Null mark, length, then the UTF-16 code units four to a word.</summary>
        public void Add(string? s)
        {
            if (s is null)
            {
                Word(ulong.MaxValue);
                return;
            }

            Word((ulong)s.Length);
            var k = 0;
            for (; k + 4 <= s.Length; k += 4)
            {
                Word(s[k] | ((ulong)s[k + 1] << 16) | ((ulong)s[k + 2] << 32) | ((ulong)s[k + 3] << 48));
            }

            if (k < s.Length)
            {
                ulong last = 0;
                for (var shift = 0; k < s.Length; k++, shift += 16)
                {
                    last |= (ulong)s[k] << shift;
                }

                Word(last);
            }
        }

        public void Add(IReadOnlyList<string>? list)
        {
            if (list is null)
            {
                Word(ulong.MaxValue);
                return;
            }

            Word((ulong)list.Count);
            foreach (var s in list)
            {
                Add(s);
            }
        }

        public readonly ulong Finish()
        {
            var h = _h + _words;
            h ^= h >> 33;
            h *= P2;
            h ^= h >> 29;
            h *= P3;
            h ^= h >> 32;
            return h;
        }
    }
}
