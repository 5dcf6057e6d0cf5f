using System.Net;
using System.Net.Sockets;

namespace Failover.Testing;

/// <summary>Free loopback ports, found by binding port 0 (the OS picks), then released for the server to take.</summary>
public static class FreePort
{
    public static int Tcp()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A port free for both TCP and UDP, as a DNS server needs.</summary>
    public static int TcpAndUdp()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var tcp = new TcpListener(IPAddress.Loopback, 0);
            tcp.Start();
            var port = ((IPEndPoint)tcp.LocalEndpoint).Port;
            try
            {
                using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
                // Taken for UDP: try another.
            }
        }

        throw new InvalidOperationException("no loopback port free for both TCP and UDP after 50 attempts");
    }
}
