namespace JaasPipeline.Analytics;

/// <summary>A customer's monthly active devices and users (USAGE).</summary>
/// <param name="Month">The calendar month (UTC), <c>YYYY-MM</c>.</param>
public sealed record MonthlyUsage(string CustomerId, string Month, int ActiveDevices, int ActiveUsers);
