using Failover.Testing;

namespace Failover.Traffic.Tests.Rfc2136;

/// <summary>One BIND server per test class; each test uses its own names in the zone.</summary>
public sealed class BindFixture : IAsyncLifetime
{
    public const string Zone = "example.test";

    private BindServer? _server;

    public BindServer Server => _server ?? throw new InvalidOperationException("fixture not started");

    public async Task InitializeAsync() => _server = await BindServer.StartAsync(Zone, ["seeded 120 IN A 192.0.2.10"], secondaries: 1);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
