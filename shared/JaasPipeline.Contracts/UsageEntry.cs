namespace JaasPipeline.Contracts;

/// <summary>One user counted in a USAGE report.</summary>
public sealed record UsageEntry
{
    /// <summary>The tenant.</summary>
    public string? CustomerId { get; init; }

    /// <summary>Random per-device id; for phone participants the phone number.</summary>
    public string? DeviceId { get; init; }

    /// <summary>Null when the JWT has none.</summary>
    public string? Email { get; init; }

    /// <summary>Identifies the customer's public key.</summary>
    public string? Kid { get; init; }

    /// <summary>Null when the JWT has none.</summary>
    public string? UserId { get; init; }

    /// <summary>"in" or "out" for phone participants.</summary>
    public string? CallDirection { get; init; }
}
