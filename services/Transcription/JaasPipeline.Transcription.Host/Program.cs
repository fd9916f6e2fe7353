using JaasPipeline.Transcription;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddTranscription();
builder.Services.AddJaasMessaging(builder.Configuration);

var app = builder.Build();
app.MapDefaultEndpoints();
app.RunAndReportBadSettings();
