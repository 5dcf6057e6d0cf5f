using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Failover.ControlPlane.Api;
using Failover.Core.Health;
using Failover.Core.Topology;
using Microsoft.Extensions.Logging;

namespace Failover.ControlPlane.Runtime;

/// <summary>
/// Observers in different processes (and failure domains) sharing views over the control plane's API: each publish
/// keeps the view here and PUTs it to every other observer's <c>/api/v1/observers/{id}/view</c>; views received from
/// peers are kept the same way. An observer is usually several replicas (one Deployment, one leader among them): its
/// URL's host is resolved and the view is PUT to EVERY address (see <see cref="PeerAddresses"/>), so the leader,
/// whichever replica it is, judges with every peer's view. An unreachable peer or replica costs at most
/// <see cref="PeerTimeout"/> (resolution included) and is simply missing from its peers' quorum (its view goes
/// stale: it abstains), never an exception. Replicas of this same observer never exchange views: a view under this
/// observer's own id is refused, so a sibling replica can neither replace this replica's view nor count twice.
/// </summary>
public sealed partial class HttpObserverViewExchange : IObserverViewExchange
{
    public static readonly TimeSpan PeerTimeout = TimeSpan.FromMilliseconds(800);

    private readonly InMemoryObserverViewExchange _views = new();
    private readonly string _self;
    private readonly IReadOnlyList<Observer> _peers;
    private readonly HashSet<string> _known;
    private readonly string _peerToken;
    private readonly HttpClient _http;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;
    private readonly ILogger _logger;

    public HttpObserverViewExchange(Estate estate, string self, string peerToken, HttpClient http, ILogger<HttpObserverViewExchange> logger)
        : this(estate, self, peerToken, http, logger, PeerAddresses.SystemResolver)
    {
    }

    /// <param name="resolve">Resolves a peer URL's host name to the addresses of all its replicas (the system DNS by default).</param>
    public HttpObserverViewExchange(
        Estate estate, string self, string peerToken, HttpClient http, ILogger<HttpObserverViewExchange> logger, Func<string, CancellationToken, Task<IPAddress[]>> resolve)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        ArgumentNullException.ThrowIfNull(estate);
        _self = self;
        _peers = estate.Observers.Where(o => o.Id != self && o.Url is not null).ToList();
        _known = estate.Observers.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        _peerToken = peerToken;
        _http = http;
        _resolve = resolve;
        _logger = logger;
    }

    public async ValueTask PublishAsync(ObserverView view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        await _views.PublishAsync(view, cancellationToken);
        await Task.WhenAll(_peers.Select(peer => SendAsync(peer, view, cancellationToken)));
    }

    public ValueTask<IReadOnlyDictionary<string, ObserverView>> GetViewsAsync(CancellationToken cancellationToken) => _views.GetViewsAsync(cancellationToken);

    /// <summary>A peer's view arrived; null when accepted, else why it is refused.</summary>
    public async ValueTask<string?> ReceiveAsync(string observerId, ObserverView view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (view.ObserverId != observerId)
        {
            return $"the view is observer '{view.ObserverId}''s, not '{observerId}''s";
        }

        if (observerId == _self || !_known.Contains(observerId))
        {
            return $"'{observerId}' is not a peer observer of this estate (this instance is '{_self}')";
        }

        await _views.PublishAsync(view, cancellationToken);
        return null;
    }

    private async Task SendAsync(Observer peer, ObserverView view, CancellationToken cancellationToken)
    {
        var url = peer.Url!;
        var path = $"/api/v1/observers/{Uri.EscapeDataString(_self)}/view";

        // One budget per peer for resolving and writing to all its replicas: a publish never waits longer than today.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PeerTimeout);
        if (PeerAddresses.IsLiteral(url))
        {
            await PutAsync(peer, new Uri(url, path), host: null, view, timeout.Token, cancellationToken);
            return;
        }

        IPAddress[] addresses;
        try
        {
            addresses = await _resolve(url.IdnHost, timeout.Token);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or ArgumentException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Log.PeerUnresolved(_logger, peer.Id, url.IdnHost, e.Message);
            return;
        }

        var targets = PeerAddresses.Targets(url, addresses, path);
        if (targets.Count == 0)
        {
            Log.PeerUnresolved(_logger, peer.Id, url.IdnHost, "no address");
            return;
        }

        await Task.WhenAll(targets.Select(target => PutAsync(peer, target, url.Authority, view, timeout.Token, cancellationToken)));
    }

    private async Task PutAsync(Observer peer, Uri target, string? host, ObserverView view, CancellationToken timeout, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, target)
            {
                Content = JsonContent.Create(view, options: ApiJson.Options),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _peerToken);
            if (host is not null)
            {
                // The peer's own name, not the replica's address: virtual hosting, and the TLS server name and
                // certificate check (HttpClient takes both from the Host header).
                request.Headers.Host = host;
            }

            using var response = await _http.SendAsync(request, timeout);
            if (!response.IsSuccessStatusCode)
            {
                Log.PeerRefused(_logger, peer.Id, target.Authority, (int)response.StatusCode);
            }
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Log.PeerUnreachable(_logger, peer.Id, target.Authority, e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(7111, LogLevel.Warning, "Observer {PeerId} ({Address}) refused this observer's view: HTTP {Status}")]
        public static partial void PeerRefused(ILogger logger, string peerId, string address, int status);

        [LoggerMessage(7112, LogLevel.Debug, "Observer {PeerId} ({Address}) unreachable: {Reason}")]
        public static partial void PeerUnreachable(ILogger logger, string peerId, string address, string reason);

        [LoggerMessage(7113, LogLevel.Warning, "Observer {PeerId}: its host {Host} does not resolve: {Reason}")]
        public static partial void PeerUnresolved(ILogger logger, string peerId, string host, string reason);
    }
}
