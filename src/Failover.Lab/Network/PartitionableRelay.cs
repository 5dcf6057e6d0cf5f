using System.Net;
using System.Net.Sockets;

namespace Failover.Lab.Network;

/// <summary>
/// A TCP relay from a loopback port to a site's real port. The lab routes everything the control plane and the edge
/// send to a site through one relay per site, so cutting the relay partitions the site from them while it keeps
/// running (its replication to other sites does not pass here). Used when the lab cannot make network namespaces.
/// </summary>
public sealed class PartitionableRelay : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<TcpClient> _open = [];
    private readonly Lock _gate = new();
    private volatile bool _partitioned;
    private Task? _accepting;

    public PartitionableRelay(IPEndPoint listen, IPEndPoint target)
    {
        _listener = new TcpListener(listen);
        _target = target;
    }

    public IPEndPoint LocalEndpoint => (IPEndPoint)_listener.LocalEndpoint;

    public bool IsPartitioned => _partitioned;

    public void Start()
    {
        _listener.Start();
        _accepting = AcceptLoopAsync(_stop.Token);
    }

    /// <summary>Drops every open connection and refuses new ones until <see cref="Heal"/>.</summary>
    public void Partition()
    {
        _partitioned = true;
        lock (_gate)
        {
            foreach (var client in _open)
            {
                client.Client.LingerState = new LingerOption(true, 0);
                client.Dispose();
            }

            _open.Clear();
        }
    }

    public void Heal() => _partitioned = false;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Partition();
        if (_accepting is not null)
        {
            await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (_partitioned)
            {
                // A partition looks like a dead network to the caller: the connection goes nowhere.
                inbound.Client.LingerState = new LingerOption(true, 0);
                inbound.Dispose();
                continue;
            }

            _ = PumpAsync(inbound, cancellationToken);
        }
    }

    private async Task PumpAsync(TcpClient inbound, CancellationToken cancellationToken)
    {
        using var outbound = new TcpClient();
        try
        {
            await outbound.ConnectAsync(_target, cancellationToken);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            inbound.Dispose();
            return;
        }

        lock (_gate)
        {
            _open.Add(inbound);
            _open.Add(outbound);
        }

        try
        {
            var a = inbound.GetStream();
            var b = outbound.GetStream();
            await Task.WhenAny(a.CopyToAsync(b, cancellationToken), b.CopyToAsync(a, cancellationToken));
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Either side closed or the relay was cut.
        }
        finally
        {
            lock (_gate)
            {
                _open.Remove(inbound);
                _open.Remove(outbound);
            }

            inbound.Dispose();
        }
    }
}
