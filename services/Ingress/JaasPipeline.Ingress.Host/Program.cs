using JaasPipeline.Ingress;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddIngress();
builder.Services.AddJaasMessaging(builder.Configuration);

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapIngressApi();
app.RunAndReportBadSettings();
