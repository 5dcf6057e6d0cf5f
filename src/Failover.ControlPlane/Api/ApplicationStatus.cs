using Failover.Core.Health;

namespace Failover.ControlPlane.Api;

/// <summary>A service's application health at its active site (the site's own verdict does not depend on it).</summary>
/// <param name="State">healthy, suspect, down, flapping, or unknown before the observers probed it there.</param>
public sealed record ApplicationStatus(string Site, string State, DateTimeOffset? Since, IReadOnlyDictionary<string, HealthState> ObserverStates, IReadOnlyDictionary<string, string> FailingProbes)
{
    internal static ApplicationStatus From(string activeSite, IReadOnlyList<ApplicationVerdict> verdicts) =>
        verdicts.FirstOrDefault(v => v.SiteId == activeSite) is { } v
            ? new(activeSite, v.State.ToString().ToLowerInvariant(), v.Since, v.ObserverStates, v.FailingProbes)
            : new(activeSite, "unknown", null, new Dictionary<string, HealthState>(), new Dictionary<string, string>());
}
