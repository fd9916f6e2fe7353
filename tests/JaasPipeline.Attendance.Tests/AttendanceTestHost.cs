using System.Net.Http.Headers;
using System.Text;
using JaasPipeline.Ingress;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;
using JaasPipeline.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JaasPipeline.Attendance.Tests;

/// <summary>The real ingress and the real attendance service in one Kestrel host on 127.0.0.1, over real SQLite files.</summary>
public sealed class AttendanceTestHost : IAsyncDisposable
{
    public const string Secret = "whsec_attendance_tests_0000000000000";
    private readonly WebApplication app;

    private AttendanceTestHost(WebApplication app)
    {
        this.app = app;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public HttpClient Client { get; }

    public AttendanceStore Store => app.Services.GetRequiredService<AttendanceStore>();

    public static async Task<AttendanceTestHost> StartAsync(TempFolder folder, IDictionary<string, string?> extraSettings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ingress:WebhookSecrets:0"] = Secret,
            ["Ingress:Database:ConnectionString"] = folder.SqliteConnectionString("ingress"),
            ["Ingress:Relay:PollInterval"] = "00:00:00.200",
            ["Attendance:Database:ConnectionString"] = folder.SqliteConnectionString("attendance"),
            ["Messaging:Transport"] = "InMemory",
        });
        builder.Configuration.AddInMemoryCollection(extraSettings);
        builder.AddServiceDefaults();
        builder.AddIngress();
        builder.AddAttendance();
        builder.Services.AddJaasMessaging(builder.Configuration, bus => bus.AddAttendanceConsumers());

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapIngressApi();
        app.MapAttendanceApi();
        await app.StartAsync();
        return new AttendanceTestHost(app);
    }

    /// <summary>Posts a delivery to the ingress signed as JaaS signs it, and insists on a 200.</summary>
    public async Task DeliverAsync(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, WebhookApi.Route) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(JaasSignature.HeaderName, JaasSignature.Sign(Secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), bytes));
        using var response = await Client.SendAsync(request);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
