using System.Text.Json;
using Failover.Cli.Commands.Drill;
using Failover.Testing;
using Spectre.Console.Testing;

namespace Failover.Cli.Tests.Commands.Drill;

/// <summary>`failover drill run|history|show` against a real control plane (`failover serve`: no drill sandbox).</summary>
public sealed class DrillCommandTests(ControlPlaneServer server) : IClassFixture<ControlPlaneServer>, IDisposable
{
    private readonly TemporaryDirectory _files = new();
    private readonly TestConsole _console = new TestConsole().Width(400);

    [Fact]
    public void Run_WithoutASandbox_IsRefusedWithTheReason()
    {
        var exit = Run("drill", "run", ControlPlaneServer.ServiceId, "--token-file", Token(ControlPlaneServer.OperatorToken));

        exit.Should().NotBe(ExitCodes.Ok);
        _console.Output.Should().Contain("no drill sandbox");
    }

    [Fact]
    public void Run_SwitchoverOutsideAWindow_IsRefusedWithTheReason()
    {
        var exit = Run("drill", "run", ControlPlaneServer.ServiceId, "--kind", "switchover", "--token-file", Token(ControlPlaneServer.OperatorToken));

        exit.Should().NotBe(ExitCodes.Ok);
        _console.Output.Should().Contain("maintenance window");
    }

    [Fact]
    public void Run_UnknownKind_IsAUsageErrorNamingTheOption()
    {
        var exit = Run("drill", "run", ControlPlaneServer.ServiceId, "--kind", "chaos", "--token-file", Token(ControlPlaneServer.OperatorToken));

        exit.Should().NotBe(ExitCodes.Ok);
        _console.Output.Should().Contain("--kind must be isolated or switchover");
    }

    [Fact]
    public void History_Json_IsAList()
    {
        var exit = Run("drill", "history", "--output", "json", "--token-file", Token(ControlPlaneServer.ViewerToken));

        exit.Should().Be(ExitCodes.Ok, _console.Output);
        JsonDocument.Parse(_console.Output).RootElement.ValueKind.Should().Be(JsonValueKind.Array);
    }

    [Fact]
    public void Show_UnknownDrill_SaysSo()
    {
        var exit = Run("drill", "show", "op-999999-drill-nowhere", "--token-file", Token(ControlPlaneServer.ViewerToken));

        exit.Should().NotBe(ExitCodes.Ok);
        _console.Output.Should().Contain("no drill 'op-999999-drill-nowhere'");
    }

    public void Dispose() => _files.Dispose();

    private int Run(params string[] args) => FailoverApp.Run([.. args, "--api", server.BaseAddress.ToString()], _console);

    private string Token(string token) => _files.Write(Guid.NewGuid().ToString("N"), token + "\n");
}

/// <summary>The terminal rendering of a report as the API serializes it.</summary>
public sealed class DrillReportTextTests
{
    [Fact]
    public void Render_ApiJsonOfAReport_ShowsVerdictStepsAndReasons()
    {
        var t0 = new DateTimeOffset(2026, 3, 9, 2, 0, 0, TimeSpan.Zero);
        var report = new Drills.Reports.DrillReport(
            "op-000001-drill-ent-1", "ent-1", "ENT 1", Core.Topology.DrillKind.Isolated, "ovh-sbg", "ovh-rbx", "alice", t0, t0.AddSeconds(9),
            [
                new Drills.Reports.DrillStepTiming("drill-copy-standby", t0, TimeSpan.FromSeconds(4), true, "Done: copied"),
                new Drills.Reports.DrillStepTiming("drill-promote-copy", t0.AddSeconds(4), TimeSpan.FromSeconds(1), false, null),
            ],
            null, TimeSpan.FromMinutes(5), new Drills.Reports.DrillFreshness(1234, null), TimeSpan.FromMinutes(1), null, false,
            ["step drill-promote-copy failed: port in use"]);
        var json = JsonDocument.Parse(JsonSerializer.Serialize(report, Failover.ControlPlane.Api.ApiJson.Options)).RootElement;
        var console = new TestConsole().Width(300);

        DrillReportText.Render(console, json);

        console.Output.Should().Contain("FAILED").And.Contain("drill-promote-copy").And.Contain("1234 bytes behind").And.Contain("port in use").And.Contain("RTO -");
        console.Output.Should().NotContain("[red]", "the verdict is markup, not text");
    }
}
