using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Data;

/// <summary>Registers retention rules; the first rule of a database starts that database's retention service.</summary>
public static class RetentionServiceCollectionExtensions
{
    /// <summary>
    /// Adds <paramref name="rule"/> (built once the container is, so it can read the module's options) to the
    /// retention of the database registered as <paramref name="database"/> with <c>AddServiceDatabase</c>.
    /// </summary>
    public static IServiceCollection AddRetentionRule(this IServiceCollection services, string database, Func<IServiceProvider, RetentionRule> rule)
    {
        if (!services.Any(d => d.ServiceType == typeof(RetentionService) && d.IsKeyedService && Equals(d.ServiceKey, database)))
        {
            // The marker keeps one service per database however many rules it gets.
            services.AddKeyedSingleton(database, new RetentionService());
            services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>());
            services.TryAddSingleton(TimeProvider.System);
            services.AddMetrics();
            services.TryAddSingleton<RetentionMetrics>();
            services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<DatabaseRetention>(
                sp, sp.GetRequiredKeyedService<Database>(database), sp.GetKeyedServices<RetentionRule>(database)));
        }

        services.AddKeyedSingleton(database, (sp, _) => rule(sp));
        return services;
    }

    private sealed class RetentionService;
}
