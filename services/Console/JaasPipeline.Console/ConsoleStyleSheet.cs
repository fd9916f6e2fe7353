namespace JaasPipeline.Console;

/// <summary>The console's one style sheet, embedded in the module and served at <see cref="Route"/>.</summary>
public static class ConsoleStyleSheet
{
    public const string Route = "/console/console.css";

    public static readonly byte[] Content = Read();

    private static byte[] Read()
    {
        using var stream = typeof(ConsoleStyleSheet).Assembly.GetManifestResourceStream("console.css")
            ?? throw new InvalidOperationException("console.css is not embedded in the console module.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
