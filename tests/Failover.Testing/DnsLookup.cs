using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace Failover.Testing;

/// <summary>Reads records straight from one authoritative server with DnsClient, as a test's independent witness.</summary>
public sealed class DnsLookup
{
    private readonly LookupClient _client;

    public DnsLookup(IPEndPoint server) => _client = new LookupClient(new LookupClientOptions(new NameServer(server))
    {
        UseCache = false,
        Recursion = false,
        Retries = 1,
        Timeout = TimeSpan.FromSeconds(2),
        ThrowDnsErrors = false,
    });

    public async Task<IReadOnlyList<IPAddress>> AddressesAsync(string name)
    {
        var v4 = await _client.QueryAsync(name, QueryType.A);
        var v6 = await _client.QueryAsync(name, QueryType.AAAA);
        return [.. v4.Answers.ARecords().Select(r => r.Address), .. v6.Answers.AaaaRecords().Select(r => r.Address)];
    }

    public async Task<int?> TtlAsync(string name) =>
        (await _client.QueryAsync(name, QueryType.A)).Answers.ARecords().Select(r => (int?)r.InitialTimeToLive).FirstOrDefault();

    public async Task<string?> TextAsync(string name) =>
        (await _client.QueryAsync(name, QueryType.TXT)).Answers.TxtRecords().Select(r => string.Concat(r.Text)).FirstOrDefault();

    public async Task<uint?> SerialAsync(string zone) =>
        (await _client.QueryAsync(zone, QueryType.SOA)).Answers.OfType<SoaRecord>().Select(r => (uint?)r.Serial).FirstOrDefault();
}
