using System.Collections;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using JaasPipeline.Data;
using JaasPipeline.Messaging;

namespace JaasPipeline.ServiceDefaults;

/// <summary>
/// Every setting a host reads, read from the options classes themselves: each public settable property of a bound
/// class is a setting, its <see cref="DescriptionAttribute"/> the meaning, its value on a new instance the default
/// (<see cref="DefaultValueAttribute"/> where null stands for a computed one). A property of a class of ours is a
/// subsection (<c>Ingress:Relay:…</c>); a dictionary is one setting per name (<c>Api:NamedKeys:&lt;name&gt;</c>).
/// </summary>
public static class SettingsCatalog
{
    /// <summary>The options every host binds (its shared defaults, the bus, the API keys, the retention service).</summary>
    public static readonly IReadOnlyList<OptionsBinding> Common =
    [
        OptionsBinding.Of<ApiOptions>(ApiOptions.Section),
        OptionsBinding.Of<MessagingOptions>(MessagingOptions.Section),
        OptionsBinding.Of<RetentionOptions>(RetentionOptions.Section),
        OptionsBinding.Of<TracingOptions>(TracingOptions.Section),
    ];

    /// <summary>The common sections only a host on the bus with a database reads (not the console: <see cref="SettingsModule.OnTheBus"/>).</summary>
    private static readonly string[] BusSections = [MessagingOptions.Section, RetentionOptions.Section];

    // Where the sections every host reads come in --help and the document: after the modules' own.
    private static readonly string[] CommonSectionOrder = ["Api", "Messaging", "Retention", "Tracing", "Logging", "Urls", "OTEL_*"];

    /// <summary>What <c>--help</c> prints for a property without a <see cref="DescriptionAttribute"/> (a test finds these).</summary>
    public const string Undescribed = "(no description)";

    /// <summary>Every setting <paramref name="host"/> reads with its defaults: modules' sections first, then the common ones.</summary>
    public static IReadOnlyList<Setting> Of(HostDefinition host)
    {
        var onTheBus = host.Modules.Any(module => module.OnTheBus);
        var all = Common.Where(binding => onTheBus || !BusSections.Contains(binding.Section)).SelectMany(Of)
            .Concat(host.Modules.SelectMany(module => module.Options).SelectMany(Of))
            .Concat(HostSettings.All)
            .Select(setting => setting with { Default = DefaultOf(host, setting) });
        return InSectionOrder(all);
    }

    /// <summary>
    /// One of each key, grouped by section: the modules' own sections in the order they come, then the ones every host
    /// reads; within a section, in the order they come.
    /// </summary>
    public static IReadOnlyList<Setting> InSectionOrder(IEnumerable<Setting> settings)
    {
        var all = settings.DistinctBy(setting => setting.Key, StringComparer.OrdinalIgnoreCase).ToList();
        var sections = all.Select(setting => setting.Section).Where(section => !CommonSectionOrder.Contains(section))
            .Distinct(StringComparer.Ordinal).Concat(CommonSectionOrder).ToList();
        return [.. all.OrderBy(setting => sections.IndexOf(setting.Section))];
    }

    /// <summary>The settings of one options class at its section (defaults of the class itself).</summary>
    public static IEnumerable<Setting> Of(OptionsBinding binding)
    {
        var topSection = binding.Section.Split(':')[0];
        return PropertiesOf(binding.Options, Activator.CreateInstance(binding.Options)!, binding.Section)
            .Select(found => new Setting(topSection, found.Key, TypeName(found.Type), found.Default, found.Meaning, binding));
    }

    /// <summary>
    /// Whether a key names a key, secret or password (<c>Api:Keys</c>, <c>Ingress:WebhookSecrets</c>,
    /// <c>Messaging:RabbitMq:Password</c>, <c>Ingress:RequiredAuthorization</c>): its value is never printed.
    /// </summary>
    public static bool IsSecretKey(string key)
    {
        var name = key.Split(':').Last(segment => !segment.StartsWith('<'));
        string[] secretWords = ["key", "secret", "password", "passcode", "authorization", "token", "credential"];
        return secretWords.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase));
    }

    private static string? DefaultOf(HostDefinition host, Setting setting)
    {
        if (host.Defaults.TryGetValue(setting.Key, out var hostDefault))
        {
            return hostDefault;
        }

        var moduleDefault = host.Modules.Select(module => module.Defaults.GetValueOrDefault(setting.Key)).FirstOrDefault(value => value is not null);
        return moduleDefault ?? setting.Default;
    }

    private sealed record Found(string Key, Type Type, string? Default, string Meaning);

    private static IEnumerable<Found> PropertiesOf(Type type, object instance, string prefix)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.GetMethod?.IsPublic == true && property.SetMethod?.IsPublic == true && property.GetIndexParameters().Length == 0);
        foreach (var property in properties)
        {
            var key = $"{prefix}:{property.Name}";
            var value = property.GetValue(instance);
            if (IsSubsection(property.PropertyType))
            {
                foreach (var found in PropertiesOf(property.PropertyType, value ?? Activator.CreateInstance(property.PropertyType)!, key))
                {
                    yield return found;
                }

                continue;
            }

            var meaning = property.GetCustomAttribute<DescriptionAttribute>()?.Description is { Length: > 0 } described ? described : Undescribed;
            var stated = property.GetCustomAttribute<DefaultValueAttribute>()?.Value;
            if (DictionaryValueType(property.PropertyType) is { } valueType)
            {
                yield return new Found($"{key}:<name>", valueType, Format(stated ?? value), meaning);
            }
            else
            {
                yield return new Found(key, property.PropertyType, Format(stated ?? value), meaning);
            }
        }
    }

    // A class of ours with settable properties of its own binds as a subsection (MessagingOptions.RabbitMq).
    private static bool IsSubsection(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type)
        && type.Namespace?.StartsWith("JaasPipeline", StringComparison.Ordinal) == true && type.GetConstructor(Type.EmptyTypes) is not null;

    private static Type? DictionaryValueType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var definition
        && (definition == typeof(Dictionary<,>) || definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>))
            ? type.GetGenericArguments()[1]
            : null;

    private static Type? ElementType(Type type) =>
        type == typeof(string) ? null
        : type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static string TypeName(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (ElementType(type) is { } element)
        {
            return $"list of {TypeName(element)}s";
        }

        return type switch
        {
            _ when type == typeof(bool) => "true | false",
            _ when type == typeof(int) || type == typeof(long) => "integer",
            _ when type == typeof(TimeSpan) => "duration",
            _ when type == typeof(Uri) => "URL",
            _ when type.IsEnum => string.Join(" | ", Enum.GetNames(type)),
            _ => "string",
        };
    }

    private static string? Format(object? value) => value switch
    {
        null => null,
        string text => text.Length == 0 ? null : text,
        bool flag => flag ? "true" : "false",
        TimeSpan duration => duration.ToString("c", CultureInfo.InvariantCulture),
        IEnumerable items => items.Cast<object?>().Select(Format).ToList() is { Count: > 0 } list ? string.Join(", ", list) : null,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
