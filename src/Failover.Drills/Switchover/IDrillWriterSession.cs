namespace Failover.Drills.Switchover;

/// <summary>One writer run.</summary>
public interface IDrillWriterSession : IAsyncDisposable
{
    /// <summary>Stops writing; returns what was written (acknowledged ids, failed attempts).</summary>
    Task<DrillWrites> StopAsync(CancellationToken cancellationToken);

    /// <summary>How many of <paramref name="acknowledgedIds"/> the service's primary (now <paramref name="primarySiteId"/>) holds.</summary>
    Task<long> CountPresentAsync(string primarySiteId, IReadOnlyList<long> acknowledgedIds, CancellationToken cancellationToken);
}
