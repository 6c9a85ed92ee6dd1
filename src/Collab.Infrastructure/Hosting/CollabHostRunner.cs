using Collab.Infrastructure.Configuration;
using Collab.Infrastructure.Storage;
using Microsoft.Extensions.Hosting;

namespace Collab.Infrastructure.Hosting;

/// <summary>Runs a Collab host and turns start-up storage/configuration failures into one clear
/// line on stderr and a non-zero exit code instead of a stack trace.</summary>
public static class CollabHostRunner
{
    /// <summary>Exit code when the storage is unusable (data directory, database file, PostgreSQL).</summary>
    public const int StorageErrorExitCode = 3;

    /// <summary>Exit code when a Collab setting is invalid.</summary>
    public const int ConfigurationErrorExitCode = 2;

    /// <summary>Exit code when an address cannot be listened on (port already in use, address not available).</summary>
    public const int NetworkErrorExitCode = 4;

    /// <summary>Exit code when Collab refuses an unsafe exposure (demo passwords beyond loopback).</summary>
    public const int SecurityRefusalExitCode = 5;

    /// <summary>Runs <paramref name="host"/> until shutdown; returns the process exit code.</summary>
    public static async Task<int> RunCollabAsync(this IHost host, TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        try
        {
            await host.RunAsync();
            return 0;
        }
        catch (Exception e) when (DescribeStartFailure(e) is { } failure)
        {
            (error ?? Console.Error).WriteLine($"Collab cannot start: {failure.Message}");
            return failure.ExitCode;
        }
    }

    /// <summary>The exit code and one-line message of a known start-up failure (bad setting, storage,
    /// busy port, unsafe exposure); null for anything else (a bug: let it crash with its stack trace).</summary>
    public static (int ExitCode, string Message)? DescribeStartFailure(Exception exception)
    {
        if (Find<CollabSecurityException>(exception) is { } security)
        {
            return (SecurityRefusalExitCode, OneLine(security.Message));
        }

        if (Find<CollabStorageException>(exception) is { } storage)
        {
            return (StorageErrorExitCode, OneLine(storage.Message));
        }

        if (Find<CollabConfigurationException>(exception) is { } configuration)
        {
            return (ConfigurationErrorExitCode, OneLine(configuration.Message));
        }

        if (IsAddressInUse(exception))
        {
            return (NetworkErrorExitCode, OneLine(exception.Message) + " Another program (or another Collab) already listens there: stop it or choose another address with --urls.");
        }

        return null;
    }

    private static bool IsAddressInUse(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse or System.Net.Sockets.SocketError.AddressNotAvailable }
                || e.GetType().Name == "AddressInUseException")
            {
                return true;
            }
        }

        return false;
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>The first <typeparamref name="T"/> in an exception chain (inner and aggregate exceptions).</summary>
    public static T? Find<T>(Exception? exception)
        where T : Exception
    {
        while (exception is not null)
        {
            switch (exception)
            {
                case T match:
                    return match;
                case AggregateException aggregate:
                    foreach (var inner in aggregate.InnerExceptions)
                    {
                        if (Find<T>(inner) is { } found)
                        {
                            return found;
                        }
                    }

                    return null;
            }

            exception = exception.InnerException;
        }

        return null;
    }
}
