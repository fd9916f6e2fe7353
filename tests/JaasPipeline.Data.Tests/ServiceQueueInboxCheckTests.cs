using JaasPipeline.Attendance;
using JaasPipeline.Messaging;
using JaasPipeline.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Data.Tests;

/// <summary>
/// A host whose service queue has no database of its name (ServiceQueueDatabaseValidator), or no inbox table in it
/// after the migrations (ServiceQueueInboxCheck), does not start.
/// </summary>
public sealed class ServiceQueueInboxCheckTests
{
    [Test]
    public void QueueWithoutItsDatabase_StopsStartUpWithOneLine()
    {
        using var folder = new TempFolder("jaas-queue-check");
        var builder = Builder(folder);
        builder.Services.AddJaasMessaging(builder.Configuration, bus => bus.AddAttendanceConsumers());
        using var host = builder.Build();

        var failure = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(failure!.Failures, Is.EqualTo(new[]
        {
            "Messaging: the service queue 'attendance' has consumers but the host registers no database named 'attendance' (AddConsumerDatabase), so they would run without their inbox.",
        }));
    }

    [Test]
    public void QueueDatabaseWithoutInbox_StopsStartUpWithOneLine()
    {
        using var folder = new TempFolder("jaas-queue-check");
        var builder = Builder(folder);
        // Registered as a plain service database: its migrations leave out the inbox's.
        builder.Services.AddServiceDatabase(AttendanceExtensions.ServiceName, builder.Configuration.GetSection("Attendance:Database"));
        builder.Services.AddJaasMessaging(builder.Configuration, bus => bus.AddAttendanceConsumers());
        using var host = builder.Build();

        var failure = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(failure!.Failures, Is.EqualTo(new[]
        {
            "Messaging: the database 'attendance' of the service queue 'attendance' has no inbox_messages table after its migrations (register it with AddConsumerDatabase).",
        }));
    }

    [Test]
    public async Task QueueWithItsConsumerDatabase_Starts()
    {
        using var folder = new TempFolder("jaas-queue-check");
        var builder = Builder(folder);
        builder.AddAttendance();
        builder.Services.AddJaasMessaging(builder.Configuration, bus => bus.AddAttendanceConsumers());
        using var host = builder.Build();

        await host.StartAsync();

        await host.StopAsync();
    }

    private static HostApplicationBuilder Builder(TempFolder folder)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = "InMemory",
            ["Attendance:Database:ConnectionString"] = folder.SqliteConnectionString("attendance"),
        });
        return builder;
    }
}
