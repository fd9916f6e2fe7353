using JaasPipeline.ConsumerApi;
using JaasPipeline.MediaArtifacts;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;

var builder = ServiceHost.CreateBuilder(args, HostDefinition.Alone(MediaArtifactsSettings.Module));
builder.AddMediaArtifacts();
builder.Services.AddJaasMessaging(builder.Configuration, bus => bus.AddMediaArtifactsConsumers());

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapErrorQueueApi();
app.MapMediaArtifactsApi();
app.RefuseOpenApiOnPublicBinding();
app.RunAndReportBadSettings();
