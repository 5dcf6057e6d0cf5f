using System.Net;
using Failover.Core;
using Failover.Core.Traffic;
using Microsoft.Extensions.Logging;

namespace Failover.Traffic.Dns;

/// <summary>
/// The DNS switch procedure shared by every DNS backend: read the record and its epoch marker from the primary
/// source, refuse a stale epoch, do nothing when already in place, replace addresses and marker in one atomic change,
/// read back, then ask every authoritative server until all answer the new addresses.
/// </summary>
internal sealed partial class DnsTrafficRouter : ITrafficRouter
{
    private readonly IDnsZoneBackend _backend;
    private readonly NameserverDirectory _nameservers;
    private readonly AuthoritativeVerifier _verifier;
    private readonly TrafficOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _zone;

    public DnsTrafficRouter(
        IDnsZoneBackend backend, NameserverDirectory nameservers, AuthoritativeVerifier verifier, TrafficOptions options, TimeProvider time, ILogger logger)
    {
        _backend = backend;
        _nameservers = nameservers;
        _verifier = verifier;
        _options = options;
        _time = time;
        _logger = logger;
        _zone = DnsNames.Absolute(backend.Zone);
    }

    public string Kind => _backend.Kind;

    public async Task<TrafficState> ReadAsync(TrafficRoute route, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        var names = Names(route);
        if (!names.Succeeded)
        {
            throw new ArgumentException(names.Error, nameof(route));
        }

        var (name, marker) = names.Value;
        var read = await _backend.ReadAsync(name, marker, cancellationToken);
        if (!read.Succeeded)
        {
            throw new TrafficReadException($"{_backend.Kind} router {_backend.RouterId}: {read.Error}");
        }

        var state = read.Value!;
        var site = state.Marker?.SiteId ?? "(unknown)";
        IReadOnlyList<WeightedTarget> targets = state.Addresses.Count == 0 ? [] : [new WeightedTarget(site, state.Addresses, [], 1.0)];
        return new TrafficState(route, targets, state.Ttl, state.Marker?.Epoch);
    }

    public async Task<SwitchResult> SwitchAsync(SwitchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = _time.GetTimestamp();
        var names = Names(request.Route);
        if (!names.Succeeded)
        {
            return Failed(names.Error!, null);
        }

        var desired = Desired(request);
        if (!desired.Succeeded)
        {
            return Failed(desired.Error!, null);
        }

        var (name, markerName) = names.Value;
        var want = desired.Value!;
        var read = await _backend.ReadAsync(name, markerName, cancellationToken);
        if (!read.Succeeded)
        {
            return Failed($"cannot read {name}: {read.Error}", null);
        }

        var current = read.Value!;
        var previous = current.Marker?.Epoch;
        if (previous is { } applied && applied > request.Epoch)
        {
            Log.StaleEpoch(_logger, name, request.Epoch.Value, applied.Value);
            return new SwitchResult(SwitchOutcome.RefusedStaleEpoch,
                $"{name} was switched at epoch {applied} (to {current.Marker!.SiteId}); a switch at epoch {request.Epoch} is stale and refused",
                null, TimeSpan.Zero, previous);
        }

        var servers = await _nameservers.ResolveAsync(cancellationToken);
        if (!servers.Succeeded)
        {
            return Failed(servers.Error!, previous);
        }

        if (want.IsHeldBy(current))
        {
            var check = await _verifier.VerifyAsync(name, want.Addresses, servers.Value!, request.VerificationTimeout, cancellationToken, _backend.NudgeSecondariesAsync);
            if (!check.AllAgree)
            {
                return Failed($"{name} already points at {want.SiteId} at the source, but not every authoritative server agrees: {check.Describe()}", previous);
            }

            Log.AlreadyInPlace(_logger, name, want.SiteId, request.Epoch.Value);
            return new SwitchResult(SwitchOutcome.AlreadyInPlace, $"{name} already points at {want.SiteId} at epoch {request.Epoch}",
                _time.GetElapsedTime(started), TimeSpan.Zero, previous);
        }

        var written = await _backend.ReplaceAsync(name, markerName, current, want, cancellationToken);
        if (!written.Succeeded)
        {
            return Failed($"cannot replace {name}: {written.Error}", previous);
        }

        var back = await _backend.ReadAsync(name, markerName, cancellationToken);
        if (!back.Succeeded)
        {
            return Failed($"switched {name} but cannot read it back: {back.Error}", previous);
        }

        if (!want.IsHeldBy(back.Value!))
        {
            var seen = back.Value!;
            return Failed($"read back of {name} differs from what was written: addresses {AddressSet.Format(seen.Addresses)}, "
                + $"ttl {seen.Ttl?.TotalSeconds}, marker '{seen.Marker?.Text}' (a concurrent change?)", previous);
        }

        var newAddresses = AddressSet.Format(want.Addresses);
        Log.Written(_logger, name, want.SiteId, newAddresses, request.Epoch.Value);
        var staleness = current.Addresses.Count == 0 || current.SameAddresses(want.Addresses) ? TimeSpan.Zero : current.Ttl ?? TimeSpan.Zero;
        var verified = await _verifier.VerifyAsync(name, want.Addresses, servers.Value!, request.VerificationTimeout, cancellationToken, _backend.NudgeSecondariesAsync);
        if (!verified.AllAgree)
        {
            return new SwitchResult(SwitchOutcome.Failed,
                $"{name} was switched at the primary but not every authoritative server answers {AddressSet.Format(want.Addresses)} within {request.VerificationTimeout}: {verified.Describe()}",
                null, staleness, previous);
        }

        return new SwitchResult(SwitchOutcome.Applied, null, _time.GetElapsedTime(started), staleness, previous);
    }

