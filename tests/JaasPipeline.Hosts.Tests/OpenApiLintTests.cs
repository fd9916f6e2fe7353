using System.Diagnostics;
using System.Text.Json;
using JaasPipeline.Testing;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace JaasPipeline.Hosts.Tests;

/// <summary>
/// Every host's OpenAPI document is one a client generator accepts: Spectral's OpenAPI ruleset (<c>spectral:oas</c>,
/// from tests/tools) and Microsoft.OpenApi's reader and validator find no error in it.
/// </summary>
[Parallelizable(ParallelScope.None)]
public sealed class OpenApiLintTests
{
    private static string Tools => Path.Combine(ServiceProcess.RepositoryRoot, "tests", "tools");

    private static string Spectral => Path.Combine(Tools, "node_modules", ".bin", "spectral");

    private static IEnumerable<TestCaseData> Hosts => HostProgram.All.Select(host => new TestCaseData(host).SetArgDisplayNames(host.ServiceName));

    [TestCaseSource(nameof(Hosts))]
    public async Task OpenApiDocument_HasNoSpectralOrOpenApiValidatorError(HostProgram host)
    {
        Assert.That(File.Exists(Spectral), Is.True,
            $"Spectral is not installed at {Spectral}: run `npm ci --prefix tests/tools` (Node.js 18 or later; tests/run.sh does it).");
        using var folder = new TempFolder("openapi-lint");
        var settings = host.SelfContainedSettings(folder.Path);
        // With a key, the admin APIs are on: the document is the one an operator's client is generated from.
        settings["Api__Keys__0"] = "openapi-lint-key-0000000000";
        await using var process = await ServiceProcess.StartAsync(host.Dll, folder.Path, settings);
        var json = await process.Client.GetStringAsync("/openapi/v1.json");
        var file = Path.Combine(folder.Path, $"{host.ServiceName}.openapi.json");
        await File.WriteAllTextAsync(file, json);

        var (spectralErrors, spectralWarnings) = await LintAsync(file, folder.Path);
        var validatorErrors = Validate(json);

        TestContext.Out.WriteLine($"{host}: Spectral warnings ({spectralWarnings.Count}):\n  {string.Join("\n  ", spectralWarnings)}");
        Assert.Multiple(() =>
        {
            Assert.That(spectralErrors, Is.Empty, $"Spectral (spectral:oas) errors in the {host} document");
            Assert.That(validatorErrors, Is.Empty, $"Microsoft.OpenApi errors in the {host} document");
        });
    }

    /// <summary>Runs Spectral; its JSON report lists each finding with a severity (0 error, 1 warning, 2 info, 3 hint).</summary>
    private static async Task<(List<string> Errors, List<string> Warnings)> LintAsync(string file, string workingFolder)
    {
        var start = new ProcessStartInfo(Spectral, ["lint", file, "--ruleset", Path.Combine(Tools, ".spectral.yaml"), "--format", "json", "--quiet", "--fail-severity", "error"])
        {
            WorkingDirectory = workingFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var spectral = Process.Start(start)!;
        var output = spectral.StandardOutput.ReadToEndAsync();
        var error = spectral.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await spectral.WaitForExitAsync(deadline.Token);
        var report = await output;
        Assert.That(report.TrimStart(), Does.StartWith("["), $"Spectral did not report (exit {spectral.ExitCode}): {report}{await error}");

        var errors = new List<string>();
        var warnings = new List<string>();
        foreach (var finding in JsonDocument.Parse(report).RootElement.EnumerateArray())
        {
            var where = string.Join('.', finding.GetProperty("path").EnumerateArray().Select(part => part.ToString()));
            var line = $"{finding.GetProperty("code")} at {where}: {finding.GetProperty("message")}";
            (finding.GetProperty("severity").GetInt32() == 0 ? errors : warnings).Add(line);
        }

        return (errors, warnings);
    }

    /// <summary>Reads the document with Microsoft.OpenApi and runs its default validation rules.</summary>
    private static List<string> Validate(string json)
    {
        var read = OpenApiDocument.Parse(json, OpenApiConstants.Json);
        var errors = (read.Diagnostic?.Errors ?? []).Select(error => $"read: {error}").ToList();
        if (read.Document is { } document)
        {
            errors.AddRange(document.Validate(ValidationRuleSet.GetDefaultRuleSet()).Select(error => $"validate: {error}"));
        }

        return errors;
    }
}
