using System.Reflection;

namespace JaasPipeline.Architecture.Tests;

/// <summary>The assemblies of the layering in STYLE.md, loaded by name from beside the tests (the Standalone brings them all).</summary>
internal static class Modules
{
    public const string Contracts = "JaasPipeline.Contracts";
    public const string Data = "JaasPipeline.Data";
    public const string Messaging = "JaasPipeline.Messaging";
    public const string ServiceDefaults = "JaasPipeline.ServiceDefaults";
    public const string ConsumerApi = "JaasPipeline.ConsumerApi";
    public const string ArtifactStorage = "JaasPipeline.ArtifactStorage";
    public const string Ingress = "JaasPipeline.Ingress";
    public const string Attendance = "JaasPipeline.Attendance";
    public const string MediaArtifacts = "JaasPipeline.MediaArtifacts";
    public const string Transcription = "JaasPipeline.Transcription";
    public const string Analytics = "JaasPipeline.Analytics";
    public const string Console = "JaasPipeline.Console";
    public const string Standalone = "JaasPipeline.Standalone";

    public static readonly string[] ConsumerModules = [Attendance, MediaArtifacts, Transcription, Analytics];

    public static readonly string[] SharedLibraries = [Contracts, Data, Messaging, ServiceDefaults, ConsumerApi, ArtifactStorage];

    public static readonly string[] ServiceModules = [Ingress, .. ConsumerModules, Console, Standalone];

    public static Assembly Load(string name) => Assembly.Load(name);

    /// <summary>Every JaasPipeline assembly the build put beside the tests, these tests included.</summary>
    public static IReadOnlyList<Assembly> All() =>
        Directory.GetFiles(AppContext.BaseDirectory, "JaasPipeline.*.dll")
            .Select(path => Assembly.Load(AssemblyName.GetAssemblyName(path)))
            .ToList();
}
