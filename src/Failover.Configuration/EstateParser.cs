using System.Globalization;
using System.Net;
using Failover.Core.Topology;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Failover.Configuration;

/// <summary>
/// Turns the YAML document into the estate model. Structural problems (types, units, missing or unknown fields) are
/// reported here; the rules between objects are <see cref="EstateRules"/>'. Items with problems are still built
/// (with empty values) so the rules can report everything else in the same run.
/// </summary>
internal sealed class EstateParser
{
    private readonly Diagnostics _diagnostics;
    private readonly DrillsParser _drills;

    public EstateParser(Diagnostics diagnostics)
    {
        _diagnostics = diagnostics;
        _drills = new DrillsParser(diagnostics);
    }

    /// <summary>Where each path of the document starts, for the rules' messages.</summary>
    public Dictionary<string, Mark> Positions { get; } = new(StringComparer.Ordinal);

    public Estate Parse(YamlMappingNode root)
    {
        var top = new MappingReader(root, "", _diagnostics);
        var estate = new Estate(
            Items(top, "providers", ParseProvider),
            Items(top, "sites", ParseSite),
            Items(top, "services", ParseService),
            Items(top, "observers", ParseObserver),
            Items(top, "policies", ParsePolicy),
            Items(top, "routers", ParseRouter))
        {
            Drills = _drills.ParseEstate(top),
            AgentTls = ParseAgentTls(top),
        };
        if (estate.AgentTls is null && estate.Sites.FirstOrDefault(s => s.Agent?.Url.Scheme == Uri.UriSchemeHttps) is { } https)
        {
            _diagnostics.Error("agents", top.Start,
                $"missing: sites[{https.Id}].agent.url is https, so the control plane needs its mutual TLS files: agents: {{ caFile, certFile, keyFile }}");
        }

        top.ReportUnknownKeys();
        return _drills.Complete(estate);
    }

    private static AgentTlsSpec? ParseAgentTls(MappingReader top)
    {
        var m = top.Mapping("agents");
        if (m is null)
        {
            return null;
        }

        var tls = new AgentTlsSpec(m.String("caFile", true) ?? "", m.String("certFile", true) ?? "", m.String("keyFile", true) ?? "");
        m.ReportUnknownKeys();
        return tls;
    }

