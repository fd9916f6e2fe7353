using JaasPipeline.Analytics;
using JaasPipeline.Attendance;
using JaasPipeline.Ingress;
using JaasPipeline.MediaArtifacts;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;
using JaasPipeline.Standalone;
using JaasPipeline.Transcription;

// Every service of the pipeline in one process: the same modules the separate hosts run, on the in-memory bus and
// SQLite files under ./data of the working directory (see appsettings.json, read from beside the executable so
// that `dotnet run --project services/Standalone` finds it from the repository root).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults();
builder.AddIngress();
builder.AddAttendance();
builder.AddMediaArtifacts();
builder.AddTranscription();
builder.AddAnalytics();
builder.Services.AddJaasMessaging(builder.Configuration, bus =>
{
    bus.AddAttendanceConsumers();
    bus.AddAnalyticsConsumers();
});

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapIngressApi();
app.MapAttendanceApi();
app.RefuseOpenApiOnPublicBinding();
app.LogWhereItRuns();
app.RunAndReportBadSettings();
