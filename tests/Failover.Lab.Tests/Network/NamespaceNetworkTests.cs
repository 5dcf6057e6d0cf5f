using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Failover.Lab.Network;
using Failover.Testing;

namespace Failover.Lab.Tests.Network;

/// <summary>
/// Real namespaces on a real bridge, with names and a subnet of their own (flabt0, flabt-a, flabt-b, 10.213.9.0/24)
/// so they never meet a running lab: a partition is a black hole — a connect neither succeeds nor fails fast (no
/// reset, no "unreachable"), it waits for its own timeout — and heal gives the link back. Needs root.
/// </summary>
public sealed class NamespaceNetworkTests : IAsyncLifetime
{
    private static readonly NamespaceTopology Topology = new("flabt0", "flabt", "10.213.9", 0x09);
    private static readonly NamespaceMember A = new("a", 1);
    private static readonly NamespaceMember B = new("b", 2);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(3);

    private readonly NamespaceNetwork _network = new(Topology, [A, B]);
    private readonly CancellationTokenSource _stop = new();
    private TcpListener? _echo;

    private IPEndPoint EchoAtB => new(Topology.Address(B), ((IPEndPoint)_echo!.LocalEndpoint).Port);

    public async Task InitializeAsync()
    {
        Environment.UserName.Should().Be("root", "network namespaces need root; these tests do not skip");
        await _network.CreateAsync(CancellationToken.None);

        // Created inside flabt-b, the listener's socket lives there wherever it is used from.
        _echo = await NetworkNamespace.RunAsync(Topology.Namespace(B), () =>
        {
            var listener = new TcpListener(Topology.Address(B), 0);
            listener.Start();
            return listener;
        });
        _ = EchoAsync(_echo);
    }

    [Fact]
    public async Task Connected_TheHostAndTheOtherNamespaceReachTheMember()
    {
        _network.IsLinkUp(B).Should().BeTrue();

        using var fromHost = await ConnectAsync(null);
        (await RoundTripAsync(fromHost, "bonjour")).Should().Be("bonjour");
        using var fromA = await ConnectAsync(Topology.Namespace(A));
        (await RoundTripAsync(fromA, "salut")).Should().Be("salut");
    }

    [Fact]
    public async Task Partition_IsABlackHole_ConnectsWaitForTheirOwnTimeout_OpenConnectionsGoSilent_HealRestoresIt()
    {
        using var open = await ConnectAsync(null);
        (await RoundTripAsync(open, "avant")).Should().Be("avant");

        await _network.PartitionAsync(B, CancellationToken.None);

        _network.IsLinkUp(B).Should().BeFalse();
        foreach (var from in new[] { null, Topology.Namespace(A) })
        {
            var (outcome, elapsed) = await TryConnectAsync(from);
            outcome.Should().Be("timed out", $"a cut link drops the SYN from {from ?? "the host"}: no reset, no unreachable");
            elapsed.Should().BeGreaterThanOrEqualTo(ConnectTimeout - TimeSpan.FromMilliseconds(100), "it did not fail fast");
        }

        var stream = open.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes("pendant"));
        using (var silence = new CancellationTokenSource(TimeSpan.FromSeconds(1)))
        {
            var read = async () => await stream.ReadAsync(new byte[16], silence.Token);
            await read.Should().ThrowAsync<OperationCanceledException>("the open connection is not reset: its packets vanish");
        }

        await _network.HealAsync(B, CancellationToken.None);

        _network.IsLinkUp(B).Should().BeTrue();
        var buffer = new byte["pendant".Length];
        using (var back = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await stream.ReadExactlyAsync(buffer, back.Token);
        }

        Encoding.UTF8.GetString(buffer).Should().Be("pendant", "TCP retransmits what the cut held back once the link is back");
        using var fresh = await ConnectAsync(Topology.Namespace(A));
        (await RoundTripAsync(fresh, "après")).Should().Be("après");
    }

    [Fact]
    public async Task Remove_LeavesNothing_AndIsIdempotent()
    {
        _network.Exists().Should().BeTrue();

        await _network.RemoveAsync(CancellationToken.None);
        await _network.RemoveAsync(CancellationToken.None);

        _network.Exists().Should().BeFalse();
        File.Exists(Path.Combine("/var/run/netns", Topology.Namespace(A))).Should().BeFalse();
        Directory.Exists(Path.Combine("/etc/netns", Topology.Namespace(A))).Should().BeFalse();
        Directory.Exists(Path.Combine("/sys/class/net", Topology.Bridge)).Should().BeFalse();
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        _echo?.Stop();
        await _network.RemoveAsync(CancellationToken.None);
        _stop.Dispose();
    }

    /// <summary>A connection to B's echo from a socket made in <paramref name="from"/> (null: the host).</summary>
    private async Task<TcpClient> ConnectAsync(string? from)
    {
        var client = await NetworkNamespace.RunAsync(from, () => new TcpClient(AddressFamily.InterNetwork));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.ConnectAsync(EchoAtB, timeout.Token);
        return client;
    }

    private async Task<(string Outcome, TimeSpan Elapsed)> TryConnectAsync(string? from)
    {
        using var client = await NetworkNamespace.RunAsync(from, () => new TcpClient(AddressFamily.InterNetwork));
        using var timeout = new CancellationTokenSource(ConnectTimeout);
        var clock = Stopwatch.StartNew();
        try
        {
            await client.ConnectAsync(EchoAtB, timeout.Token);
            return ("connected", clock.Elapsed);
        }
        catch (OperationCanceledException)
        {
            return ("timed out", clock.Elapsed);
        }
        catch (SocketException e)
        {
            return ($"failed: {e.SocketErrorCode}", clock.Elapsed);
        }
    }

    private static async Task<string> RoundTripAsync(TcpClient client, string text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var stream = client.GetStream();
        var bytes = Encoding.UTF8.GetBytes(text);
        await stream.WriteAsync(bytes, timeout.Token);
        var buffer = new byte[bytes.Length];
        await stream.ReadExactlyAsync(buffer, timeout.Token);
        return Encoding.UTF8.GetString(buffer);
    }

    private async Task EchoAsync(TcpListener listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        await client.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
                    }
                    catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
                    {
                        // Test over.
                    }
                }
            });
        }
    }
}
