using JaasPipeline.Transcription;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;

var builder = ServiceHost.CreateBuilder(args, TranscriptionExtensions.ServiceName, "Transcription", ApiOptions.Section);
builder.AddTranscription();
builder.Services.AddJaasMessaging(builder.Configuration, bus => bus.AddTranscriptionConsumers());

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapTranscriptionApi();
app.RefuseOpenApiOnPublicBinding();
app.RunAndReportBadSettings();
