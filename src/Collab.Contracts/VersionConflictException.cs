namespace Collab.Contracts;

/// <summary>
/// A command was based on a version of an object that is no longer current: someone else
/// changed it first. Carries who changed it and when, so the UI can say
/// "Modifié par X à HH:MM" and reload the fresh data without losing what the user typed.
/// </summary>
[GenerateSerializer, Alias("Collab.VersionConflictException")]
public sealed class VersionConflictException : Exception
{
    public VersionConflictException(long expectedVersion, long currentVersion, string? modifiedBy, DateTimeOffset? modifiedAt)
        : base($"Version {expectedVersion} expected but the object is at version {currentVersion} (modified by {modifiedBy ?? "?"} at {modifiedAt:O}).")
    {
        ExpectedVersion = expectedVersion;
        CurrentVersion = currentVersion;
        ModifiedBy = modifiedBy;
        ModifiedAt = modifiedAt;
    }

    [Id(0)] public long ExpectedVersion { get; private set; }
    [Id(1)] public long CurrentVersion { get; private set; }
    [Id(2)] public string? ModifiedBy { get; private set; }
    [Id(3)] public DateTimeOffset? ModifiedAt { get; private set; }
}
