namespace Failover.Traffic.Dns;

/// <summary>
/// The write side of one authoritative DNS system (PowerDNS API, RFC 2136 server). The switch procedure, epoch checks
/// and verification are shared in <see cref="DnsTrafficRouter"/>; a backend only reads and replaces records.
/// Failures are results with a reason that never contains a secret.
/// </summary>
internal interface IDnsZoneBackend
{
    string Kind { get; }

    string RouterId { get; }

    string Zone { get; }

    /// <summary>Reads the addresses of <paramref name="name"/> and the marker at <paramref name="markerName"/> from the primary source.</summary>
    Task<BackendResult<DnsRecordState>> ReadAsync(string name, string markerName, CancellationToken cancellationToken);

    /// <summary>Replaces the records in one atomic change; <paramref name="current"/> is what was read (a precondition where the protocol supports one).</summary>
    Task<BackendResult<bool>> ReplaceAsync(string name, string markerName, DnsRecordState current, DnsDesiredState desired, CancellationToken cancellationToken);

    /// <summary>
    /// Asks the primary to tell its secondaries about the change again (PowerDNS: NOTIFY through the API), called while
    /// verification still sees a secondary on the old answer. A no-op where the protocol offers nothing.
    /// </summary>
    Task NudgeSecondariesAsync(CancellationToken cancellationToken);
}
