using System.Net;
using System.Net.Sockets;

namespace FgClep.Enrichment.Proposers;

/// <summary>
/// Decides whether a failed chat request is worth retrying, without depending on a particular client library:
/// HTTP statuses come from <see cref="HttpRequestException.StatusCode"/> or from an integer <c>Status</c> /
/// <c>StatusCode</c> property (as on <c>System.ClientModel.ClientResultException</c>, used by the OpenAI client).
/// </summary>
internal static class RequestFailure
{
    public const string Timeout = "timeout";

    public static (bool Transient, string Status) Classify(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            var found = ClassifyOne(e);
            if (found is not null) return found.Value;
        }
        return (false, error.GetType().Name);
    }

    private static (bool, string)? ClassifyOne(Exception e)
    {
        switch (e)
        {
            case HttpRequestException { StatusCode: { } code }: return FromStatus((int)code);
            case HttpRequestException: return (true, "connection");
            case TimeoutException: return (true, Timeout);
            case SocketException or IOException: return (true, "connection");
        }
        var property = e.GetType().GetProperty("Status") ?? e.GetType().GetProperty("StatusCode");
        var value = property?.GetValue(e);
        int? status = value switch { int i => i, HttpStatusCode c => (int)c, _ => null };
        if (status is null) return null;
        return status == 0 ? (true, "connection") : FromStatus(status.Value);
    }

    private static (bool, string) FromStatus(int status) =>
        (status is 408 or 429 || status >= 500, status.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
