using Collab.Web.Hosting;

var builder = WebApplication.CreateBuilder(CollabArguments.Normalize(args));
builder.AddCollabWeb();

var app = builder.Build();
app.UseCollabWeb();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
