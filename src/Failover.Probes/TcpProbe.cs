using System.Net;
using System.Net.Sockets;
using Failover.Core.Health;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Failover.Probes;

/// <summary>TCP connect probe: resolves (dns), connects (refused, timeout), closes. Never throws for a failure.</summary>
internal sealed partial class TcpProbe(TimeProvider time, ILogger<TcpProbe>? logger = null) : IProbe
{
    private readonly ILogger _logger = logger ?? NullLogger<TcpProbe>.Instance;

    public bool CanProbe(ProbeTarget target) => target is TcpProbeTarget;

    public async ValueTask<ProbeResult> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        var tcp = (TcpProbeTarget)target;
        var clock = ProbeClock.Start(time);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(target.Timeout);
        ProbeResult result;
        var phase = "resolve";
        try
        {
            var addresses = IPAddress.TryParse(tcp.Host, out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(tcp.Host, cts.Token);
            if (addresses.Length == 0)
            {
                result = clock.Fail(target, ProbeFailureReason.Dns, $"{tcp.Host} has no address");
            }
            else
            {
                phase = "connect";
                using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(addresses, tcp.Port, cts.Token);
                result = clock.Ok(target, $"connected to {socket.RemoteEndPoint}");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = clock.Fail(target, ProbeFailureReason.Timeout, $"{phase} did not finish within {target.Timeout.TotalMilliseconds:0} ms");
        }
        catch (SocketException e)
        {
            var (reason, detail) = SocketFailures.Classify(e);
            result = clock.Fail(target, reason, detail);
        }
#pragma warning disable CA1031 // Anything else is still a result, never an exception through the sweep.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            result = clock.Fail(target, ProbeFailureReason.Error, $"{e.GetType().Name}: {e.Message}");
        }

        if (!result.Succeeded)
        {
            Log.ProbeFailed(_logger, target.Id, result.Reason, result.Detail);
        }

        return result;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4411, Level = LogLevel.Debug, Message = "TCP probe {TargetId} failed: {Reason} {Detail}")]
        public static partial void ProbeFailed(ILogger logger, string targetId, ProbeFailureReason reason, string? detail);
    }
}
