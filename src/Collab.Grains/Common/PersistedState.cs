using Collab.Contracts;
using Orleans.Runtime;

namespace Collab.Grains.Common;

/// <summary>Optimistic version stamp of a state that concurrent editors check (never a silent overwrite).</summary>
public interface IVersionedState
{
    long Version { get; set; }

    string? ModifiedBy { get; set; }

    DateTimeOffset? ModifiedAt { get; set; }
}

/// <summary>
/// The one way a grain persists a change: apply it to the in-memory state, write, and — when the change is rejected
/// (the apply step throws) or the write fails — put memory back to what storage holds, then let the exception go on.
/// Memory therefore always equals storage. Restoring re-reads the stored state; when storage cannot even be read, the
/// activation is dropped so that the next call loads it afresh.
/// </summary>
public static class PersistedState
{
    /// <summary>Applies <paramref name="apply"/> and writes; returns what it returned.</summary>
    public static async Task<TResult> SaveAsync<TState, TResult>(this IPersistentState<TState> state, IGrainBase grain, Func<TState, TResult> apply)
    {
        TResult result;
        try
        {
            result = apply(state.State);
            await state.WriteStateAsync();
        }
        catch
        {
            await RestoreAsync(state, grain);
            throw;
        }

        return result;
    }

    /// <summary>Applies <paramref name="apply"/> and writes.</summary>
    public static Task SaveAsync<TState>(this IPersistentState<TState> state, IGrainBase grain, Action<TState> apply) =>
        state.SaveAsync(grain, s =>
        {
            apply(s);
            return true;
        });

    /// <summary>Writes only when <paramref name="apply"/> says it changed something (true); returns that answer.</summary>
    public static async Task<bool> SaveIfChangedAsync<TState>(this IPersistentState<TState> state, IGrainBase grain, Func<TState, bool> apply)
    {
        try
        {
            if (!apply(state.State))
            {
                return false;
            }

            await state.WriteStateAsync();
            return true;
        }
        catch
        {
            await RestoreAsync(state, grain);
            throw;
        }
    }

    /// <summary>
    /// A versioned command: refuses a stale <paramref name="expectedVersion"/> (<see cref="VersionConflictException"/>,
    /// naming who changed it and when), applies, stamps version + 1 / <paramref name="user"/> / <paramref name="now"/>,
    /// writes. No expected version (null) means the caller does not check it (system or append-only commands).
    /// </summary>
    public static Task<TResult> SaveVersionedAsync<TState, TResult>(this IPersistentState<TState> state, IGrainBase grain, string user, long? expectedVersion,
        DateTimeOffset now, Func<TState, TResult> apply)
        where TState : IVersionedState
    {
        var s = state.State;
        if (expectedVersion is { } expected && expected != s.Version)
        {
            throw new VersionConflictException(expected, s.Version, s.ModifiedBy, s.ModifiedAt);
        }

        return state.SaveAsync(grain, st =>
        {
            var result = apply(st);
            st.Version++;
            st.ModifiedBy = user;
            st.ModifiedAt = now;
            return result;
        });
    }

    private static async Task RestoreAsync<TState>(IPersistentState<TState> state, IGrainBase grain)
    {
        try
        {
            await state.ReadStateAsync();
        }
        catch
        {
            // Storage unreachable: drop this activation so the next call reloads from storage.
            grain.DeactivateOnIdle();
        }
    }
}
