using System.Text.Json;
using Failover.Cli.Commands.Operations;
using Spectre.Console.Testing;

namespace Failover.Cli.Tests.Commands.Operations;

/// <summary>The status tables show each agent-covered member's lease as the control plane's ledger bounds it.</summary>
public sealed class StatusTablesTests
{
    [Fact]
    public void Services_MemberWithALease_ShowsItsBoundGrantAgeAndAgentAnswer()
    {
        using var status = JsonDocument.Parse("""
            {
              "services": [{
                "id": "ent-1", "primary": "ovh-sbg", "epoch": 2, "dnsName": "ent.example.", "router": "edge", "trafficTarget": "ovh-sbg",
                "members": [
                  { "site": "ovh-sbg", "reachable": true, "role": "primary", "fenced": false,
                    "lease": { "lastGrantAgeSeconds": 0.4, "remainingSeconds": 3.6, "agentAnswered": true, "agentFenced": false } },
                  { "site": "ovh-rbx", "reachable": false, "role": "unknown", "fenced": false,
                    "lease": { "lastGrantAgeSeconds": 9.0, "remainingSeconds": 0, "agentAnswered": false, "agentProblem": "Unreachable: no route" } },
                  { "site": "scw-par", "reachable": true, "role": "standby", "fenced": false }
                ]
              }]
            }
            """);
        var console = new TestConsole().Width(400);

        console.Write(StatusTables.Services(status.RootElement));

        console.Output.Should().Contain("lease ≤ 3.6 s, granted 0.4 s ago, agent ok");
        console.Output.Should().Contain("lease run out, granted 9.0 s ago, agent Unreachable: no route");
        console.Output.Split('\n').Single(l => l.Contains("scw-par", StringComparison.Ordinal)).Should().NotContain("lease", "scw-par runs no agent");
    }
}
