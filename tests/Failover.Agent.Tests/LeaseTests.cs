using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Failover.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace Failover.Agent.Tests;

public sealed class LeaseTests(ITestOutputHelper output)
{
    /// <summary>The documented bound: a member whose lease ran out can no longer commit within this time.</summary>
    private static readonly TimeSpan FenceBound = TimeSpan.FromMilliseconds(600);

    [Fact]
    public async Task Start_FormerPrimary_CannotCommitUntilAPrimaryLeaseArrives()
    {
        await using var agent = await AgentUnderTest.CreateAsync();
        await agent.StartAsync();

        (await agent.TryCommitAsync()).Should().BeOfType<PostgresException>().Which.SqlState.Should().Be("25006", "a fenced member runs in recovery: read-only");
        var status = await agent.StatusAsync();
        status.Fenced.Should().BeTrue();
        status.ServerRunning.Should().BeTrue();
        status.Member.Role.Should().Be(Core.Replication.DatabaseRole.Standby);
        status.Fences.Should().ContainSingle(f => f.Reason == "started-fenced");

        (await agent.GrantAsync(1, primary: true, TimeSpan.FromSeconds(30))).StatusCode.Should().Be(HttpStatusCode.OK);

        (await agent.TryCommitAsync()).Should().BeNull("a primary lease unfences the member");
        status = await agent.StatusAsync();
        status.Fenced.Should().BeFalse();
        status.Member.Role.Should().Be(Core.Replication.DatabaseRole.Primary);
        status.Lease!.Primary.Should().BeTrue();
        status.Lease.Remaining.Should().BeGreaterThan(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task LeaseExpiry_PrimaryCannotCommitWithinTheBound()
    {
        await using var agent = await AgentUnderTest.CreateAsync();
        await agent.StartAsync();
        var ttl = TimeSpan.FromSeconds(2);
        var granted = Stopwatch.StartNew(); // started before the agent receives the grant: the expiry it sees is no earlier
        (await agent.GrantAsync(1, primary: true, ttl)).EnsureSuccessStatusCode();

        await using var session = new NpgsqlConnection(agent.Member.ConnectionString("postgres"));
        await session.OpenAsync();
        await using (var create = new NpgsqlCommand("CREATE TABLE beats (at bigint)", session))
        {
            await create.ExecuteNonQueryAsync();
        }

        TimeSpan? lastCommit = null;
        Exception? failure = null;
        while (granted.Elapsed < ttl + TimeSpan.FromSeconds(5))
        {
            try
            {
                await using var insert = new NpgsqlCommand("INSERT INTO beats VALUES (1)", session);
                await insert.ExecuteNonQueryAsync();
                lastCommit = granted.Elapsed;
            }
            catch (Exception e) when (e is NpgsqlException or IOException)
            {
                failure = e;
                break;
            }
        }

        failure.Should().NotBeNull("the agent must fence the primary once its lease ran out");
        lastCommit.Should().NotBeNull();
        var afterExpiry = lastCommit!.Value - ttl;
        output.WriteLine($"last acknowledged commit {afterExpiry.TotalMilliseconds:0} ms after the lease expired (bound {FenceBound.TotalMilliseconds:0} ms)");
        afterExpiry.Should().BeLessThan(FenceBound);

        await PostgresInstance.WaitUntilAsync(
            async () => await agent.StatusAsync() is { Member.Role: Core.Replication.DatabaseRole.Standby } fenced && fenced.Fences.Any(f => f.Reason == "lease-expired"),
            TimeSpan.FromSeconds(30),
            "the fenced member to run again as a standby, its fence journaled");
        (await agent.TryCommitAsync()).Should().BeOfType<PostgresException>().Which.SqlState.Should().Be("25006", "it comes back as a standby");
        var status = await agent.StatusAsync();
        status.Fenced.Should().BeTrue();
        status.Lease.Should().BeNull();
        var fence = status.Fences.Should().ContainSingle(f => f.Reason == "lease-expired").Subject;
        output.WriteLine($"postmaster down {fence.Took.TotalMilliseconds:0} ms after the fence began; {fence.Detail}");
        fence.Took.Should().BeLessThan(FenceBound);
        fence.Epoch.Should().Be(new Core.Epoch(1));
    }

    [Fact]
    public async Task Standby_PromotedWithoutAPrimaryLease_IsFenced()
    {
        await using var agent = await AgentUnderTest.CreateForStandbyAsync();
        await agent.StartAsync();
        var status = await agent.StatusAsync();
        status.Fenced.Should().BeFalse("a real standby is not fenced");
        status.Member.Role.Should().Be(Core.Replication.DatabaseRole.Standby);
        (await agent.GrantAsync(2, primary: false, TimeSpan.FromSeconds(30))).EnsureSuccessStatusCode();

        // Someone promotes it behind the control plane's back (without waiting: the fence may end this very session).
        await agent.Member.ExecuteAsync("SELECT pg_promote(wait => false)", "postgres");

        await PostgresInstance.WaitUntilAsync(
            async () => (await agent.StatusAsync(2)).Fences.Any(f => f.Reason == "no-primary-lease"), TimeSpan.FromSeconds(30), "the promoted standby to be fenced");
        await PostgresInstance.WaitUntilAsync(
            async () => (await agent.StatusAsync(2)).Member.Role == Core.Replication.DatabaseRole.Standby, TimeSpan.FromSeconds(30), "the fenced member to run as a standby");
        (await agent.TryCommitAsync()).Should().BeOfType<PostgresException>().Which.SqlState.Should().Be("25006");
        (await agent.StatusAsync(2)).Fenced.Should().BeTrue();
    }

    [Fact]
    public async Task Lease_StaleEpoch_IsRefusedWithAProblemAndChangesNothing()
    {
        await using var agent = await AgentUnderTest.CreateAsync();
        await agent.StartAsync();
        (await agent.GrantAsync(5, primary: false, TimeSpan.FromSeconds(30))).EnsureSuccessStatusCode();

        var stale = await agent.GrantAsync(4, primary: true, TimeSpan.FromSeconds(30));

        stale.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var problem = await AgentUnderTest.ProblemAsync(stale);
        problem.GetProperty("title").GetString().Should().Be("stale epoch");
        problem.GetProperty("detail").GetString().Should().Contain("4").And.Contain("5");
        problem.GetProperty("type").GetString().Should().NotBeNullOrEmpty();
        var status = await agent.StatusAsync(5);
        status.HighestEpoch.Should().Be(new Core.Epoch(5));
        status.Lease!.Epoch.Should().Be(new Core.Epoch(5));
        status.Lease.Primary.Should().BeFalse();
        status.Fenced.Should().BeTrue("the stale primary grant must not unfence");
        (await agent.TryCommitAsync()).Should().NotBeNull();
        (await agent.Http.GetAsync(new Uri("/v1/status?epoch=4", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task PrimaryGrant_ForALaterEpochThanTheFence_IsRefusedAndChangesNothing()
    {
        await using var agent = await AgentUnderTest.CreateAsync();
        await agent.StartAsync();
        (await agent.GrantAsync(3, primary: true, TimeSpan.FromSeconds(30))).EnsureSuccessStatusCode();
        (await agent.Http.PostAsJsonAsync("/v1/fence", new { epoch = 3, reason = "site isolated" })).EnsureSuccessStatusCode();

        var later = await agent.GrantAsync(4, primary: true, TimeSpan.FromSeconds(30));

        later.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, "another member may have been promoted under epoch 4");
        (await AgentUnderTest.ProblemAsync(later)).GetProperty("detail").GetString().Should().Contain("fenced under epoch 3");
        var status = await agent.StatusAsync(3);
        status.Fenced.Should().BeTrue();
        status.HighestEpoch.Should().Be(new Core.Epoch(3), "a refused call changes nothing");
        (await agent.TryCommitAsync()).Should().NotBeNull();

        (await agent.GrantAsync(3, primary: true, TimeSpan.FromSeconds(30))).EnsureSuccessStatusCode();
        (await agent.TryCommitAsync()).Should().BeNull("the epoch it was fenced under may unfence it");
    }

    [Fact]
    public async Task HighestEpoch_SurvivesAnAgentRestart()
    {
        await using var agent = await AgentUnderTest.CreateAsync();
        await agent.StartAsync();
        (await agent.GrantAsync(7, primary: false, TimeSpan.FromSeconds(30))).EnsureSuccessStatusCode();
        await agent.StopAsync();

        await agent.StartAsync();

        (await agent.GrantAsync(6, primary: true, TimeSpan.FromSeconds(30))).StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await agent.StatusAsync(7)).HighestEpoch.Should().Be(new Core.Epoch(7));
    }

    [Theory]
    [InlineData("{\"epoch\": \"x\", \"ttlMs\": 1000, \"primary\": true, \"holder\": \"h\"}", "epoch")]
    [InlineData("{\"epoch\": 1, \"primary\": true, \"holder\": \"h\"}", "ttlMs")]
    [InlineData("{\"epoch\": 1, \"ttlMs\": 1000, \"primary\": \"yes\", \"holder\": \"h\"}", "primary")]
    [InlineData("{\"epoch\": 1, \"ttlMs\": 1000, \"primary\": true}", "holder")]
    [InlineData("not json", "body")]
    [InlineData("[1]", "body")]
    public async Task Lease_MalformedBody_IsA400NamingTheField(string body, string field)
    {
        await using var agent = await AgentUnderTest.CreateAsync();
        await agent.StartAsync();

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var response = await agent.Http.PutAsync(new Uri("/v1/lease", UriKind.Relative), content);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await AgentUnderTest.ProblemAsync(response)).GetProperty("detail").GetString().Should().StartWith(field);
        (await agent.StatusAsync()).HighestEpoch.Should().BeNull("a refused call changes nothing");
    }

    [Fact]
    public async Task Fence_IsJournaledReportedAndStopsTheApplication()
    {
        using var scratch = new TemporaryDirectory();
        var stopped = scratch.PathOf("app-stopped");
        await using var agent = await AgentUnderTest.CreateAsync(appStopCommand: $"echo \"$FAILOVER_SERVICE $FAILOVER_SITE $FAILOVER_EPOCH $FAILOVER_FENCE_REASON\" > '{stopped}'");
        await agent.StartAsync();
        (await agent.GrantAsync(3, primary: true, TimeSpan.FromSeconds(30))).EnsureSuccessStatusCode();
        (await agent.TryCommitAsync()).Should().BeNull();

        var response = await agent.Http.PostAsJsonAsync("/v1/fence", new { epoch = 3, reason = "drill of the fence" });

        response.EnsureSuccessStatusCode();
        (await agent.TryCommitAsync()).Should().NotBeNull("a fenced member cannot commit");
        File.Exists(stopped).Should().BeTrue("the application stop command runs at every fence");
        File.ReadAllText(stopped).Trim().Should().MatchRegex("^ent-test \\S+ 3 requested$", "the command learns the service, site, epoch and reason from its environment");
        var status = await agent.StatusAsync(3);
        status.Fenced.Should().BeTrue();
        status.Lease.Should().BeNull();
        var fence = status.Fences.Should().ContainSingle(f => f.Reason == "requested").Subject;
        fence.Detail.Should().Contain("drill of the fence").And.Contain("application stop command succeeded");
        fence.Epoch.Should().Be(new Core.Epoch(3));
        File.ReadAllLines(Path.Combine(agent.State.Path, "journal.jsonl")).Should().Contain(l => l.Contains("\"requested\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FencedByARequest_ThenGrantedThePrimaryLeaseOfTheSameEpoch_CommitsAgainAndStartsTheApplication()
    {
        using var scratch = new TemporaryDirectory();
        var started = scratch.PathOf("app-started");
        await using var agent = await AgentUnderTest.CreateAsync(appStartCommand: $"echo \"$FAILOVER_SERVICE $FAILOVER_EPOCH $FAILOVER_REASON\" >> '{started}'");
        await agent.StartAsync();
        (await agent.GrantAsync(3, primary: true, TimeSpan.FromSeconds(30))).EnsureSuccessStatusCode();
        File.ReadAllText(started).Trim().Should().Be("ent-test 3 unfenced", "the first grant lifts the fence the agent started under");
        (await agent.Http.PostAsJsonAsync("/v1/fence", new { epoch = 3, reason = "a false suspicion" })).EnsureSuccessStatusCode();
        (await agent.TryCommitAsync()).Should().NotBeNull("a fenced member cannot commit");

        (await agent.GrantAsync(3, primary: true, TimeSpan.FromSeconds(30))).EnsureSuccessStatusCode();

        (await agent.TryCommitAsync()).Should().BeNull("a lease of the epoch it was fenced under lifts the fence: nobody was promoted meanwhile");
        File.ReadAllLines(started).Should().Equal(["ent-test 3 unfenced", "ent-test 3 unfenced"], "the application is started again with each unfence");
        (await agent.StatusAsync(3)).Fences.Where(f => f.Reason == "unfenced").Should().HaveCount(2)
            .And.AllSatisfy(f => f.Detail.Should().Contain("application start command succeeded"));
    }
}
