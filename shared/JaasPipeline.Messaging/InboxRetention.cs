using System.ComponentModel;
using JaasPipeline.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Messaging;

/// <summary>
/// How long a consumer database keeps its inbox rows (<c>Messaging:InboxRetention</c>). A row must outlive every
/// republish of its message: a replay republishes outbox rows published within <c>Ingress:PublishedRetention</c>, so
/// the inbox keeps its rows at least that long, or a replayed message would be handled twice.
/// </summary>
public static class InboxRetention
{
    /// <summary>SQLite: one slice of due rows (see <see cref="RetentionRule"/>).</summary>
    public static class SqliteSql
    {
        // ix_inbox_messages_received_at finds the due rows; rowid is the cheapest handle on them.
        public const string DeleteHandled = """
            DELETE FROM inbox_messages WHERE rowid IN (
                SELECT rowid FROM inbox_messages WHERE received_at < @Cutoff LIMIT @SliceSize)
            """;
    }

    /// <summary>T-SQL, parsed by ScriptDom in the tests.</summary>
    public static class SqlServerSql
    {
        public const string DeleteHandled = "DELETE TOP (@SliceSize) FROM dbo.inbox_messages WHERE received_at < @Cutoff";
    }

    /// <summary>Registers the inbox table's retention on the consumer database <paramref name="database"/>.</summary>
    public static IServiceCollection AddInboxRetention(this IServiceCollection services, string database)
    {
        services.AddOptions<InboxRetentionOptions>().BindConfiguration(MessagingOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InboxRetentionOptions>, InboxRetentionOptionsValidator>());
        return services.AddRetentionRule(database, sp =>
        {
            var options = sp.GetRequiredService<IOptions<InboxRetentionOptions>>();
            return new RetentionRule("inbox_messages", "Messaging:InboxRetention", () => options.Value.InboxRetention,
                SqliteSql.DeleteHandled, SqlServerSql.DeleteHandled);
        });
    }
}

/// <summary>The inbox's retention setting (section <c>Messaging</c>).</summary>
public sealed class InboxRetentionOptions
{
    /// <summary>
    /// Twice the outbox's default 7 days: an inbox row is written when the message is first handled, so a message
    /// published again (a replay) late in its outbox window needs its row for up to another window.
    /// </summary>
    [Description("How long a consumer's inbox remembers a handled message; at least Ingress:PublishedRetention, or a replayed message would be handled twice.")]
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(14);
}

/// <summary>
/// One line per bad setting. Where the host also runs the ingress (its configuration has an <c>Ingress</c> section,
/// e.g. the Standalone), the inbox must keep its rows at least as long as the outbox keeps published ones.
/// </summary>
public sealed class InboxRetentionOptionsValidator(IConfiguration configuration) : IValidateOptions<InboxRetentionOptions>
{
    // IngressOptions.PublishedRetention's default; Messaging does not reference the ingress, so it reads the key.
    private static readonly TimeSpan OutboxDefault = TimeSpan.FromDays(7);

    public ValidateOptionsResult Validate(string? name, InboxRetentionOptions options)
    {
        if (options.InboxRetention <= TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail("Messaging:InboxRetention must be positive (e.g. 14.00:00:00).");
        }

        var ingress = configuration.GetSection("Ingress");
        if (ingress.Exists() && ingress.GetValue("PublishedRetention", OutboxDefault) is var outbox && options.InboxRetention < outbox)
        {
            return ValidateOptionsResult.Fail(
                $"Messaging:InboxRetention ({options.InboxRetention}) must be at least Ingress:PublishedRetention ({outbox}): " +
                "a replay republishes outbox rows that old, and an inbox that forgot them would handle them twice.");
        }

        return ValidateOptionsResult.Success;
    }
}
