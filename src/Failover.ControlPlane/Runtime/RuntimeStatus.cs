using Failover.Core.Engine;
using Failover.Core.Health;
using Failover.Core.Journal;
using Failover.Core.Replication;

namespace Failover.ControlPlane.Runtime;

/// <summary>What the control loop saw and decided on its last turn, for the API; ready once the loop has turned.</summary>
public sealed class RuntimeStatus
{
    private volatile Snapshot _latest = new([], null, null, new Dictionary<string, ServiceState>(), new Dictionary<(string, string), MemberObservation>(), []);

    public bool IsReady => _latest.At is not null;

    public Snapshot Latest => _latest;

    internal void Update(Snapshot snapshot) => _latest = snapshot;

    public sealed record Snapshot(
        IReadOnlyList<SiteVerdict> Verdicts,
        TickReport? Report,
        DateTimeOffset? At,
        IReadOnlyDictionary<string, ServiceState> States,
        IReadOnlyDictionary<(string Service, string Site), MemberObservation> Observations,
        IReadOnlyList<OperationRecord> ActiveOperations)
    {
        /// <summary>The write lease of each member whose site runs an agent, by (service, site); empty on a follower.</summary>
        public IReadOnlyDictionary<(string Service, string Site), Api.LeaseStatus> Leases { get; init; } = new Dictionary<(string, string), Api.LeaseStatus>();

        /// <summary>What promoting each standby now would lose, by (service, site); empty on a follower.</summary>
        public IReadOnlyDictionary<(string Service, string Site), Core.Operations.DataLossQuote> Quotes { get; init; } =
            new Dictionary<(string, string), Core.Operations.DataLossQuote>();

        /// <summary>Each service's application health where the observers probe it (its active site); never part of a site's verdict.</summary>
        public IReadOnlyList<ApplicationVerdict> Applications { get; init; } = [];
    }
}
