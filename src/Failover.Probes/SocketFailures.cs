using System.Net.Sockets;
using Failover.Core.Health;

namespace Failover.Probes;

/// <summary>Maps socket errors to probe failure reasons, the same way for every probe.</summary>
internal static class SocketFailures
{
    public static ProbeOutcome Outcome(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => ProbeOutcome.Fail(ProbeFailureReason.Refused, "connection refused"),
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => ProbeOutcome.Fail(ProbeFailureReason.Dns, $"name resolution failed ({e.SocketErrorCode})"),
        SocketError.TimedOut => ProbeOutcome.Fail(ProbeFailureReason.Timeout, "connect timed out"),
        SocketError.ConnectionReset or SocketError.ConnectionAborted => ProbeOutcome.Fail(ProbeFailureReason.Refused, $"connection {(e.SocketErrorCode == SocketError.ConnectionReset ? "reset" : "aborted")}"),
        _ => ProbeOutcome.Fail(ProbeFailureReason.Unavailable, $"socket error {e.SocketErrorCode}"),
    };

    public static SocketException? Find(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is SocketException s)
            {
                return s;
            }
        }

        return null;
    }
}
