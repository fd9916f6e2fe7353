using JaasPipeline.MediaArtifacts;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;

var builder = ServiceHost.CreateBuilder(args, MediaArtifactsExtensions.ServiceName, "MediaArtifacts");
builder.AddMediaArtifacts();
builder.Services.AddJaasMessaging(builder.Configuration);

var app = builder.Build();
app.MapDefaultEndpoints();
app.RunAndReportBadSettings();
