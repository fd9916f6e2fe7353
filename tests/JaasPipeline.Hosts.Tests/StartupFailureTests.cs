using System.Net;
using System.Net.Sockets;
using JaasPipeline.ServiceDefaults;
using JaasPipeline.Testing;
using Microsoft.Extensions.Configuration;

namespace JaasPipeline.Hosts.Tests;

/// <summary>A host that cannot start says why in one line per reason and exits with a documented code.</summary>
public sealed class StartupFailureTests
{
    private static IEnumerable<HostProgram> Hosts => HostProgram.All;

    [TestCaseSource(nameof(Hosts))]
    public async Task BadSetting_PrintsOnlyOneLineNamingItAndExits2(HostProgram host)
    {
        using var folder = new TempFolder("bad-setting");
        var lines = await StoppedAsync(host, folder, ServiceHost.BadSettingExitCode, settings =>
        {
            settings["Messaging__RabbitMq__Port"] = "0";
        });

        Assert.That(lines, Has.Count.EqualTo(1), string.Join('\n', lines));
        Assert.That(lines[0], Does.Contain("Not starting: Messaging:RabbitMq:Port must be between 1 and 65535"));
        Assert.That(Path.Combine(folder.Path, "data"), Does.Not.Exist, "nothing is created before the settings are good");
    }

    [Test]
    public async Task ClusterNodeThatIsNotHostOrHostPort_PrintsOneLineNamingIt()
    {
        using var folder = new TempFolder("bad-setting");
        var lines = await StoppedAsync(HostProgram.Attendance, folder, ServiceHost.BadSettingExitCode, settings =>
        {
            settings["Messaging__RabbitMq__Nodes__0"] = "rabbit-a:5672";
            settings["Messaging__RabbitMq__Nodes__1"] = "rabbit-b:none";
        });

        Assert.That(lines, Has.Count.EqualTo(1), string.Join('\n', lines));
        Assert.That(lines[0], Does.Contain("Not starting: Messaging:RabbitMq:Nodes:1 'rabbit-b:none' is not host or host:port"));
    }

    [Test]
    public async Task TwoBadSettingsOfOneHost_PrintOneLineEach()
    {
        using var folder = new TempFolder("bad-setting");
        var lines = await StoppedAsync(HostProgram.Ingress, folder, ServiceHost.BadSettingExitCode, settings =>
        {
            settings.Remove("Ingress__WebhookSecrets__0");
            settings["Ingress__Database__ConnectionString"] = " ";
        });

        Assert.That(lines, Has.Count.EqualTo(2), string.Join('\n', lines));
        Assert.That(string.Join('\n', lines), Does.Contain("Ingress:WebhookSecrets is empty").And.Contain("Ingress:Database:ConnectionString is required"));
    }

    [Test]
    public async Task ShortReadKey_PrintsOneLineNamingItWithoutTheKeyAndExits2()
    {
        using var folder = new TempFolder("bad-setting");
        var lines = await StoppedAsync(HostProgram.Attendance, folder, ServiceHost.BadSettingExitCode, settings =>
        {
            settings["Api__ReadKeys__0"] = "too-short-key";
        });

        Assert.That(lines, Has.Count.EqualTo(1), string.Join('\n', lines));
        Assert.That(lines[0], Does.Contain("Not starting: Api:ReadKeys: every key must be at least 16 characters").And.Not.Contain("too-short-key"));
    }

    [Test]
    public async Task OtlpEndpointThatIsNotAnAddress_PrintsOneLineNamingItAndExits2()
    {
        using var folder = new TempFolder("bad-setting");
        var lines = await StoppedAsync(HostProgram.Attendance, folder, ServiceHost.BadSettingExitCode, settings =>
        {
            settings["Tracing__OtlpEndpoint"] = "collector:4317";
        });

        Assert.That(lines, Has.Count.EqualTo(1), string.Join('\n', lines));
        Assert.That(lines[0], Does.Contain("Not starting: Tracing:OtlpEndpoint must be an absolute http or https address"));
        Assert.That(Path.Combine(folder.Path, "data"), Does.Not.Exist, "nothing is created before the settings are good");
    }

    [Test]
    public async Task SettingOfTheWrongType_PrintsOneLineNamingItAndExits2()
    {
        using var folder = new TempFolder("bad-setting");
        var lines = await StoppedAsync(HostProgram.Ingress, folder, ServiceHost.BadSettingExitCode, settings =>
        {
            settings["Ingress__MaxBodyBytes"] = "lots";
        });

        Assert.That(lines, Has.Count.EqualTo(1), string.Join('\n', lines));
        Assert.That(lines[0], Does.Contain("'lots'").And.Contain("Ingress:MaxBodyBytes"));
    }