    private (string Name, string Marker) NamesOf(string name) => (name, $"{_options.EpochLabel}.{name}");

    private BackendResult<(string Name, string Marker)> Names(TrafficRoute route)
    {
        if (string.IsNullOrWhiteSpace(route.Name))
        {
            return BackendResult<(string, string)>.Fail("route Name is empty: a DNS router needs the service's public name");
        }

        var name = DnsNames.Absolute(route.Name);
        return DnsNames.IsInZone(name, _zone) && name != _zone
            ? BackendResult<(string, string)>.Ok(NamesOf(name))
            : BackendResult<(string, string)>.Fail($"route Name '{route.Name}' is not a name inside zone {_zone} of router {_backend.RouterId}");
    }

    private static BackendResult<DnsDesiredState> Desired(SwitchRequest request)
    {
        var active = request.Targets.Where(t => t.Weight > 0).ToList();
        if (active.Count != 1)
        {
            return BackendResult<DnsDesiredState>.Fail(
                $"a DNS router sends all traffic to one site; got {active.Count} targets with a positive weight (use an edge router for a weighted split)");
        }

        var target = active[0];
        if (target.Addresses.Count == 0)
        {
            return BackendResult<DnsDesiredState>.Fail($"target site {target.SiteId} has no ingress address");
        }

        if (request.Ttl < TimeSpan.FromSeconds(1) || request.Ttl > TimeSpan.FromDays(1) || request.Ttl.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            return BackendResult<DnsDesiredState>.Fail($"Ttl {request.Ttl} must be a whole number of seconds between 1 s and 1 day");
        }

        IReadOnlyList<IPAddress> addresses = [.. target.Addresses.Distinct()];
        return BackendResult<DnsDesiredState>.Ok(new DnsDesiredState(target.SiteId, addresses, request.Ttl, request.Epoch));
    }

    private SwitchResult Failed(string reason, Epoch? previous)
    {
        Log.Failed(_logger, _backend.Kind, _backend.RouterId, reason);
        return new SwitchResult(SwitchOutcome.Failed, reason, null, TimeSpan.Zero, previous);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5110, Level = LogLevel.Information, Message = "Switched {Name} to site {SiteId} ({Addresses}) at epoch {Epoch}")]
        public static partial void Written(ILogger logger, string name, string siteId, string addresses, long epoch);

        [LoggerMessage(EventId = 5111, Level = LogLevel.Information, Message = "{Name} already points at site {SiteId} at epoch {Epoch}; nothing to do")]
        public static partial void AlreadyInPlace(ILogger logger, string name, string siteId, long epoch);

        [LoggerMessage(EventId = 5112, Level = LogLevel.Warning, Message = "Refused switch of {Name} at stale epoch {Epoch}; epoch {Applied} is already applied")]
        public static partial void StaleEpoch(ILogger logger, string name, long epoch, long applied);

        [LoggerMessage(EventId = 5113, Level = LogLevel.Error, Message = "{Kind} router {RouterId}: switch failed: {Reason}")]
        public static partial void Failed(ILogger logger, string kind, string routerId, string reason);
    }
}
