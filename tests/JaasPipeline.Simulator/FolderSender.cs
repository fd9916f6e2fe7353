using JaasPipeline.Traffic;

namespace JaasPipeline.Simulator;

/// <summary>Sends every <c>*.json</c> file of a folder as it is, signed, in file-name order, and says what each got.</summary>
internal sealed class FolderSender(Uri url, string? secret, TextWriter output)
{
    public async Task<int> RunAsync(DirectoryInfo folder, CancellationToken cancellationToken)
    {
        if (!folder.Exists)
        {
            await output.WriteLineAsync($"Refused: no folder {folder.FullName}.");
            return SimulationRun.Refused;
        }

        using var client = LoopbackAddress.CreateClient(connections: 1);
        using var sender = new JaasSender(client, [new Uri(url, Ingress.WebhookApi.Route)], secret, retry: false);
        var failed = 0;
        var files = folder.GetFiles("*.json").OrderBy(file => file.Name, StringComparer.Ordinal).ToList();
        foreach (var file in files)
        {
            using var response = await sender.PostAsync(await File.ReadAllBytesAsync(file.FullName, cancellationToken), cancellationToken);
            var answer = await response.Content.ReadAsStringAsync(cancellationToken);
            failed += response.IsSuccessStatusCode ? 0 : 1;
            await output.WriteLineAsync($"{file.Name}: {(int)response.StatusCode} {answer}");
        }

        await output.WriteLineAsync($"Sent {files.Count} files, {files.Count - failed} answered 2xx.");
        return failed == 0 ? SimulationRun.Succeeded : SimulationRun.Failed;
    }
}
