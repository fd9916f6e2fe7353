using JaasPipeline.Analytics;
using JaasPipeline.ConsumerApi;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;

var builder = ServiceHost.CreateBuilder(args, HostDefinition.Alone(AnalyticsSettings.Module));
builder.AddAnalytics();
builder.Services.AddJaasMessaging(builder.Configuration, bus => bus.AddAnalyticsConsumers());

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapErrorQueueApi();
app.MapAnalyticsApi();
app.RefuseOpenApiOnPublicBinding();
app.RunAndReportBadSettings();
