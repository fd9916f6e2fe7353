using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace JaasPipeline.Console.Tests;

/// <summary>
/// The console spoken to over plain HTTP, as a script would: a cookie jar, no redirects followed, and optionally a
/// loopback source address of its own (127.0.0.2 is this machine too, and a client address the other tests never use),
/// or an <c>X-Forwarded-For</c> header as a proxy in front of the console would add (a header only: no traffic goes there).
/// </summary>
public sealed partial class ConsoleHttp : IDisposable
{
    private readonly HttpClient client;

    public ConsoleHttp(Uri console, IPAddress? from = null, string? forwardedFor = null)
    {
        var handler = new SocketsHttpHandler { CookieContainer = Cookies, AllowAutoRedirect = false };
        if (from is not null)
        {
            handler.ConnectCallback = async (context, cancellation) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellation);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        client = new HttpClient(handler) { BaseAddress = console };
        if (forwardedFor is not null)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }
    }

    public CookieContainer Cookies { get; } = new();

    /// <summary>Posts <paramref name="key"/> on the sign-in page with the form's antiforgery token, as the browser does.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string key)
    {
        var form = await client.GetStringAsync("/console/signin");
        var token = TokenField().Match(form) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("The sign-in page has no antiforgery token.");
        return await client.PostAsync("/console/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["key"] = key, ["__RequestVerificationToken"] = token,
        }));
    }

    public Task<HttpResponseMessage> GetAsync(string path) => client.GetAsync(path);

    public Task<HttpResponseMessage> PostAsync(string path, HttpContent form) => client.PostAsync(path, form);

    public void Dispose() => client.Dispose();

    [GeneratedRegex("""name="__RequestVerificationToken" type="hidden" value="([^"]+)""")]
    private static partial Regex TokenField();
}
