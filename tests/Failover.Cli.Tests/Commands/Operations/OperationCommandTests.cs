using System.Net.Http.Json;
using System.Text.Json;
using Failover.Testing;
using Spectre.Console.Testing;

namespace Failover.Cli.Tests.Commands.Operations;

/// <summary>The operator commands against a real control plane driving real PostgreSQL.</summary>
public sealed class OperationCommandTests(ControlPlaneServer server) : IClassFixture<ControlPlaneServer>, IDisposable
{
    private readonly TemporaryDirectory _files = new();
    private readonly TestConsole _console = new TestConsole().Width(400);

    [Fact]
    public async Task Status_Json_ListsTheServiceAndItsPrimary()
    {
        await ReadyAsync();

        var exit = Run("status", "--output", "json", "--token-file", Token(ControlPlaneServer.ViewerToken));

        exit.Should().Be(ExitCodes.Ok, _console.Output);
        using var status = JsonDocument.Parse(_console.Output);
        status.RootElement.GetProperty("services")[0].GetProperty("id").GetString().Should().Be(ControlPlaneServer.ServiceId);
    }

    [Fact]
    public async Task Switchover_WithoutYesWhenNotInteractive_AsksForConfirmationAndChangesNothing()
    {
        await ReadyAsync();

        var exit = Run("switchover", ControlPlaneServer.ServiceId, "--to", "site-b", "--token-file", Token(ControlPlaneServer.OperatorToken));

        exit.Should().Be(ExitCodes.NotConfirmed);
        _console.Output.Should().Contain("switch-traffic").And.Contain("confirmation needed: run again with --yes");
        (await OperationsAsync()).GetArrayLength().Should().Be(0, "nothing was requested");
    }

    [Fact]
    public async Task Switchover_DryRun_PreviewsThePlanOnly()
    {
        await ReadyAsync();

        var exit = Run("switchover", ControlPlaneServer.ServiceId, "--to", "site-b", "--dry-run", "--token-file", Token(ControlPlaneServer.OperatorToken));

        exit.Should().Be(ExitCodes.Ok);
        _console.Output.Should().Contain("Data-loss quote").And.Contain("site-a → site-b");
        (await OperationsAsync()).GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Switchover_AsViewer_IsRefusedWithTheReason()
    {
        await ReadyAsync(); // the preview (allowed to a viewer) comes first and needs an eligible standby
        var exit = Run("switchover", ControlPlaneServer.ServiceId, "--yes", "--token-file", Token(ControlPlaneServer.ViewerToken));

        exit.Should().Be(ExitCodes.Unreachable);
        _console.Output.Should().Contain("403").And.Contain("operator or admin token");
    }

    [Fact]
    public void Status_UnreachableApi_ExitsFiveNamingTheAddress()
    {
        var exit = FailoverApp.Run(["status", "--api", "http://127.0.0.1:1", "--token-file", Token(ControlPlaneServer.ViewerToken)], _console);

        exit.Should().Be(ExitCodes.Unreachable);
        _console.Output.Should().Contain("cannot reach the control plane at http://127.0.0.1:1/");
    }

    [Fact]
    public void Status_UnknownTokenFile_ExitsTwo()
    {
        Run("status", "--token-file", _files.PathOf("absent")).Should().Be(ExitCodes.Unreadable);
    }

    public void Dispose()
    {
        _console.Dispose();
        _files.Dispose();
    }

    private int Run(params string[] args) => FailoverApp.Run([.. args, "--api", server.BaseAddress.ToString()], _console);

    private string Token(string token) => _files.Write(Guid.NewGuid().ToString("N"), token + "\n");

    private async Task<JsonElement> OperationsAsync()
    {
        using var client = server.Client(ControlPlaneServer.ViewerToken);
        return await client.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/operations", UriKind.Relative));
    }

    private Task ReadyAsync() => server.WaitUntilSwitchoverPossibleAsync();
}
