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
/// peers are kept the same way. An unreachable peer costs at most <see cref="PeerTimeout"/> and is simply missing from
/// its peers' quorum (its view goes stale: it abstains), never an exception.
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
    private readonly ILogger _logger;

    public HttpObserverViewExchange(Estate estate, string self, string peerToken, HttpClient http, ILogger<HttpObserverViewExchange> logger)
    {
        ArgumentNullException.ThrowIfNull(estate);
        _self = self;
        _peers = estate.Observers.Where(o => o.Id != self && o.Url is not null).ToList();
        _known = estate.Observers.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        _peerToken = peerToken;
        _http = http;
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
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PeerTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(peer.Url!, $"/api/v1/observers/{Uri.EscapeDataString(_self)}/view"))
            {
                Content = JsonContent.Create(view, options: ApiJson.Options),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _peerToken);
            using var response = await _http.SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                Log.PeerRefused(_logger, peer.Id, (int)response.StatusCode);
            }
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Log.PeerUnreachable(_logger, peer.Id, e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(7101, LogLevel.Warning, "Observer {PeerId} refused this observer's view: HTTP {Status}")]
        public static partial void PeerRefused(ILogger logger, string peerId, int status);

        [LoggerMessage(7102, LogLevel.Debug, "Observer {PeerId} unreachable: {Reason}")]
        public static partial void PeerUnreachable(ILogger logger, string peerId, string reason);
    }
}
