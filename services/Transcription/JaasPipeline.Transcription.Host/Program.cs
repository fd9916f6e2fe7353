using JaasPipeline.Transcription;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;

var builder = ServiceHost.CreateBuilder(args, HostDefinition.Alone(TranscriptionSettings.Module));
builder.AddTranscription();
builder.Services.AddJaasMessaging(builder.Configuration, bus => bus.AddTranscriptionConsumers());

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapTranscriptionApi();
app.RefuseOpenApiOnPublicBinding();
app.RunAndReportBadSettings();
