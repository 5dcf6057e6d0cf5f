using Failover.Testing;

namespace Failover.Traffic.Tests.PowerDns;

/// <summary>One PowerDNS server per test class; each test uses its own names in the zone.</summary>
public sealed class PowerDnsFixture : IAsyncLifetime
{
    public const string Zone = "example.test";

    private PowerDnsServer? _server;

    public PowerDnsServer Server => _server ?? throw new InvalidOperationException("fixture not started");

    public async Task InitializeAsync() => _server = await PowerDnsServer.StartAsync(Zone, [("seeded", "A", 120, "192.0.2.10")], secondaries: 1);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
