using System.Net.Sockets;
using System.Text.RegularExpressions;
using JaasPipeline.Testing;

namespace JaasPipeline.Hosts.Tests;

/// <summary>
/// The README's quick start, pasted as a person would: every command of every bash block between the quick-start
/// markers, in order, one at a time, into one bash (<see cref="PastedShell"/>), whose working folder is a
/// <see cref="LinkedClone"/> of the repository (so <c>./data</c>, <c>./data-production</c> and the logs are this test's own). Nothing in the blocks is substituted. Left out: the
/// build line of step 1 (the test run has built the solution in Release). Set in the shell's environment beforehand:
/// <c>RABBITMQ_VHOST</c>, the production block's own override, so the hosts use a virtual host of this test's. The
/// ports are the documented ones (5080, 8080-8084): the test is ignored when one of them is taken.
/// </summary>
public sealed partial class QuickStartTests
{
    private static readonly string[] Steps = ["1. Build", "2. Start the Standalone with a webhook secret and an operator key",
        "3. Send a signed delivery and read it back", "4. The simulator", "5. jaas-ops", "6. Production mode", "7. Stop"];

    private static readonly int[] DocumentedPorts = [5080, 8080, 8081, 8082, 8083, 8084];

    [Test]
    public async Task EveryCommandOfTheQuickStart_RunsAsWrittenAndAnswersWhatTheReadmeSays()
    {
        var steps = QuickStart(await File.ReadAllTextAsync(Path.Combine(ServiceProcess.RepositoryRoot, "README.md")));
        Assert.That(steps.Select(step => step.Title), Is.EqualTo(Steps), "the quick start's steps (this test asserts each one's result)");
        Assert.That(steps[0].Commands, Has.Exactly(1).StartsWith("dotnet build -c Release"), "step 1 is the build, and only it is left out");
        var taken = DocumentedPorts.FirstOrDefault(port => !IsFree(port));
        if (taken > 0)
        {
            Assert.Ignore($"Port {taken} is in use: the quick start runs on its documented ports.");
        }

        var broker = await RabbitMqBroker.GetAsync();
        if (broker.Origin != "local rabbitmq-server" || broker.Host is not ("127.0.0.1" or "localhost") || broker.AmqpPort != 5672)
        {
            Assert.Ignore("The quick start's production block uses the broker on localhost:5672.");
        }

        RequireReleaseBuild();
        var virtualHost = "quick-start-" + Guid.NewGuid().ToString("N")[..8];
        await broker.CreateVirtualHostAsync(virtualHost);
        using var clone = new LinkedClone("quick-start");
        try
        {
            await using var shell = new PastedShell(clone.Path, new Dictionary<string, string> { ["RABBITMQ_VHOST"] = virtualHost });
            var answers = new Dictionary<string, List<(string Command, int ExitCode, string Output)>>();
            foreach (var (title, commands) in steps)
            {
                answers[title] = [];
                foreach (var command in commands.Where(command => !command.StartsWith("dotnet build", StringComparison.Ordinal)))
                {
                    var (exitCode, output) = await shell.RunAsync(command, TimeSpan.FromMinutes(5));
                    Assert.That(exitCode, Is.Zero, $"{title}: {command}\n{output}{clone.Logs()}");
                    answers[title].Add((command, exitCode, output));
                }
            }

            Assert.That(Directory.GetFiles(Path.Combine(clone.Path, "data-production"), "*.db"), Has.Length.EqualTo(5), "production mode's own data folder");
            // Step 7 stopped everything this shell started: nothing listens on the documented ports any more.
            await Eventually.WaitUntilAsync(() => Task.FromResult(DocumentedPorts.All(IsFree)), TimeSpan.FromSeconds(30), "kill $(jobs -p) stopped every host");

            using (Assert.EnterMultipleScope())
            {
                Assert.That(Output(answers, "2.", "grep ' standalone '"), Does.Contain("listening on http://127.0.0.1:5080"));
                Assert.That(Output(answers, "3.", "curl -sS -X POST"), Does.Contain("\"outcome\":\"accepted\""));
                Assert.That(Output(answers, "3.", "for _ in"), Does.Contain("\"name\":\"Jo\""), "the read-back with the operator key");
                Assert.That(Output(answers, "4.", "dotnet run"), Does.Contain("all 20 meetings agree"));
                Assert.That(Output(answers, "5.", "jaas-ops replay"), Does.Contain("Scheduled 1 accepted deliveries to queue attendance."));
                Assert.That(Output(answers, "5.", "jaas-ops reprocess"), Does.Contain("demo-s1"));
                Assert.That(Output(answers, "6.", "dotnet run"), Does.Contain("all 10 meetings agree"));
                Assert.That(Output(answers, "6.", "jaas-ops error-queues"), Does.Contain("attendance_error"));
                Assert.That(HttpCodes(answers), Is.EqualTo(new[] { "200", "403", "401" }), "the transcription team's read key: its read API, no admin API, no other host");
            }
        }
        finally
        {
            await broker.DeleteVirtualHostAsync(virtualHost);
        }
    }

