using JaasPipeline.Analytics;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;

var builder = ServiceHost.CreateBuilder(args, AnalyticsExtensions.ServiceName, "Analytics");
builder.AddAnalytics();
builder.Services.AddJaasMessaging(builder.Configuration, bus => bus.AddAnalyticsConsumers());

var app = builder.Build();
app.MapDefaultEndpoints();
app.RunAndReportBadSettings();
