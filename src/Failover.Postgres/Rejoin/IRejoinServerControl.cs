namespace Failover.Postgres.Rejoin;

/// <summary>
/// How <see cref="PostgresRejoin"/> stops the old member's server before pg_rewind and starts it again as a standby:
/// <see cref="PgCtlServerControl"/> (pg_ctl) by default, or the process that supervises the postmaster (the site agent).
/// </summary>
public interface IRejoinServerControl
{
    /// <summary>Stops the server running on the request's data directory, if any; throws when it cannot.</summary>
    Task StopAsync(RejoinRequest request, CancellationToken cancellationToken);

    /// <summary>Starts the server on the request's data directory and waits until it accepts connections.</summary>
    Task<RejoinStart> StartAsync(RejoinRequest request, CancellationToken cancellationToken);
}
