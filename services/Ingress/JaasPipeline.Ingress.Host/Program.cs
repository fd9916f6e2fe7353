using JaasPipeline.Ingress;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;

var builder = ServiceHost.CreateBuilder(args, IngressExtensions.ServiceName, IngressOptions.Section, SettingsProvisioningOptions.Section, ApiOptions.Section);
builder.AddIngress();
builder.Services.AddJaasMessaging(builder.Configuration);

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapIngressApi();
app.RunAndReportBadSettings();