    /// <summary><c>sites[].agent: { url }</c>: https, or http for a loopback host only (the lab's agents on this machine).</summary>
    private static SiteAgentSpec? ParseAgent(MappingReader site)
    {
        var m = site.Mapping("agent");
        if (m is null)
        {
            return null;
        }

        var text = m.String("url", true);
        m.ReportUnknownKeys();
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) || url.Host.Length == 0)
        {
            m.Diagnostics.Error(m.Child("url"), m.PositionOf("url"), $"expected an absolute URL such as https://pg-sbg.example.fr:7443, found '{text}'");
            return null;
        }

        if (url.Scheme == Uri.UriSchemeHttp && !url.IsLoopback)
        {
            m.Diagnostics.Error(m.Child("url"), m.PositionOf("url"), $"plain http is accepted only for a loopback host (the agent API needs mutual TLS): use https://{url.Authority}");
            return null;
        }

        return new SiteAgentSpec(url);
    }

    /// <summary><c>policies[].lease: { ttl, driftMargin }</c>: ttl above 0, margin 0 or more.</summary>
    private static LeasePolicy ParseLease(MappingReader policy)
    {
        var m = policy.Mapping("lease");
        if (m is null)
        {
            return Defaults.Lease;
        }

        var ttl = m.Duration("ttl") ?? Defaults.Lease.Ttl;
        var margin = m.Duration("driftMargin") ?? Defaults.Lease.DriftMargin;
        if (ttl <= TimeSpan.Zero)
        {
            m.Diagnostics.Error(m.Child("ttl"), m.PositionOf("ttl"), "must be above 0 (e.g. 3s): the agent fences its primary when it runs out");
            ttl = Defaults.Lease.Ttl;
        }

        if (margin < TimeSpan.Zero)
        {
            m.Diagnostics.Error(m.Child("driftMargin"), m.PositionOf("driftMargin"), "must be 0 or more (e.g. 1s)");
            margin = Defaults.Lease.DriftMargin;
        }

        m.ReportUnknownKeys();
        return new LeasePolicy(ttl, margin);
    }

    private List<T> Items<T>(MappingReader parent, string key, Func<MappingReader, T> parse)
    {
        var result = new List<T>();
        var nodes = parent.Sequence(key);
        for (var i = 0; i < nodes.Count; i++)
        {
            var id = nodes[i] is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode("id"), out var idNode) && idNode is YamlScalarNode { Value.Length: > 0 } s
                ? s.Value
                : i.ToString(CultureInfo.InvariantCulture);
            var path = $"{key}[{id}]";
            if (MappingReader.From(nodes[i], path, _diagnostics) is not { } item)
            {
                continue;
            }

            if (!Positions.TryAdd(path, item.Start))
            {
                _diagnostics.Error(path, item.Start, $"duplicate id '{id}': ids must be unique among {key}");
            }

            result.Add(parse(item));
            item.ReportUnknownKeys();
        }

        return result;
    }

    private string Reference(MappingReader m, string key, bool required = true)
    {
        var value = m.String(key, required) ?? "";
        Positions.TryAdd(m.Child(key), m.PositionOf(key));
        return value;
    }

    private Provider ParseProvider(MappingReader m) => new(m.String("id", true) ?? "", m.String("name") ?? m.String("id") ?? "");

    private Site ParseSite(MappingReader m)
    {
        var postgres = m.Sequence("postgres")
            .Select((node, i) => MappingReader.From(node, $"{m.Child("postgres")}[{i}]", _diagnostics))
            .OfType<MappingReader>()
            .Select(ParseEndpoint)
            .ToList();
        var ingress = new List<IPAddress>();
        foreach (var (value, at, path) in m.StringList("ingress"))
        {
            if (IPAddress.TryParse(value, out var address))
            {
                ingress.Add(address);
            }
            else
            {
                _diagnostics.Error(path, at, $"expected an IPv4 or IPv6 address, found '{value}'");
            }
        }

        var k8s = m.Mapping("kubernetes");
        KubernetesTarget? kubernetes = null;
        if (k8s is not null)
        {
            kubernetes = new KubernetesTarget(k8s.String("context"), k8s.String("namespace", true) ?? "", k8s.String("kubeconfigFile"));
            k8s.ReportUnknownKeys();
        }

        return new Site(
            m.String("id", true) ?? "",
            Reference(m, "provider"),
            m.String("location") ?? "",
            Reference(m, "failureDomain"),
            postgres,
            ingress,
            kubernetes,
            m.Int("capacity", 0, 10_000) ?? Defaults.SiteCapacity)
        {
            Agent = ParseAgent(m),
        };
    }

    private static HostEndpoint ParseEndpoint(MappingReader m)
    {
        var endpoint = new HostEndpoint(m.String("host", true) ?? "", m.Int("port", 1, 65535) ?? Defaults.PostgresPort);
        m.ReportUnknownKeys();
        return endpoint;
    }

    private Service ParseService(MappingReader m)
    {
        var id = m.String("id", true) ?? "";
        var primary = Reference(m, "primary");
        var standbys = m.StringList("standbys", required: true);
        foreach (var (_, at, path) in standbys)
        {
            Positions.TryAdd(path, at);
        }

        var policy = m.Has("policy") ? Reference(m, "policy") : Defaults.PolicyId;
        var workloads = m.Sequence("workloads").Select((n, i) => MappingReader.From(n, $"{m.Child("workloads")}[{i}]", _diagnostics))
            .OfType<MappingReader>().Select(ParseWorkload).ToList();
        return new Service(
            id,
            m.String("displayName") ?? id,
            primary,
            standbys.Select(s => s.Value).ToList(),
            policy,
            m.Int("priority", 0, 1000) ?? Defaults.ServicePriority,
            ParseDatabase(m),
            ParseHealth(m),
            workloads,
            ParseTraffic(m),
            ParseTargets(m))
        {
            PrimaryPointer = WorkloadPointerParser.Parse(m, workloads),
            Drills = _drills.ParseService(m, id),
        };
    }

    private DatabaseSpec ParseDatabase(MappingReader service)
    {
        var m = service.Mapping("database", required: true);
        if (m is null)
        {
            return new DatabaseSpec("", "", new SecretReference(SecretSource.Environment, ""), Defaults.Replication, new RpoBudget(null, null));
        }

        var replication = m.Enum<ReplicationMode>("replication", Defaults.Replication) ?? Defaults.Replication;
        var maxLag = m.Duration("maxLagSeconds", bareNumberIsSeconds: true);
        var syncDefault = Units.FormatDuration(Defaults.SyncMaxLag);
        if (maxLag is { } lag && lag <= TimeSpan.Zero)
        {
            _diagnostics.Error(m.Child("maxLagSeconds"), m.PositionOf("maxLagSeconds"),
                $"must be above 0 (how long a standby may have stopped streaming, or lag, and still be promoted without a human; sync replication defaults to {syncDefault})");
        }

        if (replication == ReplicationMode.Sync && !m.Has("maxLagSeconds"))
        {
            // A synchronous service has a budget too: a standby is promoted without a human only if it was synchronous and
            // streaming until at most this long before the primary was last known to send WAL.
            maxLag = Defaults.SyncMaxLag;
        }

        var spec = new DatabaseSpec(
            m.String("name", true) ?? "",
            m.String("user", true) ?? "",
            m.Secret("password", required: true) ?? new SecretReference(SecretSource.Environment, ""),
            replication,
            new RpoBudget(m.Size("maxLagBytes"), maxLag));
        if (spec.Replication == ReplicationMode.Async && !m.Has("maxLagBytes") && !m.Has("maxLagSeconds"))
        {
            _diagnostics.Error(m.Path, m.Start,
                $"async replication needs an RPO budget: set maxLagBytes (e.g. 16MB) and/or maxLagSeconds (e.g. 5), or use replication: sync (whose maxLagSeconds defaults to {syncDefault})");
        }

        m.ReportUnknownKeys();
        return spec;
    }

    private static HealthSpec ParseHealth(MappingReader service)
    {
        var m = service.Mapping("health");
        var http = m?.Mapping("http");
        HttpHealthCheck? check = null;
        if (http is not null)
        {
            var scheme = http.String("scheme") ?? Defaults.HealthScheme;
            if (scheme is not ("http" or "https"))
            {
                http.Diagnostics.Error(http.Child("scheme"), http.PositionOf("scheme"), $"expected http or https, found '{scheme}'");
            }

            check = new HttpHealthCheck(
                scheme,
                http.Int("port", 1, 65535) ?? (scheme == "http" ? Defaults.HttpPort : Defaults.HttpsPort),
                http.String("path") ?? Defaults.HealthPath,
                http.Int("expectStatus", 100, 599) ?? Defaults.HealthExpectStatus,
                http.String("bodyContains"),
                http.Duration("timeout") ?? Defaults.ProbeTimeout);
            http.ReportUnknownKeys();
        }

        m?.ReportUnknownKeys();
        return new HealthSpec(check);
    }

    private static WorkloadSpec ParseWorkload(MappingReader m)
    {
        var spec = new WorkloadSpec(
            m.Enum<WorkloadKind>("kind", Defaults.Workload) ?? Defaults.Workload,
            m.String("name", true) ?? "",
            m.Int("activeReplicas", 0, 10_000, required: true) ?? 1,
            m.Int("standbyReplicas", 0, 10_000) ?? Defaults.StandbyReplicas);
        m.ReportUnknownKeys();
        return spec;
    }

    private TrafficSpec ParseTraffic(MappingReader service)
    {
        var m = service.Mapping("traffic", required: true);
        if (m is null)
        {
            return new TrafficSpec("", "", Defaults.Ttl);
        }

        var spec = new TrafficSpec(Reference(m, "router"), Reference(m, "name"), m.Duration("ttl", bareNumberIsSeconds: true) ?? Defaults.Ttl);
        m.ReportUnknownKeys();
        return spec;
    }

    private static ServiceTargets ParseTargets(MappingReader service)
    {
        var m = service.Mapping("targets");
        var targets = new ServiceTargets(m?.Duration("rto") ?? Defaults.Rto, m?.Duration("rpo") ?? Defaults.Rpo);
        m?.ReportUnknownKeys();
        return targets;
    }

    private Observer ParseObserver(MappingReader m)
    {
        Uri? url = null;
        if (m.String("url") is { } text && !Uri.TryCreate(text, UriKind.Absolute, out url))
        {
            _diagnostics.Error(m.Child("url"), m.PositionOf("url"), $"expected an absolute URL such as https://failover-sbg.example.fr, found '{text}'");
        }

        return new Observer(m.String("id", true) ?? "", Reference(m, "failureDomain"), url) { Acts = m.Bool("acts") ?? Defaults.ObserverActs };
    }

    private Policy ParsePolicy(MappingReader m)
    {
        var detection = m.Mapping("detection");
        var approval = m.Mapping("approval");
        var policy = new Policy(
            m.String("id", true) ?? "",
            m.Bool("automaticFailover") ?? Defaults.Policy.AutomaticFailover,
            new DetectionPolicy(
                detection?.Duration("interval") ?? Defaults.Policy.Detection.Interval,
                detection?.Duration("gracePeriod") ?? Defaults.Policy.Detection.GracePeriod,
                detection?.Int("failuresToSuspect", 1, 100) ?? Defaults.Policy.Detection.FailuresToSuspect,
                detection?.Int("failuresToDown", 1, 100) ?? Defaults.Policy.Detection.FailuresToDown,
                detection?.Int("successesToRecover", 1, 100) ?? Defaults.Policy.Detection.SuccessesToRecover),
            ParseQuorum(m),
            m.Duration("flapDamping") ?? Defaults.Policy.FlapDampingMinInterval,
            ParseShare(m, "massFailureBrake") ?? Defaults.Policy.MassFailureMaxLostShare,
            new ApprovalPolicy(
                approval?.Bool("twoPersonRule") ?? Defaults.Policy.Approval.TwoPersonRule,
                approval?.Duration("requestExpiry") ?? Defaults.Policy.Approval.RequestExpiry,
                approval?.Bool("switchovers") ?? Defaults.Policy.Approval.ApproveSwitchovers))
        {
            Lease = ParseLease(m),
        };
        detection?.ReportUnknownKeys();
        approval?.ReportUnknownKeys();
        if (policy.Detection.FailuresToDown < policy.Detection.FailuresToSuspect)
        {
            _diagnostics.Error(m.Child("detection.failuresToDown"), detection!.PositionOf("failuresToDown"), "must be at least failuresToSuspect");
        }

        Positions.TryAdd(m.Child("quorum"), m.PositionOf("quorum"));
        return policy;
    }

    private static QuorumPolicy ParseQuorum(MappingReader m)
    {
        var text = m.String("quorum");
        if (text is null or "majority")
        {
            return new QuorumPolicy(null);
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1)
        {
            return new QuorumPolicy(count);
        }

        m.Diagnostics.Error(m.Child("quorum"), m.PositionOf("quorum"), $"expected 'majority' or a number of observers (1 or more), found '{text}'");
        return new QuorumPolicy(null);
    }

    private static double? ParseShare(MappingReader m, string key)
    {
        var text = m.String(key);
        if (text is null)
        {
            return null;
        }

        var percent = text.EndsWith('%');
        if (double.TryParse(percent ? text[..^1] : text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            var share = percent ? value / 100 : value;
            if (share is > 0 and <= 1)
            {
                return share;
            }
        }

        m.Diagnostics.Error(m.Child(key), m.PositionOf(key), $"expected a share of sites such as 50% or 0.5 (above 0, at most 100%), found '{text}'");
        return null;
    }

    private RouterSpec ParseRouter(MappingReader m)
    {
        var id = m.String("id", true) ?? "";
        var kind = m.String("kind", true) ?? "";
        switch (kind)
        {
            case "powerdns":
                return new PowerDnsRouterSpec(
                    id, Url(m, "url", required: true) ?? new Uri("http://invalid"), m.String("serverId") ?? Defaults.PowerDnsServerId, Zone(m),
                    m.Secret("apiKey", required: true) ?? new SecretReference(SecretSource.Environment, ""), Nameservers(m));
            case "rfc2136":
                var tsig = m.Mapping("tsig", required: true);
                var router = new Rfc2136RouterSpec(
                    id, Endpoint(m, "server", Defaults.DnsPort) ?? new HostEndpoint("", Defaults.DnsPort), Zone(m),
                    tsig?.String("name", true) ?? "", tsig?.String("algorithm") ?? Defaults.TsigAlgorithm,
                    tsig?.Secret("secret", required: true) ?? new SecretReference(SecretSource.Environment, ""), Nameservers(m));
                tsig?.ReportUnknownKeys();
                return router;
            case "edge":
                return new EdgeRouterSpec(id, Url(m, "adminUrl", required: false));
            default:
                if (kind.Length > 0)
                {
                    string[] kinds = ["powerdns", "rfc2136", "edge"];
                    _diagnostics.Error(m.Child("kind"), m.PositionOf("kind"), $"expected one of {string.Join(", ", kinds)}, found '{kind}'{Suggestions.DidYouMean(kind, kinds)}");
                }

                // The other fields cannot be judged without a known kind.
                m.IgnoreUnknownKeys();
                return new EdgeRouterSpec(id, null);
        }
    }

    private string Zone(MappingReader m)
    {
        var zone = m.String("zone", true) ?? "";
        Positions.TryAdd(m.Child("zone"), m.PositionOf("zone"));
        return zone.EndsWith('.') || zone.Length == 0 ? zone : zone + ".";
    }

    private static Uri? Url(MappingReader m, string key, bool required)
    {
        var text = m.String(key, required);
        if (text is null)
        {
            return null;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            return url;
        }

        m.Diagnostics.Error(m.Child(key), m.PositionOf(key), $"expected an http(s) URL such as http://127.0.0.1:8081, found '{text}'");
        return null;
    }

    private List<HostEndpoint> Nameservers(MappingReader m) =>
        m.StringList("nameservers").Select(s => ParseHostPort(s.Value, s.At, s.Path, Defaults.DnsPort)).OfType<HostEndpoint>().ToList();

    private HostEndpoint? Endpoint(MappingReader m, string key, int defaultPort)
    {
        var text = m.String(key, true);
        return text is null ? null : ParseHostPort(text, m.PositionOf(key), m.Child(key), defaultPort);
    }

    private HostEndpoint? ParseHostPort(string text, Mark at, string path, int defaultPort)
    {
        var host = text;
        var port = defaultPort;
        var colon = text.LastIndexOf(':');
        if (colon > 0 && !text.EndsWith(']') && text.Count(c => c == ':') == 1)
        {
            host = text[..colon];
            if (!int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
            {
                _diagnostics.Error(path, at, $"expected host or host:port with a port from 1 to 65535, found '{text}'");
                return null;
            }
        }

        return new HostEndpoint(host.Trim('[', ']'), port);
    }
}
