using JaasPipeline.Ingress;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;

var builder = ServiceHost.CreateBuilder(args, HostDefinition.Alone(IngressSettings.Module));
builder.AddIngress();
builder.Services.AddJaasMessaging(builder.Configuration);

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapIngressApi();
app.RunAndReportBadSettings();
