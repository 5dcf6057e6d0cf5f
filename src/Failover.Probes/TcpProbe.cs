using System.Net;
using System.Net.Sockets;
using Failover.Core.Health;
using Microsoft.Extensions.Logging;

namespace Failover.Probes;

/// <summary>TCP connect probe: resolves (dns), connects (refused), closes.</summary>
internal sealed class TcpProbe : IProbe
{
    public bool CanProbe(ProbeTarget target) => target is TcpProbeTarget;

    public async ValueTask<ProbeOutcome> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        var tcp = (TcpProbeTarget)target;
        try
        {
            var addresses = IPAddress.TryParse(tcp.Host, out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(tcp.Host, cancellationToken);
            if (addresses.Length == 0)
            {
                return ProbeOutcome.Fail(ProbeFailureReason.Dns, $"{tcp.Host} has no address");
            }

            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(addresses, tcp.Port, cancellationToken);
            return ProbeOutcome.Ok($"connected to {socket.RemoteEndPoint}");
        }
        catch (SocketException e)
        {
            return SocketFailures.Outcome(e);
        }
    }
}
