namespace JaasPipeline.Analytics.Quality;

/// <summary>The states of a statistics file's call quality: the <c>status</c> column and the API's <c>status</c>.</summary>
public static class CallQualityStatuses
{
    /// <summary>Noted, not summarized yet (or tried and to be tried again).</summary>
    public const string Pending = "pending";

    /// <summary>Summarized from the whole file.</summary>
    public const string Done = "done";

    /// <summary>Summarized from part of the file: a limit was reached (the reason says which).</summary>
    public const string Limited = "limited";

    /// <summary>The file is not in the artifact store: no figures.</summary>
    public const string Missing = "missing";

    /// <summary>The file could not be read within the attempts: no figures.</summary>
    public const string Failed = "failed";

    private static readonly string[] FurthestFirst = [Done, Limited, Pending, Failed, Missing];

    /// <summary>How far a file got, 0 the furthest (done): of one file noted twice, the furthest stands.</summary>
    public static int Rank(string? status) => Array.IndexOf(FurthestFirst, status) is var rank and >= 0 ? rank : FurthestFirst.Length;

    /// <summary>Whether the status carries figures (the file was read, whole or in part).</summary>
    public static bool HasFigures(string? status) => status is Done or Limited;
}
