using System.Net;

namespace Failover.Core.Traffic;

/// <summary>Moves a service's public entry to one site. Chosen per service by its router's kind in the configuration.</summary>
public interface ITrafficRouter
{
    string Kind { get; }

    /// <summary>Where traffic points now, as the router itself (not a cache) reports it.</summary>
    Task<TrafficState> ReadAsync(TrafficRoute route, CancellationToken cancellationToken);

    /// <summary>Points the route at <paramref name="request"/>'s target, verifies it at the source, and never throws for a router failure.</summary>
    Task<SwitchResult> SwitchAsync(SwitchRequest request, CancellationToken cancellationToken);
}

/// <summary>A service's public name as one router knows it.</summary>
public sealed record TrafficRoute(string ServiceId, string RouterId, string Name);

/// <summary>One destination with its share of traffic (1.0 for a full move).</summary>
public sealed record WeightedTarget(string SiteId, IReadOnlyList<IPAddress> Addresses, IReadOnlyList<Uri> Upstreams, double Weight);

public sealed record SwitchRequest(TrafficRoute Route, IReadOnlyList<WeightedTarget> Targets, TimeSpan Ttl, Core.Epoch Epoch, TimeSpan VerificationTimeout);

public sealed record TrafficState(TrafficRoute Route, IReadOnlyList<WeightedTarget> Targets, TimeSpan? Ttl, Core.Epoch? Epoch);

public enum SwitchOutcome
{
    Applied,
    AlreadyInPlace,
    RefusedStaleEpoch,
    Failed,
}

/// <param name="VerifiedAfter">Time from the switch call until every authoritative source answered the new target; null when not verified.</param>
/// <param name="WorstCaseStaleness">
/// How long a client may still see the old answer, counted from the verification (the old TTL for DNS, zero for the
/// edge). Zero for <see cref="SwitchOutcome.AlreadyInPlace"/>: a retry after a failed verification must keep the
/// staleness reported by the attempt that wrote the change. A <see cref="SwitchOutcome.Failed"/> result after the write
/// still carries it.
/// </param>
public sealed record SwitchResult(SwitchOutcome Outcome, string? Reason, TimeSpan? VerifiedAfter, TimeSpan WorstCaseStaleness, Core.Epoch? PreviousEpoch);
