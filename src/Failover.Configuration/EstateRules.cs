using Failover.Core.Topology;
using YamlDotNet.Core;

namespace Failover.Configuration;

/// <summary>The rules between objects of an estate: references resolve, ids are unique, services are protected.</summary>
internal sealed class EstateRules
{
    private readonly Estate _estate;
    private readonly Diagnostics _diagnostics;
    private readonly IReadOnlyDictionary<string, Mark> _positions;

    public EstateRules(Estate estate, Diagnostics diagnostics, IReadOnlyDictionary<string, Mark> positions)
    {
        _estate = estate;
        _diagnostics = diagnostics;
        _positions = positions;
    }

    public void Check()
    {
        if (_estate.Sites.Count == 0)
        {
            _diagnostics.Error("sites", default, "an estate needs at least one site");
        }

        foreach (var site in _estate.Sites)
        {
            var path = $"sites[{site.Id}]";
            Resolve($"{path}.provider", site.ProviderId, "provider", _estate.Providers.Select(p => p.Id));
            if (site.FailureDomain.Length == 0)
            {
                _diagnostics.Error(path, At(path), "missing required field 'failureDomain'");
            }
        }

        foreach (var service in _estate.Services)
        {
            CheckService(service);
        }

        DistinctDnsNames();
        CheckQuorums();
        CheckActingObserver();
    }

    private void CheckService(Service service)
    {
        var path = $"services[{service.Id}]";
        var primary = Resolve($"{path}.primary", service.PrimarySiteId, "site", _estate.Sites.Select(s => s.Id))
            ? _estate.Site(service.PrimarySiteId)
            : null;
        if (primary is { Postgres.Count: 0 })
        {
            _diagnostics.Error($"{path}.primary", At($"{path}.primary"), $"site '{primary.Id}' has no postgres endpoint to run the service's database");
        }

        if (service.StandbySiteIds.Count == 0)
        {
            _diagnostics.Warning(path, At(path), "no standby site: this service cannot fail over");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < service.StandbySiteIds.Count; i++)
        {
            var standbyId = service.StandbySiteIds[i];
            var standbyPath = $"{path}.standbys[{i}]";
            if (!Resolve(standbyPath, standbyId, "site", _estate.Sites.Select(s => s.Id)))
            {
                continue;
            }

            var standby = _estate.Site(standbyId);
            if (standbyId == service.PrimarySiteId)
            {
                _diagnostics.Error(standbyPath, At(standbyPath), $"standby '{standbyId}' is the primary site; a standby must be another site");
            }
            else if (!seen.Add(standbyId))
            {
                _diagnostics.Error(standbyPath, At(standbyPath), $"standby '{standbyId}' is listed twice");
            }
            else if (primary is not null && standby.FailureDomain == primary.FailureDomain)
            {
                _diagnostics.Warning(standbyPath, At(standbyPath),
                    $"standby '{standbyId}' is in the same failure domain '{standby.FailureDomain}' as the primary: one fire takes both");
            }

            if (standby.Postgres.Count == 0)
            {
                _diagnostics.Error(standbyPath, At(standbyPath), $"site '{standbyId}' has no postgres endpoint to run the service's database");
            }
        }

        if (service.PolicyId != Defaults.PolicyId || _estate.Policies.Any(p => p.Id == Defaults.PolicyId))
        {
            Resolve($"{path}.policy", service.PolicyId, "policy", _estate.Policies.Select(p => p.Id).Append(Defaults.PolicyId));
        }

        CheckTraffic(service, $"{path}.traffic");
    }

    private void CheckTraffic(Service service, string path)
    {
        if (!Resolve($"{path}.router", service.Traffic.RouterId, "router", _estate.Routers.Select(r => r.Id)))
        {
            return;
        }

        if (_estate.RouterOf(service) is EdgeRouterSpec && service.Health.Http is null)
        {
            _diagnostics.Error($"{path}.router", At($"{path}.router"),
                $"router '{service.Traffic.RouterId}' is an edge: it sends requests to each site's ingress on the port of the service's health.http, so the service needs health.http");
        }

        var zone = _estate.RouterOf(service) switch
        {
            PowerDnsRouterSpec p => p.Zone,
            Rfc2136RouterSpec r => r.Zone,
            _ => null,
        };
        var name = Normalize(service.Traffic.DnsName);
        if (zone is { Length: > 0 } && name.Length > 0 && !(name == Normalize(zone) || name.EndsWith("." + Normalize(zone), StringComparison.Ordinal)))
        {
            _diagnostics.Error($"{path}.name", At($"{path}.name"), $"'{service.Traffic.DnsName}' is not inside the zone '{zone}' of router '{service.Traffic.RouterId}'");
        }
    }

    private void DistinctDnsNames()
    {
        foreach (var group in _estate.Services.Where(s => s.Traffic.DnsName.Length > 0).GroupBy(s => Normalize(s.Traffic.DnsName)).Where(g => g.Count() > 1))
        {
            var first = group.First();
            foreach (var other in group.Skip(1))
            {
                var path = $"services[{other.Id}].traffic.name";
                _diagnostics.Error(path, At(path), $"DNS name '{other.Traffic.DnsName}' is already claimed by service '{first.Id}'");
            }
        }
    }

    private void CheckActingObserver()
    {
        var acting = _estate.Observers.Where(o => o.Acts).Select(o => o.Id).ToList();
        if (acting.Count > 1)
        {
            _diagnostics.Error("observers", At("observers"),
                $"{acting.Count} observers say acts: true ({string.Join(", ", acting)}): exactly one control plane may act, or two could promote different standbys");
        }
        else if (acting.Count == 0 && _estate.Observers.Count > 1)
        {
            _diagnostics.Warning("observers", At("observers"),
                "no observer says acts: true: nothing stops two `failover serve` instances of different observers from acting; mark the one that acts");
        }
    }

    private void CheckQuorums()
    {
        foreach (var policy in _estate.Policies)
        {
            var observers = Math.Max(1, _estate.Observers.Count);
            if (policy.Quorum.Count is { } count && count > observers)
            {
                var path = $"policies[{policy.Id}].quorum";
                _diagnostics.Error(path, At(path), $"quorum of {count} observers can never be reached: the estate declares {observers}");
            }
        }
    }

    private bool Resolve(string path, string value, string kind, IEnumerable<string> known)
    {
        if (value.Length == 0)
        {
            return false;
        }

        var candidates = known.ToList();
        if (candidates.Contains(value, StringComparer.Ordinal))
        {
            return true;
        }

        _diagnostics.Error(path, At(path), $"unknown {kind} '{value}'{Suggestions.DidYouMean(value, candidates)}");
        return false;
    }

    private Mark At(string path) => _positions.TryGetValue(path, out var mark) ? mark : Mark.Empty;

    private static string Normalize(string dnsName) => dnsName.TrimEnd('.').ToLowerInvariant();
}
