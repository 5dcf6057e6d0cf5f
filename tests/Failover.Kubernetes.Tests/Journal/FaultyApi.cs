using System.Net;
using System.Text;

namespace Failover.Kubernetes.Tests.Journal;

/// <summary>
/// Faults between the real client and the real kube-apiserver, for the requests a predicate matches: answer
/// 503 without forwarding (the server never sees the call), or forward and then lose the answer (the server
/// applied the call, the client sees a broken connection: the ambiguous case).
/// </summary>
internal sealed class FaultyApi(Func<HttpRequestMessage, bool> matches) : DelegatingHandler
{
    private int _unavailable;
    private int _loseAnswers;
    private int _seen;

    /// <summary>Matching requests that reached the handler (forwarded or not).</summary>
    public int Seen => Volatile.Read(ref _seen);

    public void Unavailable(int times) => Volatile.Write(ref _unavailable, times);

    public void LoseAnswers(int times) => Volatile.Write(ref _loseAnswers, times);

    public static Func<HttpRequestMessage, bool> Head(HttpMethod method, string ns, string name = "failover-journal") =>
        r => r.Method == method && r.RequestUri!.AbsolutePath == $"/api/v1/namespaces/{ns}/configmaps/{name}";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!matches(request))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        Interlocked.Increment(ref _seen);
        if (Interlocked.Decrement(ref _unavailable) >= 0)
        {
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
            {
                RequestMessage = request,
                Content = new StringContent("""{"kind":"Status","apiVersion":"v1","status":"Failure","message":"injected: apiserver unavailable","code":503}""", Encoding.UTF8, "application/json"),
            };
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (Interlocked.Decrement(ref _loseAnswers) >= 0)
        {
            response.Dispose();
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "injected: the connection broke after the request was sent");
        }

        return response;
    }
}
