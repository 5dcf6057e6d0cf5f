namespace Failover.Postgres;

/// <summary>What kind of session is opened on a member.</summary>
internal enum SessionKind
{
    /// <summary>The adapter's own session: writes allowed even on a fenced primary, commits never wait for a standby.</summary>
    Control,

    /// <summary>A session with the server's defaults, as an application would get; used to verify writability.</summary>
    Default,
}
