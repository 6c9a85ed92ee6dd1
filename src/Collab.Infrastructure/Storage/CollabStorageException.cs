namespace Collab.Infrastructure.Storage;

/// <summary>
/// The storage cannot be used (unreadable or read-only data directory, corrupt database file,
/// unreachable PostgreSQL). The message names the path or server and is meant for the operator.
/// </summary>
public sealed class CollabStorageException : Exception
{
    public CollabStorageException(string message)
        : base(message)
    {
    }

    public CollabStorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
