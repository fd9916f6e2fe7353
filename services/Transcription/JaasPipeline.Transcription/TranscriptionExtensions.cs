using JaasPipeline.Messaging;
using Microsoft.Extensions.Hosting;

namespace JaasPipeline.Transcription;

/// <summary>Wires the Transcription module into a host. Its consumers arrive with the service's own issue.</summary>
public static class TranscriptionExtensions
{
    /// <summary>The service's name: its queue, its database key.</summary>
    public const string ServiceName = "transcription";

    public static IHostApplicationBuilder AddTranscription(this IHostApplicationBuilder builder)
    {
        builder.Services.AddConsumerDatabase(ServiceName, builder.Configuration.GetSection("Transcription:Database"));
        return builder;
    }
}
