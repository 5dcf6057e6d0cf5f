using System.Collections.Immutable;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.LoadBalancing;

namespace Failover.Traffic.Edge;

/// <summary>
/// An in-process edge proxy (Kestrel + YARP). Each service has one route, by Host header and by path prefix
/// <c>/{serviceId}/</c>, to a cluster whose destinations are the upstreams of one site, or of several sites with
/// weights during a staged move. A switch replaces the whole proxy configuration in one step (YARP swaps it
/// atomically: a request sees the old or the new routes, never a mix), and is refused when its epoch is older than
/// the one the route was last switched at. The lab hosts one at http://127.0.0.1:8080.
/// </summary>
public sealed partial class EdgeProxy : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly WebApplication _app;
    private readonly WebApplication? _admin;
    private readonly InMemoryConfigProvider _config;
    private readonly IProxyStateLookup _state;
    private readonly EdgeProxyOptions _options;
    private readonly ILogger _logger;
    private ImmutableDictionary<string, EdgeServiceRoute> _routes = ImmutableDictionary<string, EdgeServiceRoute>.Empty.WithComparers(StringComparer.Ordinal);

    private EdgeProxy(WebApplication app, WebApplication? admin, EdgeProxyOptions options, ILogger logger)
    {
        _app = app;
        _admin = admin;
        _options = options;
        _logger = logger;
        _config = app.Services.GetRequiredService<InMemoryConfigProvider>();
        _state = app.Services.GetRequiredService<IProxyStateLookup>();
        Url = BoundUrl(app);
        AdminUrl = admin is null ? null : BoundUrl(admin);
    }

    /// <summary>The public address actually bound (the free port when the options asked for port 0).</summary>
    public Uri Url { get; }

    /// <summary>The admin address actually bound, or null without an admin listener.</summary>
    public Uri? AdminUrl { get; }

    public IReadOnlyCollection<EdgeServiceRoute> Routes => _routes.Values.ToList();

    public static async Task<EdgeProxy> StartAsync(EdgeProxyOptions options, ILoggerFactory? loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        loggers ??= NullLoggerFactory.Instance;
        var app = BuildProxy(options, loggers);
        await app.StartAsync(cancellationToken);
        WebApplication? admin = null;
        try
        {
            EdgeProxy? proxy = null;
            if (options.AdminListenUrl is { } adminUrl)
            {
                admin = EdgeAdminEndpoints.Build(adminUrl, options.AdminToken, loggers, () => proxy!);
                await admin.StartAsync(cancellationToken);
            }

            proxy = new EdgeProxy(app, admin, options, loggers.CreateLogger<EdgeProxy>());
            var adminText = proxy.AdminUrl?.ToString() ?? "(none)";
            Log.Started(proxy._logger, proxy.Url, adminText);
            return proxy;
        }
        catch
        {
            await app.DisposeAsync();
            if (admin is not null)
            {
                await admin.DisposeAsync();
            }

            throw;
        }
    }

    public EdgeServiceRoute? Read(string serviceId) => _routes.GetValueOrDefault(serviceId);

    /// <summary>Points a service at its targets; refuses an older epoch; a no-op when the route is already exactly this.</summary>
    public EdgeApplyResult Apply(EdgeServiceRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        if (route.Validate() is { } problem)
        {
            return new EdgeApplyResult(EdgeApplyOutcome.Invalid, problem, null);
        }

        var wanted = route.Normalized();
        lock (_lock)
        {
            var existing = _routes.GetValueOrDefault(wanted.ServiceId);
            if (existing is not null && wanted.Epoch < existing.Epoch)
            {
                Log.StaleEpoch(_logger, wanted.ServiceId, wanted.Epoch.Value, existing.Epoch.Value);
                return new EdgeApplyResult(EdgeApplyOutcome.RefusedStaleEpoch,
                    $"service {wanted.ServiceId} was switched at epoch {existing.Epoch}; epoch {wanted.Epoch} is stale", existing.Epoch);
            }

            if (existing is not null && existing.SameAs(wanted))
            {
                return new EdgeApplyResult(EdgeApplyOutcome.AlreadyInPlace, $"service {wanted.ServiceId} already routes so at epoch {existing.Epoch}", existing.Epoch);
            }

            var routes = _routes.SetItem(wanted.ServiceId, wanted);
            _config.Update([.. routes.Values.SelectMany(RoutesOf)], [.. routes.Values.Select(ClusterOf)]);
            _routes = routes;
            var shares = string.Join(", ", wanted.Targets.Select(t => $"{t.SiteId} {t.Weight.ToString("P0", CultureInfo.InvariantCulture)}"));
            Log.Switched(_logger, wanted.ServiceId, shares, wanted.Epoch.Value);
            return new EdgeApplyResult(EdgeApplyOutcome.Applied, null, existing?.Epoch);
        }
    }

    /// <summary>True when YARP routes by exactly this route now (the verification at the source for the edge).</summary>
    public bool IsLive(EdgeServiceRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var wanted = route.Normalized();
        return _state.TryGetCluster(wanted.ServiceId, out var cluster)
            && cluster.Model.Config.Equals(ClusterOf(wanted))
            && RoutesOf(wanted).All(r => _state.TryGetRoute(r.RouteId, out var live) && live.Config.Equals(r));
    }

    public async ValueTask DisposeAsync()
    {
        if (_admin is not null)
        {
            await _admin.DisposeAsync();
        }

        await _app.DisposeAsync();
    }

    private static WebApplication BuildProxy(EdgeProxyOptions options, ILoggerFactory loggers)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(EdgeProxy).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.Services.Replace(ServiceDescriptor.Singleton(loggers));
        builder.WebHost.UseUrls(options.ListenUrl.ToString());
        builder.Services.AddReverseProxy().LoadFromMemory([], []);
        builder.Services.AddSingleton<ILoadBalancingPolicy, WeightedSiteLoadBalancingPolicy>();
        builder.Services.AddSingleton(options);
        var app = builder.Build();
        app.MapReverseProxy();
        return app;
    }

    private IEnumerable<RouteConfig> RoutesOf(EdgeServiceRoute route) =>
    [
        new RouteConfig
        {
            RouteId = $"{route.ServiceId}/host",
            ClusterId = route.ServiceId,
            Match = new RouteMatch { Hosts = [route.Host], Path = "/{**rest}" },
        },
        new RouteConfig
        {
            RouteId = $"{route.ServiceId}/path",
            ClusterId = route.ServiceId,
            Order = 1,
            Match = new RouteMatch { Path = $"/{route.ServiceId}/{{**rest}}" },
            Transforms = [new Dictionary<string, string>(StringComparer.Ordinal) { ["PathRemovePrefix"] = $"/{route.ServiceId}" }],
        },
    ];

    private ClusterConfig ClusterOf(EdgeServiceRoute route) => new()
    {
        ClusterId = route.ServiceId,
        LoadBalancingPolicy = WeightedSiteLoadBalancingPolicy.PolicyName,
        HttpRequest = new ForwarderRequestConfig { ActivityTimeout = _options.UpstreamTimeout },
        Metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["failover.epoch"] = route.Epoch.ToString() },
        Destinations = route.Targets
            .SelectMany(t => t.Upstreams.Select((u, i) => (Id: $"{t.SiteId}#{i}", Upstream: u, Site: t.SiteId, Weight: t.Weight / t.Upstreams.Count)))
            .ToDictionary(d => d.Id, d => new DestinationConfig
            {
                Address = d.Upstream.AbsoluteUri,
                Metadata = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    [WeightedSiteLoadBalancingPolicy.SiteKey] = d.Site,
                    [WeightedSiteLoadBalancingPolicy.WeightKey] = d.Weight.ToString("R", CultureInfo.InvariantCulture),
                },
            }, StringComparer.Ordinal),
    };

    private static Uri BoundUrl(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("the edge proxy bound no address");
        return new Uri(first.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5160, Level = LogLevel.Information, Message = "Edge proxy listening on {Url} (admin {AdminUrl})")]
        public static partial void Started(ILogger logger, Uri url, string adminUrl);

        [LoggerMessage(EventId = 5161, Level = LogLevel.Information, Message = "Edge route of {ServiceId} switched to {Shares} at epoch {Epoch}")]
        public static partial void Switched(ILogger logger, string serviceId, string shares, long epoch);

        [LoggerMessage(EventId = 5162, Level = LogLevel.Warning, Message = "Edge refused switch of {ServiceId} at stale epoch {Epoch}; epoch {Applied} is applied")]
        public static partial void StaleEpoch(ILogger logger, string serviceId, long epoch, long applied);
    }
}
