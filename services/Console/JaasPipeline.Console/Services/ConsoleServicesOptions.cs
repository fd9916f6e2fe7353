namespace JaasPipeline.Console.Services;

/// <summary>One entry per service the console reads (section <c>Console:Services</c>).</summary>
public sealed class ConsoleServicesOptions
{
    public ConsoleServiceOptions Ingress { get; set; } = new();

    public ConsoleServiceOptions Attendance { get; set; } = new();

    public ConsoleServiceOptions MediaArtifacts { get; set; } = new();

    public ConsoleServiceOptions Transcription { get; set; } = new();

    public ConsoleServiceOptions Analytics { get; set; } = new();

    /// <summary>Each service with its settings, in the order the console shows them.</summary>
    public IEnumerable<(PipelineService Service, ConsoleServiceOptions Options)> All =>
    [
        (PipelineService.Ingress, Ingress),
        (PipelineService.Attendance, Attendance),
        (PipelineService.MediaArtifacts, MediaArtifacts),
        (PipelineService.Transcription, Transcription),
        (PipelineService.Analytics, Analytics),
    ];
}
