namespace JaasPipeline.Transcription.Tests;

/// <summary>One cue as <see cref="WebVttChecker"/> read it: times, the voice span's annotation and the text, both unescaped.</summary>
public sealed record WebVttCue(TimeSpan Start, TimeSpan End, string? Voice, string Text);
