using Failover.Core.Topology;

namespace Failover.Drills.Switchover;

/// <summary>
/// The writer a switchover drill runs against the service while it moves: it writes continuously, remembers the ids
/// the service acknowledged, and at the end counts how many of them the final primary holds (all, or commits were lost).
/// </summary>
public interface IDrillWriter
{
    /// <summary>Starts writing to the service in the background; the session stops it.</summary>
    Task<IDrillWriterSession> StartAsync(Service service, CancellationToken cancellationToken);
}
