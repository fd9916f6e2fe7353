using JaasPipeline.Data;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;
using JaasPipeline.Transcription.Consumers;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Transcription;

/// <summary>Wires the transcription module into a host: database (checked for full-text search), store, read API access, consumers.</summary>
public static class TranscriptionExtensions
{
    /// <summary>The service's name: its queue, its database key.</summary>
    public const string ServiceName = "transcription";

    public static IHostApplicationBuilder AddTranscription(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Transcription:Database");
        builder.Services.AddConsumerDatabase(ServiceName, section, typeof(TranscriptStore).Assembly);
        builder.Services.AddSingleton<IValidateOptions<DatabaseOptions>>(
            new SqliteFullTextValidator(ServiceName, section.Path, TranscriptStore.SqliteHasFullText));
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<TranscriptionMetrics>();
        builder.Services.AddSingleton(sp => new TranscriptStore(sp.GetRequiredKeyedService<Database>(ServiceName)));
        builder.Services.AddApiAccess(builder.Configuration);
        return builder;
    }

    public static IBusRegistrationConfigurator AddTranscriptionConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddServiceQueueConsumer<TranscriptionChunkConsumer>(ServiceName);
        bus.AddServiceQueueConsumer<TranscriptFileConsumer>(ServiceName);
        return bus;
    }
}
