using Failover.Testing;
using Spectre.Console.Testing;

namespace Failover.Cli.Tests.Commands;

/// <summary>`serve`, `lab` and `simulate` refuse bad input with a message and an exit code, before starting anything.</summary>
public sealed class HostCommandTests : IDisposable
{
    private readonly TemporaryDirectory _files = new();
    private readonly TestConsole _console = new TestConsole().Width(400);

    private static string Example => Repository.PathOf("manifests", "estate.example.yaml");

    [Fact]
    public void Serve_WithoutTokens_IsAUsageErrorNamingTheOption()
    {
        FailoverApp.Run(["serve", "--config", Example], _console).Should().Be(ExitCodes.Usage);
        _console.Output.Should().Contain("--tokens FILE is required");
    }

    [Fact]
    public void Serve_InvalidEstate_ExitsOneWithTheDiagnostics()
    {
        var estate = _files.Write("estate.yaml", "sites: []\n");

        FailoverApp.Run(["serve", "--config", estate, "--tokens", _files.Write("tokens", "")], _console).Should().Be(ExitCodes.Invalid);
        _console.Output.Should().Contain("an estate needs at least one site");
    }

    [Fact]
    public void Serve_SeveralObserversWithoutObserverId_AsksWhichOne()
    {
        FailoverApp.Run(["serve", "--config", Example, "--tokens", _files.Write("tokens", "")], _console).Should().Be(ExitCodes.Invalid);
        _console.Output.Should().Contain("the estate declares 3 observers: say which one this instance is with --observer");
    }

    [Fact]
    public void Serve_ObserverThatDoesNotAct_MustObserveOnly()
    {
        var tokens = _files.Write("tokens", "operator-token-0123456789,oscar,operator\n");

        FailoverApp.Run(["serve", "--config", Example, "--tokens", tokens, "--observer", "obs-gra"], _console).Should().Be(ExitCodes.Invalid);
        _console.Output.Should().Contain("the estate's acting observer is 'obs-rbx' (acts: true); run this instance with --observe-only");
    }

    [Fact]
    public void Serve_SeveralObserversNoneActing_RefusesToAct()
    {
        var estate = _files.Write("estate.yaml", File.ReadAllText(Example).Replace("    acts: true", "", StringComparison.Ordinal));
        var tokens = _files.Write("tokens", "operator-token-0123456789,oscar,operator\n");

        FailoverApp.Run(["serve", "--config", estate, "--tokens", tokens, "--observer", "obs-rbx"], _console).Should().Be(ExitCodes.Invalid);
        _console.Output.Should().Contain("none says acts: true");
    }

    [Fact]
    public void Serve_MalformedTokensFile_NamesTheLine()
    {
        var tokens = _files.Write("tokens", "# ops\nshort,alice,operator\n");

        FailoverApp.Run(["serve", "--config", Example, "--tokens", tokens, "--observer", "obs-rbx"], _console).Should().Be(ExitCodes.Invalid);
        _console.Output.Should().Contain($"{tokens}:2: expected TOKEN,NAME,ROLE");
    }

    [Fact]
    public void Serve_SeveralObserversWithoutPeerToken_ExplainsWhy()
    {
        var tokens = _files.Write("tokens", "operator-token-0123456789,oscar,operator\n");

        FailoverApp.Run(["serve", "--config", Example, "--tokens", tokens, "--observer", "obs-rbx"], _console).Should().Be(ExitCodes.Invalid);
        _console.Output.Should().Contain("give --peer-token-file FILE");
    }

    [Fact]
    public void Serve_BadDurationOnTheCommandLine_ExitsOneNamingTheOptionWithoutAStackTrace()
    {
        FailoverApp.Run([.. ServeExample(), "--operation-timeout", "banana"], _console).Should().Be(ExitCodes.Invalid);

        _console.Output.Should().Contain("--operation-timeout (Engine:OperationTimeout, FAILOVER_Engine__OperationTimeout): 'banana' is not a duration such as 500ms, 5s, 1m30s, 2h or 1d");
        _console.Output.Should().NotContain("   at ", "a bad setting is a message, not a crash");
    }

    [Fact]
    public void Serve_BadSettingInTheEnvironment_ExitsOneNamingTheVariable()
    {
        // Only `serve` reads FAILOVER_ variables, and this class's tests run one at a time.
        Environment.SetEnvironmentVariable("FAILOVER_Engine__OperationTimeout", "0s");
        try
        {
            FailoverApp.Run(ServeExample(), _console).Should().Be(ExitCodes.Invalid);
        }
        finally
        {
            Environment.SetEnvironmentVariable("FAILOVER_Engine__OperationTimeout", null);
        }

        _console.Output.Should().Contain("--operation-timeout (Engine:OperationTimeout, FAILOVER_Engine__OperationTimeout): EngineOptions.OperationTimeout must be positive");
        _console.Output.Should().NotContain("   at ");
    }

    [Fact]
    public void ServeSettings_DurationOptions_OverrideTheEnvironmentsEngineSettings()
    {
        var settings = new Failover.Cli.Commands.Serve.ServeSettings { OperationTimeout = "10m" };

        var configuration = Failover.ControlPlane.Hosting.ControlPlaneSettings.Create(
            settings.Settings, new Dictionary<string, string> { ["FAILOVER_Engine__OperationTimeout"] = "30m", ["FAILOVER_Engine__CallTimeout"] = "5s" });

        configuration["Engine:OperationTimeout"].Should().Be("10m", "the command line wins");
        configuration["Engine:CallTimeout"].Should().Be("5s", "what the command line leaves unset comes from the environment");
    }

    [Fact]
    public void LabBurn_UnknownSite_IsAUsageErrorListingTheSites()
    {
        FailoverApp.Run(["lab", "burn", "ovh-gra", "--dir", _files.Path], _console).Should().Be(ExitCodes.Usage);
        _console.Output.Should().Contain("SITE must be one of ovh-sbg, ovh-rbx, scw-par, found 'ovh-gra'");
    }

    [Fact]
    public void LabBurn_NoLabUp_SaysHowToStartOne()
    {
        FailoverApp.Run(["lab", "burn", "ovh-sbg", "--dir", _files.Path], _console).Should().Be(ExitCodes.Invalid);
        _console.Output.Should().Contain("no lab is up").And.Contain("failover lab up --detach");
    }

    [Fact]
    public void Simulate_FewSeeds_PassesAndReportsThroughput()
    {
        FailoverApp.Run(["simulate", "--seeds", "20"], _console).Should().Be(ExitCodes.Ok);
        _console.Output.Should().Contain("20 seeds, 0 failed").And.Contain("seeds/s");
    }

    [Fact]
    public void Simulate_ZeroSeeds_IsRefused()
    {
        FailoverApp.Run(["simulate", "--seeds", "0"], _console).Should().Be(ExitCodes.Usage);
    }

    /// <summary>A `serve` of the example estate that passes every check before the settings (as its acting observer).</summary>
    private string[] ServeExample() =>
    [
        "serve", "--config", Example, "--tokens", _files.Write("tokens", "operator-token-0123456789,oscar,operator\n"), "--observer", "obs-rbx",
        "--peer-token-file", _files.Write("peer-token", "operator-token-0123456789\n"), "--journal", _files.PathOf("journal.db"),
    ];

    public void Dispose()
    {
        _console.Dispose();
        _files.Dispose();
    }

}
