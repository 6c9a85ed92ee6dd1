using Collab.Web.Tests.Infrastructure;

namespace Collab.Web.Tests.MasterData;

/// <summary>A running host showing an empty plant ("USINE", nothing seeded), for journeys that build a plant from the pages.</summary>
[CollectionDefinition(Name)]
public sealed class EmptySiteCollection : ICollectionFixture<EmptySiteHost>
{
    public const string Name = "empty site host";
}

public sealed class EmptySiteHost : IDisposable
{
    private readonly Dictionary<string, string?> previousEnvironment = [];

    public CollabWebFactory Factory { get; } = new CollabWebFactory().UseEmptySite();

    public EmptySiteHost()
    {
        lock (CollabWebFactory.StartLock)
        {
            foreach (var (key, value) in Factory.Settings)
            {
                var name = key.Replace(":", "__", StringComparison.Ordinal);
                previousEnvironment[name] = Environment.GetEnvironmentVariable(name);
                Environment.SetEnvironmentVariable(name, value);
            }

            try
            {
                Factory.Start();
            }
            finally
            {
                // Read at start-up only: put the environment back at once so another host starting later sees its own.
                foreach (var (name, value) in previousEnvironment)
                {
                    Environment.SetEnvironmentVariable(name, value);
                }
            }
        }
    }

    public Uri BaseAddress => Factory.BaseAddress;

    public void Dispose() => Factory.Dispose();
}
