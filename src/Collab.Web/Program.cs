using Collab.Infrastructure.Hosting;
using Collab.Web.Hosting;

WebApplication app;
try
{
    var builder = WebApplication.CreateBuilder(CollabArguments.Normalize(args));
    builder.AddCollabWeb();
    app = builder.Build();
    app.UseCollabWeb();
}
catch (Exception e) when (CollabHostRunner.DescribeStartFailure(e) is { } failure)
{
    // A bad setting found while building the host (e.g. Collab:Mode=Cloud): one line, documented exit code.
    Console.Error.WriteLine($"Collab cannot start: {failure.Message}");
    return failure.ExitCode;
}

// Exit codes (docs/storage.md): 0 stopped normally, 2 invalid setting, 3 storage unusable,
// 4 address already in use, 5 unsafe exposure refused.
return await app.RunCollabAsync();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
