using System.Collections.Concurrent;
using Failover.Core.Secrets;
using Failover.Core.Topology;
using Failover.Core.Traffic;
using Failover.Traffic.Dns;
using Failover.Traffic.Edge;
using Failover.Traffic.PowerDns;
using Failover.Traffic.Rfc2136;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Failover.Traffic;

/// <summary>
/// Chooses the router by the spec's kind: <c>powerdns</c>, <c>rfc2136</c> or <c>edge</c> (over the edge's admin URL
/// when the spec has one, else the in-process <see cref="EdgeProxy"/>). One router per spec, reused.
/// </summary>
internal sealed class TrafficRouterFactory : ITrafficRouterFactory, IDisposable
{
    private readonly ISecretResolver _secrets;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly TrafficOptions _options;
    private readonly EdgeProxy? _localEdge;
    private readonly ConcurrentDictionary<RouterSpec, ITrafficRouter> _routers = new();
    private readonly HttpClient _http;

    public TrafficRouterFactory(ISecretResolver secrets, TimeProvider time, TrafficOptions options, ILoggerFactory? loggers = null, EdgeProxy? localEdge = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _secrets = secrets;
        _time = time;
        _options = options;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _localEdge = localEdge;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), UseProxy = false })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public ITrafficRouter Create(RouterSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return _routers.GetOrAdd(spec, Build);
    }

    public void Dispose() => _http.Dispose();

    private ITrafficRouter Build(RouterSpec spec) => spec switch
    {
        PowerDnsRouterSpec p => Dns(
            new PowerDnsZoneBackend(p, _http, _secrets, _options, _loggers.CreateLogger<PowerDnsZoneBackend>()), p.Nameservers, p.Zone),
        Rfc2136RouterSpec r => Dns(
            new Rfc2136ZoneBackend(r, _secrets, _options, _time, _loggers.CreateLogger<Rfc2136ZoneBackend>()), r.Nameservers, r.Zone),
        EdgeRouterSpec e => Edge(e),
        _ => throw new NotSupportedException($"router {spec.Id}: kind '{spec.Kind}' has no traffic router (known: powerdns, rfc2136, edge)"),
    };

    private DnsTrafficRouter Dns(IDnsZoneBackend backend, IReadOnlyList<HostEndpoint> nameservers, string zone)
    {
        var logger = _loggers.CreateLogger<DnsTrafficRouter>();
        return new DnsTrafficRouter(
            backend,
            new NameserverDirectory(nameservers, DnsNames.Absolute(zone), _options),
            new AuthoritativeVerifier(_options, _time, logger),
            _options,
            _time,
            logger);
    }

    private EdgeRouter Edge(EdgeRouterSpec spec)
    {
        IEdgeControl control = spec.AdminUrl is { } admin
            ? new HttpEdgeControl(_http, admin, _options, _secrets, _options.EdgeAdminToken)
            : _localEdge is { } local
                ? new InProcessEdgeControl(local)
                : throw new NotSupportedException($"edge router {spec.Id} has no AdminUrl and no in-process EdgeProxy is registered");
        return new EdgeRouter(spec.Id, control, _time, _loggers.CreateLogger<EdgeRouter>());
    }
}
