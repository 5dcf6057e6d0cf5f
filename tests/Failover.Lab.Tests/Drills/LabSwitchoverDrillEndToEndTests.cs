using Xunit.Abstractions;

namespace Failover.Lab.Tests.Drills;

/// <summary>
/// The whole lab (`failover lab up`: three sites, demo applications, edge, control plane) and the operator's command:
/// `failover drill run ent-grand-est --kind switchover` inside the lab's always-open window, with the lab's writer
/// creating homework through the edge. The lab uses its fixed ports, so this runs one at a time with the other lab tests.
/// </summary>
[Collection(LabPorts.Name)]
public sealed class LabSwitchoverDrillEndToEndTests(ITestOutputHelper transcript)
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task DrillRun_Switchover_PassesThroughTheCliAndTheServiceEndsOnItsPrimary()
    {
        await using var shell = new LabShell();
        const string Script = """
            set -euo pipefail
            failover lab up --detach
            eval "$(failover lab env)"
            failover drill run ent-grand-est --kind switchover --reason "e2e drill"
            id=$(failover drill history --output json | grep -o '"drillId":"drill-[^"]*' | head -1 | cut -d'"' -f4)
            failover drill show "$id" --format html --out report.html
            grep -c 'drill-verify-commits' report.html
            failover status
            """;
        var (exit, output) = await shell.RunAsync(Script, Bound);
        transcript.WriteLine(output);

        exit.Should().Be(0, output);
        output.Should().Contain("PASSED").And.Contain("drill-failback").And.Contain("drill-verify-commits");
        File.ReadAllText(Path.Combine(shell.WorkingDirectory, "report.html")).Should().Contain("<html");
    }
}
