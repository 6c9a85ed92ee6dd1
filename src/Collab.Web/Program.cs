using Collab.Infrastructure.Hosting;
using Collab.Web.Hosting;

var builder = WebApplication.CreateBuilder(CollabArguments.Normalize(args));
builder.AddCollabWeb();

var app = builder.Build();
app.UseCollabWeb();
await app.RunCollabAsync();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
