using Failover.Testing;
using Spectre.Console.Testing;

namespace Failover.Cli.Tests.Commands.Operations;

public sealed class SwitchoverCommandTests(ControlPlaneServer server) : IClassFixture<ControlPlaneServer>, IDisposable
{
    private readonly string _token = Path.GetTempFileName();
    private readonly TestConsole _console = new TestConsole().Width(400);

    [Fact]
    public async Task Switchover_Yes_RunsAndShowsEachStepLiveThenSucceeds()
    {
        File.WriteAllText(_token, ControlPlaneServer.OperatorToken);
        await server.WaitUntilSwitchoverPossibleAsync();

        var exit = FailoverApp.Run(
            ["switchover", ControlPlaneServer.ServiceId, "--to", "site-b", "--yes", "--reason", "test", "--api", server.BaseAddress.ToString(), "--token-file", _token], _console);

        exit.Should().Be(ExitCodes.Ok, _console.Output);
        _console.Output.Should().Contain("StepSucceeded switchover-database").And.Contain("StepSucceeded switch-traffic").And.Contain("succeeded");
        (await server.Cluster.Standbys[0].ScalarAsync<bool>("SELECT pg_is_in_recovery()")).Should().BeFalse();
    }

    public void Dispose()
    {
        _console.Dispose();
        File.Delete(_token);
    }
}
