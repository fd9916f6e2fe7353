using JaasPipeline.Attendance;
using JaasPipeline.ConsumerApi;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;

var builder = ServiceHost.CreateBuilder(args, HostDefinition.Alone(AttendanceSettings.Module));
builder.AddAttendance();
builder.Services.AddJaasMessaging(builder.Configuration, bus => bus.AddAttendanceConsumers());

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapErrorQueueApi();
app.MapAttendanceApi();
app.RefuseOpenApiOnPublicBinding();
app.RunAndReportBadSettings();
