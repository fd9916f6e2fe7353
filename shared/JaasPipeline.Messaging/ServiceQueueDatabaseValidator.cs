using JaasPipeline.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Messaging;

/// <summary>
/// A service queue needs a database of its name: that is what puts the inbox around its consumers, and what their
/// <see cref="InboxTransaction"/> writes in. Checked with the settings, before anything starts, so a host wired without
/// it stops with one line instead of failing at the queue's first message.
/// </summary>
public sealed class ServiceQueueDatabaseValidator(IEnumerable<ServiceQueueName> queues, IServiceProviderIsKeyedService keyed)
    : IValidateOptions<MessagingOptions>
{
    public ValidateOptionsResult Validate(string? name, MessagingOptions options)
    {
        var failures = queues.Select(queue => queue.Name).Distinct(StringComparer.Ordinal)
            .Where(queue => !keyed.IsKeyedService(typeof(Database), queue))
            .Select(queue => $"Messaging: the service queue '{queue}' has consumers but the host registers no database named '{queue}' (AddConsumerDatabase), so they would run without their inbox.")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
