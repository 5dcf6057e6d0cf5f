using System.Net;
using Failover.Core.Topology;
using Failover.Core.Traffic;
using Failover.Testing;
using Failover.Traffic.Tests.Dns;
using Failover.Traffic.Tests.Infrastructure;

namespace Failover.Traffic.Tests.PowerDns;

/// <summary>
/// The RFC 2136 router against PowerDNS (dnsupdate=yes, TSIG-ALLOW-DNSUPDATE): the same contract as against BIND.
/// This is the way to get a prerequisite-checked (compare-and-swap) switch on PowerDNS, whose HTTP API has none.
/// PowerDNS 4.7 sends no NOTIFY after an RFC 2136 update: secondaries learn of it at the primary's next
/// xfr-cycle-interval (60 s by default, 1 s in this fixture).
/// </summary>
public sealed class PowerDnsRfc2136RouterTests : DnsRouterContractTests, IClassFixture<PowerDnsFixture>
{
    private readonly PowerDnsServer _server;

    public PowerDnsRfc2136RouterTests(PowerDnsFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        _server = fixture.Server;
        Router = Routers.Create(_server.Rfc2136Spec("pdns-rfc2136", TestSecrets.InEnvironment(_server.TsigSecret)));
    }

    protected override ITrafficRouter Router { get; }

    protected override DnsLookup Lookup => _server.Lookup;

    protected override string Zone => _server.Zone;

    protected override IReadOnlyList<IPEndPoint> Nameservers => _server.Nameservers;

    protected override string WrongCredentialsReason => $"refused the update of zone {_server.Zone} signed with key '{_server.TsigKeyName}' (REFUSED";

    protected override ITrafficRouter RouterWithExtraNameserver(HostEndpoint extra)
    {
        var spec = _server.Rfc2136Spec("pdns-rfc2136-extra-ns", TestSecrets.InEnvironment(_server.TsigSecret));
        return Routers.Create(spec with { Nameservers = [.. spec.Nameservers, extra] });
    }

    protected override ITrafficRouter RouterWithWrongCredentials(out string secretValue)
    {
        secretValue = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        return Routers.Create(_server.Rfc2136Spec("pdns-rfc2136-wrong", TestSecrets.InEnvironment(secretValue)));
    }
}
