using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using JaasPipeline.Contracts;

namespace JaasPipeline.Contracts.Tests;

/// <summary>The limits the parser enforces are the widths of the SQL Server columns that store each field (read from the migrations).</summary>
public sealed partial class ColumnWidthTests
{
    [TestCase("services/Ingress/JaasPipeline.Ingress/Migrations/SqlServer", "outbox_deliveries", "idempotency_key", JaasFieldLimits.IdempotencyKey)]
    [TestCase("services/Ingress/JaasPipeline.Ingress/Migrations/SqlServer", "outbox_deliveries", "event_type", JaasFieldLimits.EventType)]
    [TestCase("services/Ingress/JaasPipeline.Ingress/Migrations/SqlServer", "outbox_deliveries", "session_id", JaasFieldLimits.SessionId)]
    [TestCase("services/Attendance/JaasPipeline.Attendance/Migrations/SqlServer", "attendance_facts", "fqn", JaasFieldLimits.Fqn)]
    [TestCase("services/Attendance/JaasPipeline.Attendance/Migrations/SqlServer", "attendance_facts", "session_id", JaasFieldLimits.SessionId)]
    [TestCase("services/Attendance/JaasPipeline.Attendance/Migrations/SqlServer", "attendance_facts", "disconnect_reason", JaasFieldLimits.DisconnectReason)]
    [TestCase("services/Attendance/JaasPipeline.Attendance/Migrations/SqlServer", "attendance_facts", "room", JaasFieldLimits.BreakoutRoomId)]
    [TestCase("services/Attendance/JaasPipeline.Attendance/Migrations/SqlServer", "attendance_facts", "participant_key", JaasFieldLimits.ParticipantId)]
    [TestCase("services/Attendance/JaasPipeline.Attendance/Migrations/SqlServer", "attendance_facts", "participant_key", JaasFieldLimits.ParticipantJid)]
    [TestCase("services/Analytics/JaasPipeline.Analytics/Migrations/SqlServer", "analytics_event_journal", "event_type", JaasFieldLimits.EventType)]
    [TestCase("services/Analytics/JaasPipeline.Analytics/Migrations/SqlServer", "analytics_event_journal", "fqn", JaasFieldLimits.Fqn)]
    public void Limit_IsNoWiderThanTheColumn(string folder, string table, string column, int limit)
    {
        var widths = ColumnWidths(folder, table, column);

        Assert.That(widths, Is.Not.Empty, $"{table}.{column} is declared in {folder}");
        Assert.That(widths.Last(), Is.GreaterThanOrEqualTo(limit), $"{table}.{column} as last declared");
        Assert.That(widths.Min(), Is.EqualTo(limit), $"{table}.{column}: the limit is the column's width, not narrower");
    }

    // Every NVARCHAR(n) declaration of the column, in migration order (a later ALTER COLUMN may widen it).
    private static List<int> ColumnWidths(string folder, string table, string column, [CallerFilePath] string here = "")
    {
        var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));
        var widths = new List<int>();
        foreach (var script in Directory.GetFiles(Path.Combine(root, folder), "*.sql").Order(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(script);
            if (!text.Contains(table, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (Match match in Declaration().Matches(text))
            {
                if (match.Groups["column"].Value == column)
                {
                    widths.Add(int.Parse(match.Groups["width"].Value, System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }

        return widths;
    }

    [GeneratedRegex(@"(?<column>\w+)\s+NVARCHAR\((?<width>\d+)\)", RegexOptions.IgnoreCase)]
    private static partial Regex Declaration();
}
