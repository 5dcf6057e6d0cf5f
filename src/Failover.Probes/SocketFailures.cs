using System.Net.Sockets;
using Failover.Core.Health;

namespace Failover.Probes;

/// <summary>Maps socket errors to probe failure reasons, the same way for every probe.</summary>
internal static class SocketFailures
{
    public static (ProbeFailureReason Reason, string Detail) Classify(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => (ProbeFailureReason.Refused, "connection refused"),
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => (ProbeFailureReason.Dns, $"name resolution failed ({e.SocketErrorCode})"),
        SocketError.TimedOut => (ProbeFailureReason.Timeout, "connect timed out"),
        SocketError.ConnectionReset or SocketError.ConnectionAborted => (ProbeFailureReason.Refused, $"connection {(e.SocketErrorCode == SocketError.ConnectionReset ? "reset" : "aborted")}"),
        _ => (ProbeFailureReason.Unavailable, $"socket error {e.SocketErrorCode}"),
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
