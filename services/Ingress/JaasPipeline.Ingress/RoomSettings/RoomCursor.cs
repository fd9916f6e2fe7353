using System.Buffers.Text;
using System.Text;

namespace JaasPipeline.Ingress.RoomSettings;

/// <summary>The cursor of the room-settings list: the last room of the page, base64url (opaque to callers, docs/api.md §5).</summary>
internal static class RoomCursor
{
    public static string Write(string room) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(room));

    public static string? TryRead(string cursor)
    {
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
