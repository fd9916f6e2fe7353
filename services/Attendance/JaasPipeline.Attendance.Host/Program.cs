using JaasPipeline.Attendance;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;

var builder = ServiceHost.CreateBuilder(args, HostDefinition.Alone(AttendanceSettings.Module));
builder.AddAttendance();
builder.Services.AddJaasMessaging(builder.Configuration, bus => bus.AddAttendanceConsumers());

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapAttendanceApi();
app.RefuseOpenApiOnPublicBinding();
app.RunAndReportBadSettings();
