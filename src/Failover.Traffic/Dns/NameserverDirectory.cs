using System.Net;
using DnsClient;
using Failover.Core.Topology;

namespace Failover.Traffic.Dns;

/// <summary>
/// The authoritative servers to verify a zone against: the router's configured list when it has one, else the zone's
/// NS records as the system resolver sees them (port 53).
/// </summary>
internal sealed class NameserverDirectory
{
    private readonly IReadOnlyList<HostEndpoint> _configured;
    private readonly string _zone;
    private readonly TrafficOptions _options;

    public NameserverDirectory(IReadOnlyList<HostEndpoint> configured, string zone, TrafficOptions options)
    {
        _configured = configured;
        _zone = zone;
        _options = options;
    }

    public async Task<BackendResult<IReadOnlyList<IPEndPoint>>> ResolveAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            var hosts = _configured.Count > 0 ? _configured : await FromNsRecordsAsync(timeout.Token);
            if (hosts.Count == 0)
            {
                return BackendResult<IReadOnlyList<IPEndPoint>>.Fail(
                    $"no authoritative server known for zone {_zone}: list Nameservers in the router or publish NS records");
            }

            var endpoints = new List<IPEndPoint>();
            foreach (var host in hosts)
            {
                var addresses = IPAddress.TryParse(host.Host, out var literal) ? [literal] : await System.Net.Dns.GetHostAddressesAsync(host.Host, timeout.Token);
                if (addresses.Length == 0)
                {
                    return BackendResult<IReadOnlyList<IPEndPoint>>.Fail($"nameserver {host} of zone {_zone} has no address");
                }

                endpoints.AddRange(addresses.Select(a => new IPEndPoint(a, host.Port)));
            }

            return BackendResult<IReadOnlyList<IPEndPoint>>.Ok(endpoints.Distinct().ToList());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return BackendResult<IReadOnlyList<IPEndPoint>>.Fail($"resolving the nameservers of zone {_zone} took longer than {_options.RequestTimeout}");
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or DnsResponseException)
        {
            return BackendResult<IReadOnlyList<IPEndPoint>>.Fail($"cannot resolve the nameservers of zone {_zone}: {ex.Message}");
        }
    }

    private async Task<IReadOnlyList<HostEndpoint>> FromNsRecordsAsync(CancellationToken cancellationToken)
    {
        var client = new LookupClient(new LookupClientOptions { UseCache = false, Timeout = _options.DnsQueryTimeout, ThrowDnsErrors = false });
        var response = await client.QueryAsync(_zone, QueryType.NS, QueryClass.IN, cancellationToken);
        return response.Answers.NsRecords().Select(ns => new HostEndpoint(ns.NSDName.Value.TrimEnd('.'), 53)).ToList();
    }
}
