using System.Net.Sockets;
using System.Text;
using JaasPipeline.Ingress.Webhooks;

namespace JaasPipeline.Ingress.Tests;

/// <summary>
/// A delivery over raw TCP whose headers declare a body of which only a part is sent before the sender goes quiet:
/// what an unauthenticated sender can do to hold the ingress's memory.
/// </summary>
public sealed class StalledDelivery : IDisposable
{
    private static readonly TimeSpan SendDeadline = TimeSpan.FromSeconds(30);
    private readonly Socket socket;

    private StalledDelivery(Socket socket) => this.socket = socket;

    /// <summary>Whether every byte meant to be sent was taken by the server (a refused one is closed before).</summary>
    public bool SentAll { get; private set; }

    /// <summary>Connects, sends headers declaring <paramref name="declaredLength"/> bytes, then <paramref name="sent"/> of them.</summary>
    public static async Task<StalledDelivery> SendAsync(Uri baseAddress, int declaredLength, ReadOnlyMemory<byte> sent)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(baseAddress.Host, baseAddress.Port);
        var delivery = new StalledDelivery(socket);
        var headers = "POST " + WebhookApi.Route + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
                      $"Content-Length: {declaredLength}\r\n\r\n";
        using var deadline = new CancellationTokenSource(SendDeadline);
        try
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes(headers), SocketFlags.None, deadline.Token);
            while (!sent.IsEmpty)
            {
                sent = sent[await socket.SendAsync(sent, SocketFlags.None, deadline.Token)..];
            }

            delivery.SentAll = true;
        }
        catch (Exception refused) when (refused is SocketException or OperationCanceledException)
        {
            // The server answered and closed the connection before taking the whole part: the answer is still readable.
        }

        return delivery;
    }

    /// <summary>Sends nothing more and reads what the server answers until it closes the connection or <paramref name="deadline"/> passes.</summary>
    public async Task<string> ReadAnswerAsync(TimeSpan deadline)
    {
        var buffer = new byte[8192];
        var received = new StringBuilder();
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            int count;
            while ((count = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
            {
                received.Append(Encoding.ASCII.GetString(buffer, 0, count));
            }
        }
        catch (Exception ended) when (ended is SocketException or OperationCanceledException)
        {
            // Reset by the server, or no answer in time: what was received is the answer.
        }

        return received.ToString();
    }

    public void Dispose() => socket.Dispose();
}
