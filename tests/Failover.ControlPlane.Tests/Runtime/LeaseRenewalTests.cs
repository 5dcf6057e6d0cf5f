using System.Net.Http.Json;
using System.Text.Json;
using Failover.Core;
using Failover.Testing;

namespace Failover.ControlPlane.Tests.Runtime;

/// <summary>The control loop renews the primary's lease through the composed site agents on its own timer, and status shows it.</summary>
public sealed class LeaseRenewalTests
{
    [Fact]
    public async Task ControlPlane_WithAnAgentAtThePrimarysSite_RenewsItsLeaseAndShowsItInStatus()
    {
        var agents = new ScriptedSiteAgents();
        agents.Covered.Add("site-a");
        var server = new ControlPlaneServer { Agents = agents };
        try
        {
            await server.InitializeAsync();

            await Wait.UntilAsync(
                () => Task.FromResult(agents.Grants.Count(g => g.Member.SiteId == "site-a") >= 3), TimeSpan.FromSeconds(30), "three lease renewals of site-a",
                () => $"{agents.Grants.Count} grants");

            var grants = agents.Grants.ToList();
            grants.Should().OnlyContain(g => g.Member.SiteId == "site-a" && g.Grant.Primary && g.Grant.Epoch == Epoch.Initial && g.Grant.Ttl == TimeSpan.FromSeconds(3),
                "only the journaled primary's agent is granted, at the service's epoch, with the policy's TTL");
            JsonElement member = default;
            await Wait.UntilAsync(
                async () =>
                {
                    using var client = server.Client(ControlPlaneServer.ViewerToken);
                    var status = await client.GetFromJsonAsync<JsonElement>("/api/v1/status");
                    member = status.GetProperty("services")[0].GetProperty("members").EnumerateArray().Single(m => m.GetProperty("site").GetString() == "site-a");
                    return member.TryGetProperty("lease", out _);
                },
                TimeSpan.FromSeconds(10), "site-a's lease in the status", () => member.ToString());
            var lease = member.GetProperty("lease");
            lease.GetProperty("agentAnswered").GetBoolean().Should().BeTrue();
            lease.GetProperty("remainingSeconds").GetDouble().Should().BeGreaterThan(0).And.BeLessThanOrEqualTo(4);
            lease.GetProperty("lastGrantAgeSeconds").GetDouble().Should().BeLessThan(4);

            using var viewer = server.Client(ControlPlaneServer.ViewerToken);
            var again = await viewer.GetFromJsonAsync<JsonElement>("/api/v1/status");
            again.GetProperty("services")[0].GetProperty("members").EnumerateArray().Single(m => m.GetProperty("site").GetString() == "site-b")
                .TryGetProperty("lease", out _).Should().BeFalse("site-b runs no agent");
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
