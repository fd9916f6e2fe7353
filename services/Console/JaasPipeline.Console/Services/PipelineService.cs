namespace JaasPipeline.Console.Services;

/// <summary>The services the console reads, each through its own HTTP API.</summary>
public enum PipelineService
{
    Ingress,
    Attendance,
    MediaArtifacts,
    Transcription,
    Analytics,
}