    // The steps between the quick-start markers: each "### " heading and the commands of its bash blocks, a command being
    // a line with its continuation lines ("\" at the end); comment lines (the documented answers) are not commands.
    private static List<(string Title, List<string> Commands)> QuickStart(string readme)
    {
        const string start = "<!-- quick-start:start -->", end = "<!-- quick-start:end -->";
        var from = readme.IndexOf(start, StringComparison.Ordinal);
        Assert.That(from, Is.GreaterThanOrEqualTo(0), "the README marks its quick start");
        var text = readme[(from + start.Length)..readme.IndexOf(end, from, StringComparison.Ordinal)];
        var steps = new List<(string Title, List<string> Commands)>();
        foreach (Match heading in StepHeading().Matches(text))
        {
            var body = text[(heading.Index + heading.Length)..];
            body = body[..(StepHeading().Match(body) is { Success: true } next ? next.Index : body.Length)];
            var commands = new List<string>();
            foreach (Match block in BashBlock().Matches(body))
            {
                var pending = "";
                foreach (var line in block.Groups["code"].Value.Split('\n'))
                {
                    if (pending.Length == 0 && (line.Trim().Length == 0 || line.TrimStart().StartsWith('#')))
                    {
                        continue;
                    }

                    pending += line + "\n";
                    if (!line.EndsWith('\\'))
                    {
                        commands.Add(pending.TrimEnd('\n'));
                        pending = "";
                    }
                }
            }

            steps.Add((heading.Groups["title"].Value.Trim(), commands));
        }

        return steps;
    }

    private static string Output(Dictionary<string, List<(string Command, int ExitCode, string Output)>> answers, string step, string commandStart) =>
        answers.Single(entry => entry.Key.StartsWith(step, StringComparison.Ordinal)).Value
            .First(answer => answer.Command.StartsWith(commandStart, StringComparison.Ordinal)).Output;

    private static string[] HttpCodes(Dictionary<string, List<(string Command, int ExitCode, string Output)>> answers) =>
        answers.Single(entry => entry.Key.StartsWith("6.", StringComparison.Ordinal)).Value
            .Where(answer => answer.Command.StartsWith("curl -s -o /dev/null -w", StringComparison.Ordinal))
            .Select(answer => answer.Output.Trim())
            .ToArray();

    // The blocks run "dotnet run -c Release --no-build": every project they run must have its Release output.
    private static void RequireReleaseBuild()
    {
        foreach (var (folder, assembly) in new[]
                 {
                     ("services/Standalone", "JaasPipeline.Standalone"),
                     ("tests/tools/JaasPipeline.Simulator", "JaasPipeline.Simulator"),
                     ("services/Operations/JaasPipeline.Operations", "jaas-ops"),
                     ("services/Ingress/JaasPipeline.Ingress.Host", "JaasPipeline.Ingress.Host"),
                     ("services/Attendance/JaasPipeline.Attendance.Host", "JaasPipeline.Attendance.Host"),
                     ("services/MediaArtifacts/JaasPipeline.MediaArtifacts.Host", "JaasPipeline.MediaArtifacts.Host"),
                     ("services/Transcription/JaasPipeline.Transcription.Host", "JaasPipeline.Transcription.Host"),
                     ("services/Analytics/JaasPipeline.Analytics.Host", "JaasPipeline.Analytics.Host"),
                 })
        {
            var dll = Path.Combine(ServiceProcess.RepositoryRoot, folder, "bin", "Release", "net10.0", assembly + ".dll");
            Assert.That(File.Exists(dll), Is.True, $"{dll}: build the solution in Release first (the quick start's step 1)");
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(System.Net.IPAddress.Any, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^### (?<title>.+)$", RegexOptions.Multiline)]
    private static partial Regex StepHeading();

    [GeneratedRegex("```bash\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();
}
