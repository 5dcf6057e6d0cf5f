using Failover.Core.Health;
using Failover.Core.Replication;
using Failover.Core.Topology;
using Failover.Postgres;
using Failover.Testing;

namespace Failover.Probes.Tests;

/// <summary>A real PostgreSQL 15 primary and streaming standby (the shared fixture in Failover.Testing), shared by the class.</summary>
public sealed class PostgresPair : IAsyncLifetime
{
    public PostgresCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await PostgresCluster.StartAsync(standbys: 1);

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }
}

[Collection(EndpointsGroup.Name)]
public sealed class PostgresProbeTests(PostgresPair pg, TestEndpoints endpoints) : IClassFixture<PostgresPair>
{
    private readonly PostgresProbe _probe = new(new EnvironmentAndFileSecretResolver());

    [Theory]
    [InlineData(false, null, ProbeFailureReason.None, "role=primary")]
    [InlineData(false, DatabaseRole.Primary, ProbeFailureReason.None, "role=primary")]
    [InlineData(false, DatabaseRole.Standby, ProbeFailureReason.Role, "is primary, expected standby")]
    [InlineData(true, null, ProbeFailureReason.None, "role=standby")]
    [InlineData(true, DatabaseRole.Standby, ProbeFailureReason.None, "role=standby")]
    [InlineData(true, DatabaseRole.Primary, ProbeFailureReason.Role, "is standby, expected primary")]
    public async Task Probe_PrimaryAndStandby_ReportRoleAgainstExpectation(bool standby, DatabaseRole? expected, ProbeFailureReason reason, string detail)
    {
        var instance = standby ? pg.Cluster.Standbys[0] : pg.Cluster.Primary;

        var result = await _probe.RunAsync(Target(pg.Cluster.Member(instance), expected), TimeProvider.System, CancellationToken.None);

        result.Reason.Should().Be(reason, because: result.Detail);
        result.Detail.Should().Be(detail);
    }

    [Fact]
    public async Task Probe_WrongPassword_IsAuthAndNeverShowsThePassword()
    {
        var file = Path.Combine(pg.Cluster.RootDirectory, "wrong.secret");
        await File.WriteAllTextAsync(file, "not-the-password");
        var member = pg.Cluster.Member(pg.Cluster.Primary) with { Password = new SecretReference(SecretSource.File, file) };

        var result = await _probe.RunAsync(Target(member, null), TimeProvider.System, CancellationToken.None);

        result.Reason.Should().Be(ProbeFailureReason.Auth, because: result.Detail);
        result.Detail.Should().NotContain("not-the-password").And.NotContain(pg.Cluster.SuperuserPassword);
    }

    [Fact]
    public async Task Probe_PasswordSecretMissing_IsAuthNamingTheReference()
    {
        var member = pg.Cluster.Member(pg.Cluster.Primary) with { Password = new SecretReference(SecretSource.Environment, "FAILOVER_TEST_UNSET_PASSWORD") };

        var result = await _probe.RunAsync(Target(member, null), TimeProvider.System, CancellationToken.None);

        result.Reason.Should().Be(ProbeFailureReason.Auth);
        result.Detail.Should().Contain("env:FAILOVER_TEST_UNSET_PASSWORD");
    }

    [Fact]
    public async Task Probe_ClosedPort_IsRefused()
    {
        var member = pg.Cluster.Member(pg.Cluster.Primary) with { Endpoint = new HostEndpoint("127.0.0.1", endpoints.ClosedPort) };

        var result = await _probe.RunAsync(Target(member, null), TimeProvider.System, CancellationToken.None);

        result.Reason.Should().Be(ProbeFailureReason.Refused, because: result.Detail);
    }

    [Fact]
    public async Task Probe_PortThatNeverAnswers_TimesOutWithinItsOwnTimeout()
    {
        var member = pg.Cluster.Member(pg.Cluster.Primary) with { Endpoint = new HostEndpoint("127.0.0.1", endpoints.SilentPort) };

        var result = await _probe.RunAsync(Target(member, null, TimeSpan.FromMilliseconds(400)), TimeProvider.System, CancellationToken.None);

        result.Reason.Should().Be(ProbeFailureReason.Timeout, because: result.Detail);
        result.Latency.Should().BeLessThan(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Probe_UnknownDatabase_IsAnErrorResultNotAnException()
    {
        var member = pg.Cluster.Member(pg.Cluster.Primary) with { Database = "no_such_db" };

        var result = await _probe.RunAsync(Target(member, null), TimeProvider.System, CancellationToken.None);

        result.Reason.Should().Be(ProbeFailureReason.Error);
        result.Detail.Should().StartWith("3D000");
    }

    private static PostgresProbeTarget Target(DatabaseMember member, DatabaseRole? expected, TimeSpan? timeout = null) =>
        new($"ent@{member.SiteId}/pg", member.SiteId, TimeSpan.FromSeconds(1), timeout ?? TimeSpan.FromSeconds(3), member, expected);
}
