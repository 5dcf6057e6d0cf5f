using System.Security.Cryptography.X509Certificates;

namespace Failover.Probes;

/// <summary>Settings of the HTTP probe.</summary>
public sealed record HttpProbeOptions
{
    /// <summary>
    /// False (default): every probe opens a fresh connection (and asks the server to close it), so a probe sees what a
    /// new client sees — accept queue, TLS handshake — not a warm pooled connection.
    /// </summary>
    public bool ReuseConnections { get; init; }

    /// <summary>How much of the body is read to look for <c>BodyContains</c>.</summary>
    public int MaxBodyBytes { get; init; } = 64 * 1024;

    public string UserAgent { get; init; } = "failover-probe/1";

    /// <summary>
    /// The roots an HTTPS target's certificate must chain to (an estate's private CA); null: the system's trust store.
    /// The certificate must name the target's host name either way.
    /// </summary>
    public X509Certificate2Collection? TrustedRoots { get; init; }
}
