using JaasPipeline.Attendance;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAttendance();
builder.Services.AddJaasMessaging(builder.Configuration, bus => bus.AddAttendanceConsumers());

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapAttendanceApi();
app.RefuseOpenApiOnPublicBinding();
app.RunAndReportBadSettings();
