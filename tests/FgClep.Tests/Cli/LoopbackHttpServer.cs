using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FgClep.Tests.Cli;

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.1 (a free port) that answers every request with the same status and body, closes the
/// connection, and counts the requests it answered. Serves at most <c>maxRequests</c> requests; stops on dispose.
/// </summary>
internal sealed class LoopbackHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly int _status;
    private readonly string _body;
    private readonly int _maxRequests;
    private int _requests;

    public LoopbackHttpServer(int status, string body, int maxRequests = 1000)
    {
        _status = status;
        _body = body;
        _maxRequests = maxRequests;
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>The OpenAI-style base URL, e.g. http://127.0.0.1:PORT/v1.</summary>
    public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1";

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>A port on 127.0.0.1 where nothing listens (bound, then released).</summary>
    public static int ClosedPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested && Requests < _maxRequests)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            _ = Task.Run(() => AnswerAsync(client));
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(30));
                var request = new List<byte>();
                var buffer = new byte[8192];
                int headerEnd = -1, contentLength = 0;
                while (true)
                {
                    int n = await stream.ReadAsync(buffer, timeout.Token);
                    if (n == 0) return;
                    request.AddRange(buffer.AsSpan(0, n).ToArray());
                    var text = Encoding.ASCII.GetString(request.ToArray());
                    if (headerEnd < 0 && (headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal)) >= 0)
                    {
                        foreach (var line in text[..headerEnd].Split("\r\n"))
                            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                                contentLength = int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                    }
                    if (headerEnd >= 0 && request.Count >= headerEnd + 4 + contentLength) break;
                }
                Interlocked.Increment(ref _requests);
                var body = Encoding.UTF8.GetBytes(_body);
                var head = $"HTTP/1.1 {_status} {(_status == 200 ? "OK" : "Error")}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), timeout.Token);
                await stream.WriteAsync(body, timeout.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException) { }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        _stop.Dispose();
    }
}
