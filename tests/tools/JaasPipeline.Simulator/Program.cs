using System.CommandLine;
using JaasPipeline.Operations;
using JaasPipeline.Simulator;
using JaasPipeline.Traffic;

var url = new Option<string[]>("--url")
{
    Description = "Base URL of the ingress (the Standalone in the embedded default); loopback hosts only. Repeat it for " +
                  "several ingress instances: requests, retries too, go to each in turn",
    DefaultValueFactory = _ => ["http://127.0.0.1:5080"],
};
var secret = new Option<string?>("--secret") { Description = "Endpoint secret (whsec_...) to sign X-Jaas-Signature with; unsigned if absent" };
var meetings = new Option<int>("--meetings") { Description = "Meetings to simulate", DefaultValueFactory = _ => 10 };
var participants = new Option<int?>("--participants") { Description = "Participants per meeting (default: 2 to 10, drawn per meeting)" };
var concurrency = new Option<int>("--concurrency") { Description = "Meetings sending at once", DefaultValueFactory = _ => 8 };
var duplicates = new Option<double>("--duplicates") { Description = "Fraction of deliveries JaaS sends twice (same key, same bytes), 0 to 1", DefaultValueFactory = _ => 0 };
var shuffle = new Option<bool>("--shuffle") { Description = "Send each meeting's deliveries in random order, as JaaS may" };
var rate = new Option<double?>("--rate") { Description = "At most this many requests per second (default: as fast as --concurrency allows)" };
var retry = new Option<bool>("--retry") { Description = "Send a delivery again after a non-2xx answer or no answer (5 attempts, back-off)" };
var seed = new Option<int?>("--seed") { Description = "Seed for the meetings' shape and the habits" };
var verify = new Option<bool>("--verify") { Description = "Afterwards read the read APIs and compare with what was sent; exit 1 on any difference" };
var verifyTimeout = new Option<double>("--verify-timeout") { Description = "Seconds --verify reads again until everything agrees", DefaultValueFactory = _ => 120 };
var serveFiles = new Option<bool>("--serve-files")
{
    Description = "Serve each meeting's recording, chat, documents and statistics files from 127.0.0.1 and link to them; " +
                  "the media-artifacts service must allow that host: MediaArtifacts:AllowedHosts=127.0.0.1, MediaArtifacts:RequireHttps=false",
};
var mediaUrl = new Option<string?>("--media-url") { Description = "Media-artifacts service base URL, for --verify with --serve-files (default: --url)" };
// Read when needed, not as default values: --help prints defaults (ServiceKeys).
var apiKey = ServiceKeys.ApiKeyOption();
var apiKeyFor = ServiceKeys.ApiKeyForOption();
var attendanceUrl = new Option<string?>("--attendance-url") { Description = "Attendance service base URL (default: --url, as in the Standalone)" };
var transcriptionUrl = new Option<string?>("--transcription-url") { Description = "Transcription service base URL (default: --url)" };
var analyticsUrl = new Option<string?>("--analytics-url") { Description = "Analytics service base URL (default: --url)" };

