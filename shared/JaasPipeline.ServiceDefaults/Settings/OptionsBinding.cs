namespace JaasPipeline.ServiceDefaults;

/// <summary>
/// One typed options class bound at one configuration section (as <c>AddOptions&lt;T&gt;().Bind(…)</c> does): what
/// <c>--help</c> lists its public settable properties from, each with its <see cref="System.ComponentModel.DescriptionAttribute"/>.
/// </summary>
public sealed record OptionsBinding(string Section, Type Options)
{
    public static OptionsBinding Of<TOptions>(string section) where TOptions : class, new() => new(section, typeof(TOptions));
}
