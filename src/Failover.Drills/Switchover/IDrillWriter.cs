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

/// <summary>One writer run.</summary>
public interface IDrillWriterSession : IAsyncDisposable
{
    /// <summary>Stops writing; returns what was written (acknowledged ids, failed attempts).</summary>
    Task<DrillWrites> StopAsync(CancellationToken cancellationToken);

    /// <summary>How many of <paramref name="acknowledgedIds"/> the service's primary (now <paramref name="primarySiteId"/>) holds.</summary>
    Task<long> CountPresentAsync(string primarySiteId, IReadOnlyList<long> acknowledgedIds, CancellationToken cancellationToken);
}

/// <summary>The writes of a drill's writer: the ids the service acknowledged, and how many attempts failed (expected while it moves).</summary>
public sealed record DrillWrites(IReadOnlyList<long> AcknowledgedIds, long FailedAttempts);
