using System.Collections;
using System.Globalization;
using System.Reflection;
using JaasPipeline.ServiceDefaults;

namespace JaasPipeline.Standalone.Tests.Settings;

/// <summary>
/// A value for one listed setting that differs from its default, the configuration entry that sets it, and a check
/// that an options instance bound by the host holds it: proof that the key --help prints is where the host binds it.
/// </summary>
internal sealed record SettingProbe(Setting Setting, string ConfigurationKey, string Value, IReadOnlyList<PropertyInfo> Path, object Expected)
{
    private const string Name = "probe";

    public static SettingProbe For(Setting setting)
    {
        var binding = setting.Source!;
        var relative = setting.Key[(binding.Section.Length + 1)..].Split(':');
        var path = new List<PropertyInfo>();
        var type = binding.Options;
        object? current = Activator.CreateInstance(type);
        foreach (var name in relative.Where(segment => !segment.StartsWith('<')))
        {
            var property = type.GetProperty(name) ?? throw new InvalidOperationException($"{setting.Key}: {type.Name} has no property {name}");
            path.Add(property);
            current = current is null ? null : property.GetValue(current);
            type = property.PropertyType;
        }

        var key = setting.Key.Replace("<name>", Name, StringComparison.Ordinal);
        return Probe(setting, key, Nullable.GetUnderlyingType(type) ?? type, current, path);
    }

    /// <summary>Whether the value <see cref="Path"/> leads to in <paramref name="options"/> is the probe's.</summary>
    public bool HeldBy(object options)
    {
        object? value = options;
        foreach (var property in Path)
        {
            value = value is null ? null : property.GetValue(value);
        }

        return (value, Expected) switch
        {
            (IDictionary dictionary, string expected) => dictionary.Contains(Name) && Equals(dictionary[Name], expected),
            (IEnumerable items and not string, IEnumerable expected) => items.Cast<object>().SequenceEqual(expected.Cast<object>()),
            _ => Equals(value, Expected),
        };
    }

    private static SettingProbe Probe(Setting setting, string key, Type type, object? current, List<PropertyInfo> path)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            return new(setting, key, "probe-value-0123456789", path, "probe-value-0123456789");
        }

        if (type == typeof(TimeSpan[]))
        {
            return new(setting, key + ":0", "00:00:07", path, new[] { TimeSpan.FromSeconds(7) });
        }

        if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type))
        {
            return new(setting, key + ":0", "probe-item", path, new[] { "probe-item" });
        }

        return type switch
        {
            _ when type == typeof(bool) => Of(!(bool)current!),
            // A nullable int left null stands for a computed default (MediaArtifacts' shares): 1 is a value it can take.
            _ when type == typeof(int) => Of(current is int number ? number + 1 : 1),
            _ when type == typeof(long) => Of((long)current! + 1),
            _ when type == typeof(TimeSpan) => Of((TimeSpan)current! + TimeSpan.FromSeconds(1.5)),
            _ when type.IsEnum => Of(Enum.GetValues(type).Cast<object>().First(value => !value.Equals(current))),
            _ when type == typeof(string) => Of($"probe-{key}"),
            _ when type == typeof(Uri) => Of(new Uri("http://probe.example:1234/")),
            _ => throw new InvalidOperationException($"{setting.Key}: no probe for a {type.Name} yet"),
        };

        SettingProbe Of(object value) =>
            new(setting, key, Convert.ToString(value is TimeSpan span ? span.ToString("c") : value, CultureInfo.InvariantCulture)!, path, value);
    }
}
