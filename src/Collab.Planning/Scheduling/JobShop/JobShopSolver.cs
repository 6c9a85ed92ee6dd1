namespace Collab.Planning.Scheduling.JobShop;

/// <summary>Options of <see cref="JobShopSolver"/>.</summary>
public sealed record JobShopSolverOptions
{
    /// <summary>Seed of the pseudo-random choices (tie breaks, tabu tenures, perturbations).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Number of independent searches run in parallel (sharing their best solution).</summary>
    public int Threads { get; init; } = 2;

    /// <summary>Stop as soon as this makespan is reached (e.g. a proven optimum). The trivial lower bound always stops the search.</summary>
    public int? TargetMakespan { get; init; }

    /// <summary>Optional cap on tabu iterations per search (deterministic runs in tests).</summary>
    public long? MaxIterationsPerThread { get; init; }
}

/// <summary>Reported (synchronously, from a search thread) each time the best makespan improves.</summary>
public sealed record JobShopProgress(int BestMakespan, long Iterations);

public sealed record JobShopResult(
    JobShopSchedule Schedule,
    int InitialMakespan,
    int LowerBound,
    long Iterations,
    bool Cancelled);

/// <summary>
/// Job-shop makespan minimisation: Giffler–Thompson construction, then tabu search on the critical path
/// with the N7 neighbourhood (moves of an operation to the front/back of its critical block and of the
/// block ends into the block), move values estimated from heads and tails (Balas–Vazacopoulos),
/// dynamic tabu tenure on reversed arcs, aspiration, and back-jumps to elite solutions with a random
/// perturbation after a stagnation period. Several independent searches run in parallel and share the best.
/// The core has no clock: the search runs until the token is cancelled (callers use
/// <c>CancellationTokenSource.CancelAfter</c> for a time box), the target/lower bound is reached, or the iteration cap.
/// </summary>
public static class JobShopSolver
{
    public static JobShopResult Solve(
        JobShopInstance instance,
        JobShopSolverOptions? options = null,
        IProgress<JobShopProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        options ??= new JobShopSolverOptions();
        if (options.MaxIterationsPerThread is null && !cancellationToken.CanBeCanceled && options.TargetMakespan is null)
            throw new ArgumentException("Give a cancellable token (time box), a target makespan or an iteration cap, or the search never ends.");
        var threads = Math.Max(1, options.Threads);
        var shared = new SharedBest(instance, options, progress, threads, cancellationToken);
        var searches = new JobShopTabuSearch[threads];
        for (var t = 0; t < threads; t++)
        {
            searches[t] = new JobShopTabuSearch(instance, options.Seed * 7919 + t * 104729, t, shared);
        }

        // The searches meet every EpochIterations iterations (a barrier): only there is the shared best merged (in thread
        // order), and only there are cancellation, the target and the iteration cap looked at. Between two meetings a
        // search reads nothing another one writes, so a run is a function of (instance, seed, threads, epochs run):
        // deterministic with an iteration cap, and under a time box identical to any other run up to its last epoch.
        using var barrier = new Barrier(threads, _ => shared.MergeEpoch());
        if (threads == 1)
        {
            searches[0].Run(options.MaxIterationsPerThread, barrier);
        }
        else
        {
            var tasks = searches.Select(s => Task.Factory.StartNew(
                () => s.Run(options.MaxIterationsPerThread, barrier),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
            Task.WaitAll(tasks, CancellationToken.None);
        }

        var iterations = searches.Sum(s => s.Iterations);
        return new JobShopResult(shared.ToSchedule(), shared.InitialMakespan, shared.LowerBound, iterations,
            cancellationToken.IsCancellationRequested);
    }

    /// <summary>Iterations of each search between two meetings of the searches.</summary>
    internal const int EpochIterations = 2048;

    internal sealed class SharedBest
    {
        private readonly object gate = new();
        private readonly JobShopInstance instance;
        private readonly IProgress<JobShopProgress>? progress;
        private readonly CancellationToken cancellation;
        private readonly (int Makespan, int[]? Starts, int[][]? Sequences, long Iterations)[] deposits;
        private readonly bool[] finished;
        private int[]? bestStarts; // per flat operation
        private int[][]? bestSequences;
        private int bestMakespan = int.MaxValue;

        public SharedBest(JobShopInstance instance, JobShopSolverOptions options, IProgress<JobShopProgress>? progress, int threads, CancellationToken cancellation)
        {
            this.instance = instance;
            this.progress = progress;
            this.cancellation = cancellation;
            deposits = new (int, int[]?, int[][]?, long)[threads];
            for (var t = 0; t < threads; t++) deposits[t].Makespan = int.MaxValue;
            finished = new bool[threads];
            LowerBound = instance.LowerBound();
            Target = Math.Max(LowerBound, options.TargetMakespan ?? LowerBound);
        }

        public int LowerBound { get; }
        public int Target { get; }
        public int BestMakespan => bestMakespan;
        public int InitialMakespan { get; private set; } = int.MaxValue;
        public long TotalIterations;

        /// <summary>Decided at the last meeting: every search stops.</summary>
        public bool Stop { get; private set; }

        public void OfferInitial(int makespan)
        {
            lock (gate) InitialMakespan = Math.Min(InitialMakespan, makespan);
        }

        /// <summary>A search's new best, kept in its own slot until the next meeting.</summary>
        public void Offer(int thread, int makespan, int[] starts, int[][] sequences, long iterations)
        {
            ref var d = ref deposits[thread];
            if (makespan >= d.Makespan) return;
            d = (makespan, (int[])starts.Clone(), sequences.Select(x => (int[])x.Clone()).ToArray(), iterations);
        }

        public void SetFinished(int thread, bool value) => finished[thread] = value;

        /// <summary>At a meeting (every search waiting): merge the slots in thread order and decide whether to stop.</summary>
        public void MergeEpoch()
        {
            lock (gate)
            {
                for (var t = 0; t < deposits.Length; t++)
                {
                    var d = deposits[t];
                    if (d.Starts is null || d.Makespan >= bestMakespan) continue;
                    bestStarts = d.Starts;
                    bestSequences = d.Sequences;
                    bestMakespan = d.Makespan;
                    progress?.Report(new JobShopProgress(d.Makespan, Interlocked.Read(ref TotalIterations) + d.Iterations));
                }

                Stop = cancellation.IsCancellationRequested || bestMakespan <= Target || finished.All(f => f);
            }
        }

        /// <summary>Copies the shared best machine sequences into <paramref name="target"/>; false when none yet.</summary>
        public bool CopySequences(int[][] target)
        {
            lock (gate)
            {
                if (bestSequences is null) return false;
                for (var m = 0; m < target.Length; m++) Array.Copy(bestSequences[m], target[m], target[m].Length);
                return true;
            }
        }

        public JobShopSchedule ToSchedule()
        {
            lock (gate)
            {
                var starts = new List<IReadOnlyList<int>>(instance.JobCount);
                var o = 0;
                foreach (var job in instance.Jobs)
                {
                    var js = new int[job.Count];
                    for (var k = 0; k < job.Count; k++) js[k] = bestStarts![o++];
                    starts.Add(js);
                }

                return new JobShopSchedule(bestMakespan, starts);
            }
        }
    }
}

/// <summary>One tabu search thread. All state is in flat arrays indexed by operation.</summary>
internal sealed class JobShopTabuSearch
{
    private readonly JobShopSolver.SharedBest shared;
    private readonly int n;
    private readonly int machineCount;
    private readonly int jobCount;
    private readonly int[] dur, mach, jp, js, jobOf, remainingWork;
    private readonly int[] jobFirst;
    private readonly int[][] seq;
    private readonly int[] pos;
    private readonly int[] head, tail, topo, indeg, stack;
    private readonly int[] path, blockStart, blockEnd, blockMachine;
    private readonly int[] tabu;
    private readonly int[] buffer, newHead;
    private readonly int[][] bestSeq;
    private readonly Random rng;
    private readonly int threadIndex;
    private readonly int tenureBase;
    private readonly Move[] moves;
    private int makespan;
    private long iter;

    private struct Move
    {
        public int Machine, From, To, Estimate;
        public bool Tabu;
    }

    public long Iterations { get; private set; }

    public JobShopTabuSearch(JobShopInstance instance, int seed, int threadIndex, JobShopSolver.SharedBest shared)
    {
        this.shared = shared;
        this.threadIndex = threadIndex;
        rng = new Random(seed);
        machineCount = instance.MachineCount;
        jobCount = instance.JobCount;
        n = instance.OperationCount;
        dur = new int[n];
        mach = new int[n];
        jp = new int[n];
        js = new int[n];
        jobOf = new int[n];
        remainingWork = new int[n];
        jobFirst = new int[jobCount];
        var machineOps = new int[machineCount];
        var o = 0;
        for (var j = 0; j < jobCount; j++)
        {
            jobFirst[j] = o;
            var ops = instance.Jobs[j];
            for (var k = 0; k < ops.Count; k++, o++)
            {
                dur[o] = ops[k].Duration;
                mach[o] = ops[k].Machine;
                jobOf[o] = j;
                jp[o] = k == 0 ? -1 : o - 1;
                js[o] = k == ops.Count - 1 ? -1 : o + 1;
                machineOps[mach[o]]++;
            }

            var rem = 0;
            for (var k = ops.Count - 1; k >= 0; k--)
            {
                rem += ops[k].Duration;
                remainingWork[jobFirst[j] + k] = rem;
            }
        }

        seq = new int[machineCount][];
        bestSeq = new int[machineCount][];
        for (var m = 0; m < machineCount; m++)
        {
            seq[m] = new int[machineOps[m]];
            bestSeq[m] = new int[machineOps[m]];
        }

        pos = new int[n];
        head = new int[n];
        tail = new int[n];
        topo = new int[n];
        indeg = new int[n];
        stack = new int[n];
        path = new int[n];
        blockStart = new int[n];
        blockEnd = new int[n];
        blockMachine = new int[n];
        buffer = new int[n];
        newHead = new int[n];
        tabu = new int[n * n];
        moves = new Move[4 * n + 4];
        tenureBase = 10 + jobCount / Math.Max(1, machineCount);
    }

    public void Run(long? maxIterations, Barrier barrier)
    {
        var stopped = false;
        try
        {
            BuildGifflerThompson();
            if (!Evaluate()) throw new InvalidOperationException("Construction produced a cyclic schedule.");
            shared.OfferInitial(makespan);
            var best = makespan;
            SaveBest();
            shared.Offer(threadIndex, makespan, head, seq, 0);

            var noImprove = 0;
            var maxNoImprove = 8000 + 5 * n; // back-jump period (TSAB-like); 2,500 was measured slightly worse on 15x15 and 20x15
            var finished = false;
            while (true)
            {
                barrier.SignalAndWait();
                if (shared.Stop) break;
                var epochEnd = Iterations + JobShopSolver.EpochIterations;
                if (maxIterations is { } cap) epochEnd = Math.Min(epochEnd, cap);
                while (!finished && Iterations < epochEnd)
                {
                    Iterations++;
                    iter++;
                    if (!Step(best))
                    {
                        // No move at all: the critical path is a single job chain, the schedule is optimal.
                        finished = true;
                        break;
                    }

                    if (makespan < best)
                    {
                        best = makespan;
                        noImprove = 0;
                        SaveBest();
                        shared.Offer(threadIndex, makespan, head, seq, Iterations);
                    }
                    else if (++noImprove > maxNoImprove)
                    {
                        noImprove = 0;
                        BackJump();
                    }
                }

                shared.SetFinished(threadIndex, finished || (maxIterations is { } c && Iterations >= c));
            }

            stopped = true;
            Interlocked.Add(ref shared.TotalIterations, Iterations);
        }
        finally
        {
            // A failing search leaves the meetings so the others are not blocked.
            if (!stopped) barrier.RemoveParticipant();
        }
    }

    private void SaveBest()
    {
        for (var m = 0; m < machineCount; m++) Array.Copy(seq[m], bestSeq[m], seq[m].Length);
    }

    /// <summary>Restart from the shared best (or this thread's best) with a short random walk, forgetting the tabu list.</summary>
    private void BackJump()
    {
        var fromShared = (threadIndex + (int)(iter & 1)) % 2 == 0 || rng.Next(3) == 0;
        if (!fromShared || !shared.CopySequences(seq))
        {
            for (var m = 0; m < machineCount; m++) Array.Copy(bestSeq[m], seq[m], seq[m].Length);
        }

        RebuildPositions();
        Evaluate();
        iter += 1_000_000; // every tabu entry expires
        var walk = 2 + rng.Next(Math.Max(2, (int)Math.Sqrt(n) / 2));
        for (var w = 0; w < walk; w++)
        {
            var count = Neighbourhood(int.MaxValue, randomOnly: true);
            if (count == 0) break;
            ref var mv = ref moves[rng.Next(count)];
            Apply(mv.Machine, mv.From, mv.To, markTabu: false);
            if (!Evaluate())
            {
                Apply(mv.Machine, mv.To, mv.From, markTabu: false);
                Evaluate();
            }
        }
    }

    private bool Step(int best)
    {
        var count = Neighbourhood(best, randomOnly: false);
        if (count == 0) return false;
        var chosen = -1;
        var chosenValue = int.MaxValue;
        var ties = 0;
        for (var i = 0; i < count; i++)
        {
            ref var mv = ref moves[i];
            var admissible = !mv.Tabu || mv.Estimate < best;
            if (!admissible) continue;
            if (mv.Estimate < chosenValue)
            {
                chosenValue = mv.Estimate;
                chosen = i;
                ties = 1;
            }
            else if (mv.Estimate == chosenValue && rng.Next(++ties) == 0)
            {
                chosen = i;
            }
        }

        if (chosen < 0)
        {
            chosen = rng.Next(count); // every move is tabu: take one at random
        }

        var move = moves[chosen];
        Apply(move.Machine, move.From, move.To, markTabu: true);
        if (!Evaluate())
        {
            // The estimate-based feasibility test is sufficient for positive durations; zero durations
            // can still close a cycle. Undo and forbid the move for a long time.
            Apply(move.Machine, move.To, move.From, markTabu: false);
            var u = seq[move.Machine][move.From];
            var v = seq[move.Machine][move.To];
            tabu[u * n + v] = (int)Math.Min(int.MaxValue, iter + 1000);
            tabu[v * n + u] = (int)Math.Min(int.MaxValue, iter + 1000);
            Evaluate();
        }

        return true;
    }

    /// <summary>Fills <see cref="moves"/> with the N7 moves of the current critical path; returns their number.</summary>
    private int Neighbourhood(int best, bool randomOnly)
    {
        var pathLength = CriticalPath();
        var blocks = 0;
        var i = 0;
        while (i < pathLength)
        {
            var start = i;
            var m = mach[path[i]];
            while (i + 1 < pathLength && mach[path[i + 1]] == m && pos[path[i + 1]] == pos[path[i]] + 1) i++;
            if (i > start)
            {
                blockStart[blocks] = pos[path[start]];
                blockEnd[blocks] = pos[path[i]];
                blockMachine[blocks] = m;
                blocks++;
            }

            i++;
        }

        var count = 0;
        for (var b = 0; b < blocks; b++)
        {
            var m = blockMachine[b];
            var a0 = blockStart[b];
            var a1 = blockEnd[b];
            // Interior (and last) operations moved before the first one; first one moved after the others.
            for (var p = a0 + 1; p <= a1; p++) TryAdd(ref count, m, p, a0, best, randomOnly);
            for (var p = a0; p < a1; p++)
            {
                if (p == a0 && a1 == a0 + 1) continue; // same as the swap added above
                TryAdd(ref count, m, p, a1, best, randomOnly);
            }

            for (var p = a0 + 1; p < a1; p++)
            {
                if (p > a0 + 1) TryAdd(ref count, m, a0, p, best, randomOnly);
                if (p < a1 - 1) TryAdd(ref count, m, a1, p, best, randomOnly);
            }
        }

        return count;
    }

    private void TryAdd(ref int count, int m, int from, int to, int best, bool randomOnly)
    {
        var s = seq[m];
        if (from < to)
        {
            // u moves right after s[to].
            var u = s[from];
            var v = s[to];
            var jsu = js[u];
            if (jsu >= 0)
            {
                if (mach[jsu] == m && pos[jsu] > from && pos[jsu] <= to) return;
                if (tail[v] + dur[v] < tail[jsu] + dur[jsu]) return;
            }
        }
        else
        {
            // v moves right before s[to].
            var v = s[from];
            var u = s[to];
            var jpv = jp[v];
            if (jpv >= 0)
            {
                if (mach[jpv] == m && pos[jpv] >= to && pos[jpv] < from) return;
                if (head[u] + dur[u] < head[jpv] + dur[jpv]) return;
            }
        }

        ref var mv = ref moves[count++];
        mv.Machine = m;
        mv.From = from;
        mv.To = to;
        if (randomOnly)
        {
            mv.Estimate = 0;
            mv.Tabu = false;
            return;
        }

        mv.Tabu = IsTabu(m, from, to);
        mv.Estimate = Estimate(m, from, to);
    }

    private bool IsTabu(int m, int from, int to)
    {
        var s = seq[m];
        if (from < to)
        {
            var u = s[from];
            for (var p = from + 1; p <= to; p++)
            {
                if (tabu[s[p] * n + u] > iter) return true; // would put s[p] before u again
            }
        }
        else
        {
            var v = s[from];
            for (var p = to; p < from; p++)
            {
                if (tabu[v * n + s[p]] > iter) return true;
            }
        }

        return false;
    }

    /// <summary>Makespan estimate of a move: heads then tails recomputed along the reordered segment only.</summary>
    private int Estimate(int m, int from, int to)
    {
        var s = seq[m];
        int lo, hi, len = 0;
        if (from < to)
        {
            lo = from;
            hi = to;
            for (var p = from + 1; p <= to; p++) buffer[len++] = s[p];
            buffer[len++] = s[from];
        }
        else
        {
            lo = to;
            hi = from;
            buffer[len++] = s[from];
            for (var p = to; p < from; p++) buffer[len++] = s[p];
        }

        var prevEnd = 0;
        if (lo > 0)
        {
            var x = s[lo - 1];
            prevEnd = head[x] + dur[x];
        }

        for (var k = 0; k < len; k++)
        {
            var x = buffer[k];
            var h = prevEnd;
            var p = jp[x];
            if (p >= 0 && head[p] + dur[p] > h) h = head[p] + dur[p];
            newHead[k] = h;
            prevEnd = h + dur[x];
        }

        var nextTail = 0;
        if (hi + 1 < s.Length)
        {
            var x = s[hi + 1];
            nextTail = tail[x] + dur[x];
        }

        var estimate = 0;
        for (var k = len - 1; k >= 0; k--)
        {
            var x = buffer[k];
            var t = nextTail;
            var q = js[x];
            if (q >= 0 && tail[q] + dur[q] > t) t = tail[q] + dur[q];
            var total = newHead[k] + dur[x] + t;
            if (total > estimate) estimate = total;
            nextTail = t + dur[x];
        }

        return estimate;
    }

    private void Apply(int m, int from, int to, bool markTabu)
    {
        var s = seq[m];
        if (from < to)
        {
            var u = s[from];
            var tenure = NextTenure();
            for (var p = from; p < to; p++)
            {
                s[p] = s[p + 1];
                pos[s[p]] = p;
                if (markTabu) tabu[u * n + s[p]] = tenure;
            }

            s[to] = u;
            pos[u] = to;
        }
        else
        {
            var v = s[from];
            var tenure = NextTenure();
            for (var p = from; p > to; p--)
            {
                s[p] = s[p - 1];
                pos[s[p]] = p;
                if (markTabu) tabu[s[p] * n + v] = tenure;
            }

            s[to] = v;
            pos[v] = to;
        }
    }

    private int NextTenure()
    {
        var t = tenureBase + rng.Next(tenureBase / 2 + 2);
        return (int)Math.Min(int.MaxValue, iter + t);
    }

    private void RebuildPositions()
    {
        for (var m = 0; m < machineCount; m++)
        {
            var s = seq[m];
            for (var p = 0; p < s.Length; p++) pos[s[p]] = p;
        }
    }

    /// <summary>Heads, tails and makespan of the current selection; false if it contains a cycle.</summary>
    private bool Evaluate()
    {
        var top = 0;
        for (var o = 0; o < n; o++)
        {
            indeg[o] = (jp[o] >= 0 ? 1 : 0) + (pos[o] > 0 ? 1 : 0);
            if (indeg[o] == 0) stack[top++] = o;
        }

        var count = 0;
        while (top > 0)
        {
            var o = stack[--top];
            topo[count++] = o;
            var h = 0;
            var p = jp[o];
            if (p >= 0) h = head[p] + dur[p];
            var s = seq[mach[o]];
            var po = pos[o];
            if (po > 0)
            {
                var mp = s[po - 1];
                var e = head[mp] + dur[mp];
                if (e > h) h = e;
            }

            head[o] = h;
            var q = js[o];
            if (q >= 0 && --indeg[q] == 0) stack[top++] = q;
            if (po + 1 < s.Length)
            {
                var ms = s[po + 1];
                if (--indeg[ms] == 0) stack[top++] = ms;
            }
        }

        if (count < n) return false;
        var cmax = 0;
        for (var k = n - 1; k >= 0; k--)
        {
            var o = topo[k];
            var t = 0;
            var q = js[o];
            if (q >= 0) t = tail[q] + dur[q];
            var s = seq[mach[o]];
            var po = pos[o];
            if (po + 1 < s.Length)
            {
                var ms = s[po + 1];
                var e = tail[ms] + dur[ms];
                if (e > t) t = e;
            }

            tail[o] = t;
            var total = head[o] + dur[o] + t;
            if (total > cmax) cmax = total;
        }

        makespan = cmax;
        return true;
    }

    /// <summary>One critical path (random start among critical sources), stored in <see cref="path"/>.</summary>
    private int CriticalPath()
    {
        var offset = rng.Next(n);
        var start = -1;
        for (var k = 0; k < n; k++)
        {
            var o = (k + offset) % n;
            if (head[o] == 0 && dur[o] + tail[o] == makespan)
            {
                start = o;
                break;
            }
        }

        var len = 0;
        var cur = start;
        while (cur >= 0)
        {
            path[len++] = cur;
            var end = head[cur] + dur[cur];
            var next = -1;
            var s = seq[mach[cur]];
            var po = pos[cur];
            if (po + 1 < s.Length)
            {
                var ms = s[po + 1];
                if (head[ms] == end && end + dur[ms] + tail[ms] == makespan) next = ms;
            }

            var q = js[cur];
            if (q >= 0 && head[q] == end && end + dur[q] + tail[q] == makespan && (next < 0 || rng.Next(2) == 0)) next = q;
            cur = next;
        }

        return len;
    }

    /// <summary>Giffler–Thompson active schedule; conflicts resolved by most work remaining (noisy per thread).</summary>
    private void BuildGifflerThompson()
    {
        var next = (int[])jobFirst.Clone();
        var jobEnd = new int[jobCount];
        var jobReady = new int[jobCount];
        var machReady = new int[machineCount];
        var fill = new int[machineCount];
        for (var j = 0; j < jobCount; j++) jobEnd[j] = j + 1 < jobCount ? jobFirst[j + 1] : n;
        var noise = threadIndex == 0 ? 0.0 : 0.3;
        for (var step = 0; step < n; step++)
        {
            var bestEct = int.MaxValue;
            var bestMachine = -1;
            var bestOp = -1;
            for (var j = 0; j < jobCount; j++)
            {
                var o = next[j];
                if (o >= jobEnd[j]) continue;
                var est = Math.Max(jobReady[j], machReady[mach[o]]);
                if (est + dur[o] < bestEct)
                {
                    bestEct = est + dur[o];
                    bestMachine = mach[o];
                    bestOp = o;
                }
            }

            var chosen = -1;
            var chosenKey = double.MinValue;
            for (var j = 0; j < jobCount; j++)
            {
                var o = next[j];
                if (o >= jobEnd[j] || mach[o] != bestMachine) continue;
                var est = Math.Max(jobReady[j], machReady[bestMachine]);
                if (est >= bestEct && o != bestOp) continue;
                var key = remainingWork[o] * (1.0 + noise * rng.NextDouble()) + rng.NextDouble() * 1e-3;
                if (key > chosenKey)
                {
                    chosenKey = key;
                    chosen = o;
                }
            }

            var jj = jobOf[chosen];
            var start = Math.Max(jobReady[jj], machReady[bestMachine]);
            jobReady[jj] = machReady[bestMachine] = start + dur[chosen];
            seq[bestMachine][fill[bestMachine]++] = chosen;
            next[jj]++;
        }

        RebuildPositions();
    }
}
