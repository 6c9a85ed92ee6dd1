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

    /// <summary>Runs <paramref name="host"/> until shutdown; returns the process exit code.</summary>
    public static async Task<int> RunCollabAsync(this IHost host, TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        try
        {
            await host.RunAsync();
            return 0;
        }
        catch (Exception e) when (Find<CollabStorageException>(e) is { } storage)
        {
            (error ?? Console.Error).WriteLine($"Collab cannot start: {storage.Message}");
            return StorageErrorExitCode;
        }
        catch (Exception e) when (Find<CollabConfigurationException>(e) is { } configuration)
        {
            (error ?? Console.Error).WriteLine($"Collab cannot start: {configuration.Message}");
            return ConfigurationErrorExitCode;
        }
    }

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
