using JaasPipeline.Console;
using JaasPipeline.ServiceDefaults;

// The operations console on its own: pages that read and act on every service through its HTTP API.
var builder = ServiceHost.CreateBuilder(args, HostDefinition.Alone(ConsoleSettings.Module));
builder.AddPipelineConsole();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapPipelineConsole();
app.RefuseOpenApiOnPublicBinding();
app.RunAndReportBadSettings();
