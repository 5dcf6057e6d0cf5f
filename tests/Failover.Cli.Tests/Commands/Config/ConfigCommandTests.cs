using System.Text.Json;
using Failover.Testing;
using Spectre.Console.Testing;

namespace Failover.Cli.Tests.Commands.Config;

public sealed class ConfigCommandTests : IDisposable
{
    private readonly TemporaryDirectory _files = new();
    private readonly TestConsole _console = new TestConsole().Width(400);

    private static string Example => Repository.PathOf("manifests", "estate.example.yaml");

    [Fact]
    public void Validate_ExampleEstate_ExitsZeroAndSummarises()
    {
        var exit = FailoverApp.Run(["config", "validate", Example], _console);

        exit.Should().Be(ExitCodes.Ok);
        _console.Output.Should().Contain("valid:").And.Contain("6 services");
    }

    [Fact]
    public void Validate_BrokenEstate_ExitsOneAndPrintsFileLineColumnAndPath()
    {
        var broken = _files.Write("broken.yaml", File.ReadAllText(Example).Replace("standbys: [ovh-rbx, scw-par]", "standbys: [ovh-rbz, scw-par]", StringComparison.Ordinal));
        var line = File.ReadAllLines(broken).ToList().FindIndex(l => l.Contains("ovh-rbz", StringComparison.Ordinal)) + 1;

        var exit = FailoverApp.Run(["config", "validate", broken], _console);

        exit.Should().Be(ExitCodes.Invalid);
        _console.Output.Should().Contain($"{broken}:{line}:").And.Contain("services[ent-grand-est].standbys[0]: unknown site 'ovh-rbz' (did you mean 'ovh-rbx'?)");
    }

    [Fact]
    public void Validate_MissingFile_ExitsTwoAndNamesTheFile()
    {
        var missing = _files.PathOf("absent.yaml");

        var exit = FailoverApp.Run(["config", "validate", missing], _console);

        exit.Should().Be(ExitCodes.Unreadable);
        _console.Output.Should().Contain($"cannot read estate file '{missing}'");
    }

    [Fact]
    public void Validate_JsonOutput_IsMachineReadable()
    {
        var broken = _files.Write("broken.yaml", File.ReadAllText(Example).Replace("rto: 60s", "rto: soon", StringComparison.Ordinal));

        var exit = FailoverApp.Run(["config", "validate", broken, "--output", "json"], _console);

        exit.Should().Be(ExitCodes.Invalid);
        using var document = JsonDocument.Parse(_console.Output);
        document.RootElement.GetProperty("valid").GetBoolean().Should().BeFalse();
        document.RootElement.GetProperty("diagnostics")[0].GetProperty("path").GetString().Should().Be("services[ent-grand-est].targets.rto");
    }

    [Fact]
    public void Show_ExampleEstate_PrintsSitesServicesAndSecretReferencesOnly()
    {
        var exit = FailoverApp.Run(["config", "show", Example], _console);

        exit.Should().Be(ExitCodes.Ok);
        _console.Output.Should().Contain("ovh-sbg").And.Contain("Strasbourg").And.Contain("ent-grand-est").And.Contain("ovh-rbx > scw-par")
            .And.Contain("file:/run/secrets/pdns-api-key");
    }

    [Fact]
    public void Show_InvalidEstate_ExitsOneWithTheDiagnostics()
    {
        var broken = _files.Write("broken.yaml", "sites: []\n");

        FailoverApp.Run(["config", "show", broken], _console).Should().Be(ExitCodes.Invalid);
        _console.Output.Should().Contain("an estate needs at least one site");
    }

    [Fact]
    public void UnknownCommand_ExitsWithUsageCode()
    {
        FailoverApp.Run(["config", "frobnicate"], _console).Should().Be(ExitCodes.Usage);
    }

    public void Dispose()
    {
        _console.Dispose();
        _files.Dispose();
    }

}
