using JaasPipeline.ServiceDefaults;
using JaasPipeline.Testing;

namespace JaasPipeline.Compose.Tests;

/// <summary><c>--probe</c>, the containers' health check: the host binary asks its running instance's readiness.</summary>
public sealed class HealthProbeTests
{
    private static string AttendanceDll => ServiceProcess.HostDll("services/Attendance/JaasPipeline.Attendance.Host", "JaasPipeline.Attendance.Host");

    [Test]
    public async Task ProbeOfARunningReadyHost_ExitsZero()
    {
        using var folder = new TempFolder("compose-probe");
        var settings = new Dictionary<string, string>
        {
            ["Messaging__Transport"] = "InMemory",
            ["Attendance__Database__ConnectionString"] = folder.SqliteConnectionString("attendance"),
        };
        await using var host = await ServiceProcess.StartAsync(AttendanceDll, folder.Path, settings);
        // The way a container sets it: every interface, the port the host listens on.
        var probeSettings = new Dictionary<string, string>(settings) { ["Urls"] = $"http://0.0.0.0:{host.Address.Port}" };

        var (exitCode, lines) = await ServiceProcess.RunToExitAsync(AttendanceDll, folder.Path, probeSettings, HealthProbe.Option);

        Assert.That(exitCode, Is.EqualTo(HealthProbe.Ready), string.Join('\n', lines));
        Assert.That(lines, Does.Contain($"http://127.0.0.1:{host.Address.Port}/health/ready: 200"));
    }

    [Test]
    public async Task ProbeWithNothingListening_ExitsOneAndStartsNoHost()
    {
        using var folder = new TempFolder("compose-probe");
        var settings = new Dictionary<string, string>
        {
            ["Urls"] = $"http://127.0.0.1:{ServiceProcess.FreeLoopbackPort()}",
            ["Messaging__Transport"] = "InMemory",
            ["Attendance__Database__ConnectionString"] = folder.SqliteConnectionString("attendance"),
        };

        var (exitCode, lines) = await ServiceProcess.RunToExitAsync(AttendanceDll, folder.Path, settings, HealthProbe.Option);

        Assert.That(exitCode, Is.EqualTo(HealthProbe.NotReady), string.Join('\n', lines));
        Assert.That(File.Exists(Path.Combine(folder.Path, "attendance.db")), Is.False, "the probe must not start the host");
    }

    [TestCase("http://0.0.0.0:8081", "http://127.0.0.1:8081/health/ready")]
    [TestCase("http://+:8080", "http://127.0.0.1:8080/health/ready")]
    [TestCase("http://*:8082/", "http://127.0.0.1:8082/health/ready")]
    [TestCase("http://localhost:5080", "http://127.0.0.1:5080/health/ready")]
    [TestCase("http://[::]:8083", "http://[::1]:8083/health/ready")]
    [TestCase("http://10.1.2.3:8084", "http://10.1.2.3:8084/health/ready")]
    public void ListeningUrl_IsProbedOnLoopback(string urls, string expected)
    {
        Assert.That(HealthProbe.LoopbackReadiness(urls), Is.EqualTo(new Uri(expected)));
    }
}
