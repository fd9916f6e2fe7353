using Dapper;
using JaasPipeline.Testing;
using Microsoft.Data.Sqlite;

namespace JaasPipeline.Standalone.Tests;

/// <summary>
/// What the Standalone tests send and read back: one signed PARTICIPANT_JOINED per key, and the analytics journal (it
/// journals every delivery) of a Standalone run in <c>folder</c>/data, read-only beside the running process.
/// </summary>
internal static class AnalyticsJournal
{
    public static Task<HttpResponseMessage> PostSignedJoinAsync(HttpClient client, string secret, string key) =>
        SignedDelivery.PostAsync(client, secret,
            $$$"""{"idempotencyKey":"{{{key}}}","customerId":"c1","eventType":"PARTICIPANT_JOINED","sessionId":"s1","timestamp":1600951818143,"fqn":"vpaas-magic-cookie-c1/room","data":{"name":"Jo"}}""");

    public static async Task<HashSet<string>> KeysAsync(TempFolder folder)
    {
        await using var connection = Open(folder);
        return (await connection.QueryAsync<string>("SELECT idempotency_key FROM analytics_event_journal")).ToHashSet();
    }

    public static async Task<long> CountAsync(TempFolder folder)
    {
        await using var connection = Open(folder);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM analytics_event_journal");
    }

    private static SqliteConnection Open(TempFolder folder) =>
        new($"Data Source={Path.Combine(folder.Path, "data", "analytics.db")};Mode=ReadOnly;Pooling=False");
}
