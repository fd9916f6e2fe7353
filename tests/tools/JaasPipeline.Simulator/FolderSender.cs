using JaasPipeline.Traffic;

namespace JaasPipeline.Simulator;

/// <summary>
/// Sends every <c>*.json</c> file of a folder as it is, signed, in file-name order, and says what each got. An ingress
/// that does not answer stops it with one line on <c>error</c> (default: the output).
/// </summary>
internal sealed class FolderSender(Uri url, string? secret, TextWriter output, TextWriter? error = null)
{
    public async Task<int> RunAsync(DirectoryInfo folder, CancellationToken cancellationToken)
    {
        if (!folder.Exists)
        {
            await output.WriteLineAsync($"Refused: no folder {folder.FullName}.");
            return SimulationRun.Refused;
        }

        using var client = LoopbackAddress.CreateClient(connections: 1);
        using var sender = new JaasSender(client, [new Uri(url, Ingress.Webhooks.WebhookApi.Route)], secret, retry: false);
        var failed = 0;
        var files = folder.GetFiles("*.json").OrderBy(file => file.Name, StringComparer.Ordinal).ToList();
        var webhook = new Uri(url, Ingress.Webhooks.WebhookApi.Route);
        foreach (var file in files)
        {
            HttpResponseMessage response;
            try
            {
                response = await sender.PostAsync(await File.ReadAllBytesAsync(file.FullName, cancellationToken), cancellationToken);
            }
            catch (HttpRequestException e)
            {
                await (error ?? output).WriteLineAsync($"{file.Name}: ingress at {webhook} did not answer: {e.HttpRequestError} ({(e.InnerException ?? e).Message}); nothing more sent");
                return SimulationRun.Failed;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await (error ?? output).WriteLineAsync($"{file.Name}: ingress at {webhook} did not answer within {client.Timeout.TotalSeconds:F0} s; nothing more sent");
                return SimulationRun.Failed;
            }

            using var answered = response;
            var answer = await response.Content.ReadAsStringAsync(cancellationToken);
            failed += response.IsSuccessStatusCode ? 0 : 1;
            await output.WriteLineAsync($"{file.Name}: {(int)response.StatusCode} {answer}");
        }

        await output.WriteLineAsync($"Sent {files.Count} files, {files.Count - failed} answered 2xx.");
        return failed == 0 ? SimulationRun.Succeeded : SimulationRun.Failed;
    }
}
