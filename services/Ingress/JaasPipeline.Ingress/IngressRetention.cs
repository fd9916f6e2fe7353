using JaasPipeline.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Ingress;

/// <summary>
/// What the ingress's database keeps and for how long: published outbox rows for <c>Ingress:PublishedRetention</c>
/// (what a replay can republish, and how long a repeated idempotency key is recognised), conflicts and rejected
/// deliveries for <c>Ingress:RejectedRetention</c>. Unpublished and parked rows are never deleted.
/// </summary>
public static class IngressRetention
{
    /// <summary>SQLite: one slice of due rows each (see <see cref="RetentionRule"/>).</summary>
    public static class SqliteSql
    {
        // ix_outbox_deliveries_published_at, ix_delivery_conflicts_received_at, ix_rejected_deliveries_last_received_at
        // find the due rows; no ORDER BY, which would sort every due row to pick a slice.
        public const string DeletePublished = """
            DELETE FROM outbox_deliveries WHERE id IN (
                SELECT id FROM outbox_deliveries WHERE published_at < @Cutoff LIMIT @SliceSize)
            """;

        public const string DeleteConflicts = """
            DELETE FROM delivery_conflicts WHERE id IN (
                SELECT id FROM delivery_conflicts WHERE received_at < @Cutoff LIMIT @SliceSize)
            """;

        public const string DeleteRejected = """
            DELETE FROM rejected_deliveries WHERE id IN (
                SELECT id FROM rejected_deliveries WHERE last_received_at < @Cutoff LIMIT @SliceSize)
            """;
    }

    /// <summary>T-SQL, parsed by ScriptDom in the tests.</summary>
    public static class SqlServerSql
    {
        // "IS NOT NULL" spelled out so the filtered index ix_outbox_deliveries_published_at matches the predicate.
        public const string DeletePublished = """
            DELETE TOP (@SliceSize) FROM dbo.outbox_deliveries WHERE published_at IS NOT NULL AND published_at < @Cutoff
            """;

        public const string DeleteConflicts = "DELETE TOP (@SliceSize) FROM dbo.delivery_conflicts WHERE received_at < @Cutoff";

        public const string DeleteRejected = "DELETE TOP (@SliceSize) FROM dbo.rejected_deliveries WHERE last_received_at < @Cutoff";
    }

    /// <summary>Registers the ingress database's retention rules and their setting.</summary>
    public static IServiceCollection AddIngressRetention(this IServiceCollection services, string database)
    {
        services.AddOptions<IngressRetentionOptions>().BindConfiguration(IngressOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IngressRetentionOptions>, IngressRetentionOptionsValidator>());
        services.AddRetentionRule(database, sp =>
        {
            var ingress = sp.GetRequiredService<IOptions<IngressOptions>>();
            return new RetentionRule("outbox_deliveries", "Ingress:PublishedRetention", () => ingress.Value.PublishedRetention,
                SqliteSql.DeletePublished, SqlServerSql.DeletePublished);
        });
        services.AddRetentionRule(database, sp =>
        {
            var retention = sp.GetRequiredService<IOptions<IngressRetentionOptions>>();
            return new RetentionRule("delivery_conflicts", "Ingress:RejectedRetention", () => retention.Value.RejectedRetention,
                SqliteSql.DeleteConflicts, SqlServerSql.DeleteConflicts);
        });
        services.AddRetentionRule(database, sp =>
        {
            var retention = sp.GetRequiredService<IOptions<IngressRetentionOptions>>();
            return new RetentionRule("rejected_deliveries", "Ingress:RejectedRetention", () => retention.Value.RejectedRetention,
                SqliteSql.DeleteRejected, SqlServerSql.DeleteRejected);
        });
        return services;
    }
}