    [Test]
    public async Task UnknownTransportReadWhileWiring_PrintsOneLineNamingItAndExits2()
    {
        using var folder = new TempFolder("bad-setting");
        var lines = await StoppedAsync(HostProgram.Analytics, folder, ServiceHost.BadSettingExitCode, settings =>
        {
            settings["Messaging__Transport"] = "Carrier";
        });

        Assert.That(lines, Has.Count.EqualTo(1), string.Join('\n', lines));
        Assert.That(lines[0], Does.Contain("Not starting: Failed to convert configuration value 'Carrier' at 'Messaging:Transport'"));
    }

    [Test]
    public async Task SettingsProvisioningOpenBeyondLoopback_PrintsOneLineAndExits2()
    {
        using var folder = new TempFolder("open-provisioning");
        using var free = new TcpListener(IPAddress.Loopback, 0);
        free.Start();
        var port = ((IPEndPoint)free.LocalEndpoint).Port;
        free.Stop();
        // Listening on every address; the host stops right after it starts, and no request is sent.
        var lines = await StoppedAsync(HostProgram.Ingress, folder, ServiceHost.BadSettingExitCode, settings =>
        {
            settings.Remove("Ingress__WebhookSecrets__0");
            settings["Ingress__AllowUnsigned"] = "true";
            settings["Urls"] = $"http://0.0.0.0:{port}";
        });

        var refusals = lines.Where(line => line.Contains("Not starting:", StringComparison.Ordinal)).ToList();
        Assert.That(refusals, Has.Count.EqualTo(1), string.Join('\n', lines));
        Assert.That(refusals[0], Does.Contain("POST /settings-provisioning would hand every room's passcode to anyone on"));
    }

    [TestCaseSource(nameof(Hosts))]
    public async Task PortInUse_PrintsOneLineAndExits3BeforeCreatingData(HostProgram host)
    {
        using var folder = new TempFolder("port-in-use");
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;
        var lines = await StoppedAsync(host, folder, ServiceHost.PortInUseExitCode, settings =>
        {
            settings["Urls"] = $"http://127.0.0.1:{port}";
        });

        Assert.That(lines, Has.Count.EqualTo(1), string.Join('\n', lines));
        Assert.That(lines[0], Does.Contain($"port {port} is in use"));
        Assert.That(Path.Combine(folder.Path, "data"), Does.Not.Exist);
    }

