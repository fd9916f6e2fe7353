using System.Globalization;
using System.Text;
using JaasPipeline.Attendance.Reports;
using JaasPipeline.ConsumerApi;
using JaasPipeline.ServiceDefaults;

namespace JaasPipeline.Attendance;

/// <summary>The attendance export for finance: one CSV row per stint (a participant without stints gets one row).</summary>
public static class AttendanceCsv
{
    private static readonly string[] Header =
    [
        "sessionId", "fqn", "participantId", "name", "email", "userId", "kind", "moderator", "lobbyMs", "attendedMs",
        "room", "joinedAt", "leftAt", "durationMs", "disconnectReason",
    ];

    public static string Write(AttendanceReport report)
    {
        var csv = new StringBuilder();
        AppendRow(csv, Header);
        foreach (var participant in report.Participants)
        {
            var stints = participant.Stints.Count > 0 ? participant.Stints.Cast<Stint?>() : [null];
            foreach (var stint in stints)
            {
                AppendRow(csv,
                [
                    report.SessionId, report.Fqn, participant.ParticipantId, participant.Name, participant.Email, participant.UserId,
                    participant.Kind, participant.Moderator ? "true" : "false", Number(participant.LobbyMs),
                    Number(participant.AttendedMs), stint?.Room, Time(stint?.JoinedAt), Time(stint?.LeftAt), Number(stint?.DurationMs),
                    stint?.DisconnectReason,
                ]);
            }
        }

        return csv.ToString();
    }

    // RFC 4180: fields with a comma, quote or line break are quoted and quotes doubled. A field that a spreadsheet
    // would run as a formula (= + - @ tab CR first) gets a leading apostrophe (OWASP CSV injection): names are
    // whatever participants typed, and this file is opened in Excel by people who trust it.
    private static void AppendRow(StringBuilder csv, IEnumerable<string?> fields)
    {
        csv.AppendJoin(',', fields.Select(Escape));
        csv.Append("\r\n");
    }

    private static string Escape(string? field)
    {
        if (string.IsNullOrEmpty(field))
        {
            return "";
        }

        field = ExportText.WithoutControlCharacters(field);

        if (field[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            field = "'" + field;
        }

        return field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
    }

    private static string? Number(long? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Time(DateTimeOffset? time) => time is { } instant ? ApiJson.Format(instant) : null;
}
