using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Data;

/// <summary>Registers a service's own database and applies its migrations before the host starts.</summary>
public static class DatabaseServiceCollectionExtensions
{
    /// <summary>
    /// Binds <paramref name="section"/> to <see cref="DatabaseOptions"/> (validated at start-up), registers the
    /// <see cref="Database"/> as a keyed singleton under <paramref name="name"/>, and migrates it with the scripts of
    /// <paramref name="migrationAssemblies"/> before any hosted service starts.
    /// </summary>
    public static IServiceCollection AddServiceDatabase(
        this IServiceCollection services, string name, IConfigurationSection section, params Assembly[] migrationAssemblies)
    {
        UnixMillisecondsTypeHandler.Register();
        services.AddOptions<DatabaseOptions>(name)
            .Bind(section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString), $"{section.Path}:ConnectionString is required.")
            .Validate(o => Enum.IsDefined(o.Provider), $"{section.Path}:Provider must be Sqlite or SqlServer.")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>>(new DatabaseOptionsValidator(name, section.Path));
        services.AddKeyedSingleton(name, (sp, _) => new Database(name, sp.GetRequiredService<IOptionsMonitor<DatabaseOptions>>().Get(name)));
        services.AddSingleton(new ServiceDatabaseName(name));
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton<IHostedService>(sp => new DatabaseMigration(
            sp.GetRequiredKeyedService<Database>(name), migrationAssemblies, sp.GetRequiredService<SchemaMigrator>()));
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            $"database-{name}", sp => new DatabaseHealthCheck(sp.GetRequiredKeyedService<Database>(name)), HealthStatus.Unhealthy, ["ready"],
            DatabaseHealthCheck.Timeout));
        return services;
    }

    // IHostedLifecycleService.StartingAsync runs before every hosted service's StartAsync, so tables exist before
    // the bus, the relay or the web server touch them.
    private sealed class DatabaseMigration(Database database, Assembly[] assemblies, SchemaMigrator migrator) : IHostedLifecycleService
    {
        public async Task StartingAsync(CancellationToken cancellationToken)
        {
            foreach (var assembly in assemblies)
            {
                await migrator.MigrateAsync(database, assembly, cancellationToken);
            }
        }

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
