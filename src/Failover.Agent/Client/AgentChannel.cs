using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Failover.Agent.Json;
using Failover.Core.Agents;
using Failover.Core.Replication;
using Failover.Core.Topology;

namespace Failover.Agent.Client;

/// <summary>
/// HTTP to the agents of an estate: the URL of the member's site agent, mutual TLS from the estate's <c>agents:</c>
/// (the server certificate checked against its CA, the client certificate presented), plain HTTP only to loopback.
/// Every remote failure becomes an <see cref="AgentCall"/> with its <see cref="AgentFailure"/>; nothing is thrown.
/// </summary>
internal sealed class AgentChannel : IDisposable
{
    private readonly Estate _estate;
    private readonly Lazy<HttpClient> _client;

    public AgentChannel(Estate estate)
    {
        _estate = estate;
        _client = new Lazy<HttpClient>(CreateClient);
    }

    public bool Covers(DatabaseMember member) => UrlOf(member) is not null;

    public async Task<AgentCall> SendAsync(DatabaseMember member, HttpMethod method, string path, object? body, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (UrlOf(member) is not { } baseUrl)
        {
            return new AgentCall(AgentFailure.Refused, $"{member.SiteId} runs no site agent", null);
        }

        if (baseUrl.Scheme == Uri.UriSchemeHttp && !IsLoopback(baseUrl))
        {
            return new AgentCall(AgentFailure.Refused, $"the agent of {member.SiteId} is at {baseUrl}: plain http is only allowed to a loopback address", null);
        }

        if (baseUrl.Scheme == Uri.UriSchemeHttps && _estate.AgentTls is null)
        {
            return new AgentCall(AgentFailure.Refused, "the estate gives no agents: { caFile, certFile, keyFile } for the mutual TLS with the site agents", null);
        }

        HttpClient client;
        try
        {
            client = _client.Value;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            return new AgentCall(AgentFailure.Refused, $"the estate's agents: TLS files cannot be loaded: {e.Message}", null);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var request = new HttpRequestMessage(method, new Uri(baseUrl, path));
            if (body is not null)
            {
                request.Content = JsonContent.Create(body, options: AgentJson.Options);
            }

            using var response = await client.SendAsync(request, deadline.Token);
            var text = await response.Content.ReadAsStringAsync(deadline.Token);
            if (response.IsSuccessStatusCode)
            {
                return new AgentCall(AgentFailure.None, "ok", text);
            }

            var failure = response.StatusCode == HttpStatusCode.Conflict ? AgentFailure.StaleEpoch
                : (int)response.StatusCode is >= 400 and < 500 ? AgentFailure.Refused
                : AgentFailure.Error;
            return new AgentCall(failure, $"{(int)response.StatusCode}: {ProblemDetail(text)}", text);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new AgentCall(AgentFailure.Timeout, $"the agent of {member.SiteId} did not answer within {timeout.TotalMilliseconds:0} ms", null);
        }
        catch (HttpRequestException e) when (e.InnerException is AuthenticationException)
        {
            return new AgentCall(AgentFailure.Refused, $"TLS with the agent of {member.SiteId} failed: {e.InnerException.Message}", null);
        }
        catch (HttpRequestException e)
        {
            return new AgentCall(AgentFailure.Unreachable, $"the agent of {member.SiteId} is unreachable: {e.Message}", null);
        }
        catch (IOException e)
        {
            return new AgentCall(AgentFailure.Unreachable, $"the agent of {member.SiteId} is unreachable: {e.Message}", null);
        }
    }

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }

    private Uri? UrlOf(DatabaseMember member) => _estate.Sites.FirstOrDefault(s => s.Id == member.SiteId)?.Agent?.Url;

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    private static string ProblemDetail(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String ? detail.GetString()! : text;
        }
        catch (JsonException)
        {
            return text.Length > 200 ? text[..200] : text;
        }
    }

    private HttpClient CreateClient()
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromSeconds(5) };
        if (_estate.AgentTls is { } tls)
        {
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(tls.CaFile);
            using var pem = X509Certificate2.CreateFromPemFile(tls.CertificateFile, tls.KeyFile);
            var client = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = new X509CertificateCollection { client },
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => IsTrustedServer(certificate, errors, authorities),
            };
        }

        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private static bool IsTrustedServer(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection authorities)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var server = new X509Certificate2(certificate);
        return chain.Build(server);
    }
}