var root = new RootCommand(
    """
    JaaS simulator: realistic, correctly signed JaaS webhook traffic for a RUNNING JaasPipeline deployment on this machine
    (it refuses any non-loopback host). Whole meetings as JaaS reports them — rooms, lobby waits, joins and reconnects,
    transcript chunks, reactions, polls, speaker stats, usage, chat — with JaaS's habits switchable: --duplicates,
    --shuffle (out-of-order delivery), --retry (after a non-2xx). Prints what the pipeline should then report and, with
    --verify, reads the read APIs and lists every difference.
    --verify sends each read API its key: --api-key-for <service>=<key>, else --api-key (none needed on loopback
    without keys). A non-2xx answer is counted by status and problem title; a read API that refuses (401, 403), a
    connection refused or a timeout stops --verify with one line naming the service and the URL; an artifact that ends
    failed, expired or rejected ends the wait at once with its reason.
    Exit code: 0 everything answered 2xx (and verified), 1 otherwise, 2 refused (bad option, bad key option or
    non-loopback target).
    """)
{
    url, secret, meetings, participants, concurrency, rate, duplicates, shuffle, retry, seed, verify, verifyTimeout, serveFiles, apiKey, apiKeyFor, attendanceUrl, transcriptionUrl, analyticsUrl, mediaUrl,
};
root.SetAction((parseResult, cancellationToken) =>
{
    var baseUrls = parseResult.GetValue(url)!;
    var ingresses = new List<Uri>();
    foreach (var baseUrl in baseUrls)
    {
        if (!LoopbackAddress.TryParse("--url", baseUrl, out var ingress, out var badUrl))
        {
            Console.Error.WriteLine(badUrl);
            return Task.FromResult(SimulationRun.Refused);
        }

        ingresses.Add(ingress);
    }

    var first = baseUrls.FirstOrDefault() ?? "";
    if (!LoopbackAddress.TryParse("--attendance-url", parseResult.GetValue(attendanceUrl) ?? first, out var attendance, out var refusal) ||
        !LoopbackAddress.TryParse("--transcription-url", parseResult.GetValue(transcriptionUrl) ?? first, out var transcription, out refusal) ||
        !LoopbackAddress.TryParse("--analytics-url", parseResult.GetValue(analyticsUrl) ?? first, out var analytics, out refusal) ||
        !LoopbackAddress.TryParse("--media-url", parseResult.GetValue(mediaUrl) ?? first, out var media, out refusal))
    {
        Console.Error.WriteLine(refusal);
        return Task.FromResult(SimulationRun.Refused);
    }

    if (!ServiceKeys.TryRead(parseResult.GetValue(apiKey), parseResult.GetValue(apiKeyFor), out var keys, out var badKey))
    {
        Console.Error.WriteLine("Refused: " + badKey);
        return Task.FromResult(SimulationRun.Refused);
    }

    var settings = new SimulationSettings(
        ingresses, parseResult.GetValue(secret), parseResult.GetValue(meetings), parseResult.GetValue(participants),
        parseResult.GetValue(concurrency), parseResult.GetValue(duplicates), parseResult.GetValue(shuffle), parseResult.GetValue(retry),
        parseResult.GetValue(seed) ?? Random.Shared.Next(), parseResult.GetValue(verify), keys,
        attendance, transcription, analytics, TimeSpan.FromSeconds(parseResult.GetValue(verifyTimeout)), parseResult.GetValue(rate),
        parseResult.GetValue(serveFiles), media);
    if (settings.Problem() is { } problem)
    {
        Console.Error.WriteLine(problem);
        return Task.FromResult(SimulationRun.Refused);
    }

    return new SimulationRun(settings, Console.Out, Console.Error).RunAsync(cancellationToken);
});

var folder = new Argument<DirectoryInfo>("folder") { Description = "Folder of JaaS event bodies (*.json), sent in file-name order" };
var folderUrl = new Option<string>("--url") { Description = "Base URL of the ingress; loopback hosts only", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
var folderSecret = new Option<string?>("--secret") { Description = "Endpoint secret to sign with; unsigned if absent" };
var sendFolder = new Command("send-folder",
    "Sends every *.json file of a folder as it is (signed), one after another, and prints each answer. Exit code: 0 all " +
    "answered 2xx, 1 otherwise (an ingress that does not answer stops it: one line on stderr), 2 refused (bad option).")
{
    folder, folderUrl, folderSecret,
};
sendFolder.SetAction((parseResult, cancellationToken) =>
{
    if (!LoopbackAddress.TryParse("--url", parseResult.GetValue(folderUrl), out var ingress, out var refusal))
    {
        Console.Error.WriteLine(refusal);
        return Task.FromResult(SimulationRun.Refused);
    }

    return new FolderSender(ingress, parseResult.GetValue(folderSecret), Console.Out, Console.Error).RunAsync(parseResult.GetValue(folder)!, cancellationToken);
});
root.Subcommands.Add(sendFolder);

return await root.Parse(args).InvokeAsync();
