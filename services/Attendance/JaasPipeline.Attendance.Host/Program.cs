using JaasPipeline.Attendance;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAttendance();
builder.Services.AddJaasMessaging(builder.Configuration);

var app = builder.Build();
app.MapDefaultEndpoints();
app.RunAndReportBadSettings();
