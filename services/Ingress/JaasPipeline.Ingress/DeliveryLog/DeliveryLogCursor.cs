namespace JaasPipeline.Ingress.DeliveryLog;

/// <summary>Where a page ended: the log continues with what sorts after (older than) this entry.</summary>
public sealed record DeliveryLogCursor(long At, long Rank, long Id)
{
    public override string ToString() => $"{At}.{Rank}.{Id}";

    public static DeliveryLogCursor? TryParse(string? text)
    {
        var parts = (text ?? "").Split('.');
        return parts.Length == 3 && long.TryParse(parts[0], out var at) && long.TryParse(parts[1], out var rank) && long.TryParse(parts[2], out var id)
            ? new DeliveryLogCursor(at, rank, id)
            : null;
    }
}
