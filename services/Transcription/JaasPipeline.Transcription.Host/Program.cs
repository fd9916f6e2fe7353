using JaasPipeline.Transcription;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;

var builder = ServiceHost.CreateBuilder(args, TranscriptionExtensions.ServiceName, "Transcription");
builder.AddTranscription();
builder.Services.AddJaasMessaging(builder.Configuration);

var app = builder.Build();
app.MapDefaultEndpoints();
app.RunAndReportBadSettings();
