using JaasPipeline.Analytics;
using JaasPipeline.Attendance;
using JaasPipeline.Console;
using JaasPipeline.ConsumerApi;
using JaasPipeline.Ingress;
using JaasPipeline.MediaArtifacts;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;
using JaasPipeline.Standalone;
using JaasPipeline.Transcription;

// Every service of the pipeline in one process (and the console at /console): the same modules the separate hosts run, on the in-memory bus and
// SQLite files under ./data of the working directory (see appsettings.json).
var builder = ServiceHost.CreateBuilder(args, StandaloneHost.Definition);
builder.AddIngress();
builder.AddAttendance();
builder.AddMediaArtifacts();
builder.AddTranscription();
builder.AddAnalytics();
builder.AddPipelineConsole();
builder.Services.AddJaasMessaging(builder.Configuration, bus =>
{
    bus.AddAttendanceConsumers();
    bus.AddMediaArtifactsConsumers();
    bus.AddAnalyticsConsumers();
    bus.AddTranscriptionConsumers();
});

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapErrorQueueApi();
app.MapIngressApi();
app.MapAttendanceApi();
app.MapTranscriptionApi();
app.MapAnalyticsApi();
app.MapMediaArtifactsApi();
app.MapPipelineConsole();
app.RefuseOpenApiOnPublicBinding();
app.RunAndReportBadSettings();
