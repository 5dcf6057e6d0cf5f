using System.Net;
using System.Net.Sockets;
using System.Text;
using Failover.Lab.Network;

namespace Failover.Lab.Tests.Network;

public sealed class PartitionableRelayTests : IAsyncLifetime
{
    private readonly TcpListener _echo = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private PartitionableRelay _relay = null!;

    public Task InitializeAsync()
    {
        _echo.Start();
        _ = EchoAsync();
        _relay = new PartitionableRelay(new IPEndPoint(IPAddress.Loopback, 0), (IPEndPoint)_echo.LocalEndpoint);
        _relay.Start();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Relay_Healthy_CarriesBytesBothWays()
    {
        using var client = await ConnectAsync();

        (await RoundTripAsync(client, "bonjour")).Should().Be("bonjour");
    }

    [Fact]
    public async Task Partition_DropsOpenConnectionsAndRefusesNewTraffic_HealRestoresIt()
    {
        using var open = await ConnectAsync();
        (await RoundTripAsync(open, "avant")).Should().Be("avant");

        _relay.Partition();

        var broken = async () => await RoundTripAsync(open, "pendant");
        await broken.Should().ThrowAsync<Exception>("an open connection is cut by the partition");
        var refused = async () =>
        {
            using var fresh = await ConnectAsync();
            return await RoundTripAsync(fresh, "pendant");
        };
        await refused.Should().ThrowAsync<Exception>("a new connection goes nowhere while partitioned");

        _relay.Heal();

        using var healed = await ConnectAsync();
        (await RoundTripAsync(healed, "après")).Should().Be("après");
    }

    public async Task DisposeAsync()
    {
        await _relay.DisposeAsync();
        await _stop.CancelAsync();
        _echo.Stop();
        _stop.Dispose();
    }

    private async Task<TcpClient> ConnectAsync()
    {
        var client = new TcpClient();
        await client.ConnectAsync(_relay.LocalEndpoint);
        return client;
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

    private async Task EchoAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _echo.AcceptTcpClientAsync(_stop.Token);
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
