using JaasPipeline.ConsumerApi;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;
using JaasPipeline.Transcription;

var builder = ServiceHost.CreateBuilder(args, HostDefinition.Alone(TranscriptionSettings.Module));
builder.AddTranscription();
builder.Services.AddJaasMessaging(builder.Configuration, bus => bus.AddTranscriptionConsumers());

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapErrorQueueApi();
app.MapTranscriptionApi();
app.RefuseOpenApiOnPublicBinding();
app.RunAndReportBadSettings();