    [TestCaseSource(nameof(Hosts))]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ReadOnlyDataFolder_PrintsOneLineNamingTheDatabaseAndExits2(HostProgram host)
    {
        using var folder = new TempFolder("read-only-data");
        var data = Directory.CreateDirectory(Path.Combine(folder.Path, "data")).FullName;
        // Root writes through permission bits, so the folder is made immutable where that is possible (root, ext4);
        // otherwise read-only permissions stop a normal user.
        var immutable = await RunAsync("chattr", "+i", data) == 0;
        if (!immutable)
        {
            File.SetUnixFileMode(data, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            if (Environment.UserName == "root")
            {
                Assert.Ignore("Running as root without chattr: a read-only folder cannot be made here.");
            }
        }

        try
        {
            var lines = await StoppedAsync(host, folder, ServiceHost.BadSettingExitCode, _ => { });

            Assert.That(lines.Where(line => line.Contains("Not starting:", StringComparison.Ordinal)), Is.Not.Empty, string.Join('\n', lines));
            Assert.That(lines, Has.All.Contains("Not starting:").And.All.Contains("cannot be written"), string.Join('\n', lines));
            Assert.That(lines, Has.None.Contains("   at "), "no stack trace");
        }
        finally
        {
            if (immutable)
            {
                await RunAsync("chattr", "-i", data);
            }
            else
            {
                File.SetUnixFileMode(data, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
    }

    private static async Task<int> RunAsync(string program, params string[] arguments)
    {
        try
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(program, arguments) { RedirectStandardError = true })!;
            await process.WaitForExitAsync();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1; // not installed
        }
    }

    // Runs the host with its self-contained settings changed by `change`; it must stop with `exitCode`.
    private static async Task<IReadOnlyList<string>> StoppedAsync(
        HostProgram host, TempFolder folder, int exitCode, Action<Dictionary<string, string>> change)
    {
        var settings = host.SelfContainedSettings(folder.Path);
        change(settings);

        var (actualExitCode, lines) = await ServiceProcess.RunToExitAsync(host.Dll, folder.Path, settings);

        Assert.That(actualExitCode, Is.EqualTo(exitCode), string.Join('\n', lines));
        return lines;
    }

    [TestCaseSource(nameof(Hosts))]
    public async Task Help_ListsTheSettingsOfItsSectionsInPlainTextAndExits0(HostProgram host)
    {
        using var folder = new TempFolder("help");
        // Configured secrets: --help describes the options, it never reads (or prints) configured values.
        var secrets = new Dictionary<string, string>
        {
            ["Api__Keys__0"] = "help-test-operator-key-0123456789",
            ["Ingress__WebhookSecrets__0"] = "whsec_help_test_0123456789",
            ["Messaging__RabbitMq__Password"] = "help-test-broker-password",
        };

        var (exitCode, lines) = await ServiceProcess.RunToExitAsync(host.Dll, folder.Path, secrets, "--help");

        var help = string.Join('\n', lines);
        Assert.That(exitCode, Is.EqualTo(0), help);
        var keys = HelpDefaults(lines).Keys.ToList();
        string[] everyHost = ["Api", "Messaging", "Retention", "Tracing", "Logging", "Urls", "OTEL_*"];
        var sections = keys.Select(key => key.StartsWith("OTEL_", StringComparison.Ordinal) ? "OTEL_*" : key.Split(':')[0]).Distinct();
        Assert.That(sections, Is.EquivalentTo(host.Sections.Union(everyHost)), "the sections of its modules and the ones every host reads");
        var databases = host.DatabaseSections.Select(s => $"{s}:Database:ConnectionString");
        Assert.That(keys, Is.SupersetOf(databases.Concat(["Urls", "Api:Keys", "Messaging:RetryIntervals", "Retention:Interval", "Retention:SliceSize"])));
        Assert.That(lines.Where(line => line.Contains('`') || line.Contains("](", StringComparison.Ordinal) || line.Contains("**", StringComparison.Ordinal)),
            Is.Empty, "plain text, no Markdown");
        Assert.That(secrets.Values.Where(secret => help.Contains(secret, StringComparison.Ordinal)), Is.Empty, "no configured secret is printed");
        Assert.That(Path.Combine(folder.Path, "data"), Does.Not.Exist);
    }

    [TestCaseSource(nameof(Hosts))]
    public async Task Help_DefaultsAreWhatTheHostsAppsettingsJsonSets(HostProgram host)
    {
        using var folder = new TempFolder("help");
        var shipped = new ConfigurationBuilder().AddJsonFile(Path.Combine(Path.GetDirectoryName(host.Dll)!, "appsettings.json")).Build()
            .AsEnumerable().Where(entry => entry.Value is not null).ToDictionary(entry => entry.Key, entry => entry.Value!);

        var (exitCode, lines) = await ServiceProcess.RunToExitAsync(host.Dll, folder.Path, new Dictionary<string, string>(), "--help");

        Assert.That(exitCode, Is.EqualTo(0), string.Join('\n', lines));
        var defaults = HelpDefaults(lines);
        // Log levels of single categories are one pattern in --help (Logging:LogLevel:<category>).
        var listed = shipped.Where(entry => !entry.Key.StartsWith("Logging:LogLevel:", StringComparison.Ordinal) || entry.Key == "Logging:LogLevel:Default");
        // An empty list reads as ""; a JSON true as "True".
        var differing = listed.Where(entry => !string.Equals(
            defaults.GetValueOrDefault(entry.Key), entry.Value.Length == 0 ? SettingsHelp.NoDefault : entry.Value, StringComparison.OrdinalIgnoreCase));
        Assert.That(differing.Select(entry => $"{entry.Key}={entry.Value} (--help: {defaults.GetValueOrDefault(entry.Key)})"),
            Is.Empty, "what appsettings.json sets is the default --help shows (SettingsModule.Defaults / HostDefaults)");
    }

    // Key → default line of the help text: each key line ("Ingress:MaxBodyBytes  (integer)") is followed by its
    // default ("default: 1048576"); the runner trims the lines' indentation.
    private static Dictionary<string, string> HelpDefaults(IReadOnlyList<string> lines) =>
        lines.Select((line, index) => (line, index))
            .Where(entry => entry.index + 1 < lines.Count && lines[entry.index + 1].StartsWith("default: ", StringComparison.Ordinal))
            .ToDictionary(entry => entry.line.Split(' ')[0], entry => lines[entry.index + 1]["default: ".Length..], StringComparer.Ordinal);
}
