using Failover.ControlPlane.Hosting;
using Failover.Core.Engine;
using Failover.Core.Topology;
using Failover.Traffic;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Failover.ControlPlane.Tests.Hosting;

/// <summary>Settings reach the options from the environment and the command line, and a bad one is refused naming it.</summary>
public sealed class ControlPlaneSettingsTests
{
    private static readonly Dictionary<string, string?> NoCommandLine = [];

    [Fact]
    public void EngineOptions_FromTheCommandLine_AreDurationsAsInTheEstateFile()
    {
        using var services = Compose(ControlPlaneSettings.Create(
            new Dictionary<string, string?> { [ControlPlaneSettings.OperationTimeout] = "1m30s" }, Environment()));

        var engine = services.GetRequiredService<IOptions<EngineOptions>>().Value;

        engine.OperationTimeout.Should().Be(TimeSpan.FromSeconds(90));
        engine.CatchUpTimeout.Should().Be(new EngineOptions().CatchUpTimeout, "an unset setting keeps its default");
    }

    [Fact]
    public void Options_FromPrefixedEnvironmentVariables_AreBound()
    {
        using var services = Compose(ControlPlaneSettings.Create(NoCommandLine, Environment(
            ("FAILOVER_Engine__CallTimeout", "30s"), ("FAILOVER_Traffic__RequestTimeout", "2s"), ("Engine__OperationTimeout", "1m"))));

        services.GetRequiredService<IOptions<EngineOptions>>().Value.CallTimeout.Should().Be(TimeSpan.FromSeconds(30));
        services.GetRequiredService<IOptions<TrafficOptions>>().Value.RequestTimeout.Should().Be(TimeSpan.FromSeconds(2));
        services.GetRequiredService<IOptions<EngineOptions>>().Value.OperationTimeout.Should().Be(new EngineOptions().OperationTimeout, "only FAILOVER_ variables are read");
    }

    [Fact]
    public void CommandLine_OverridesTheEnvironment()
    {
        using var services = Compose(ControlPlaneSettings.Create(
            new Dictionary<string, string?> { [ControlPlaneSettings.OperationTimeout] = "20s" }, Environment(("FAILOVER_Engine__OperationTimeout", "30s"))));

        services.GetRequiredService<IOptions<EngineOptions>>().Value.OperationTimeout.Should().Be(TimeSpan.FromSeconds(20));
    }

    [Theory]
    [InlineData("FAILOVER_Engine__OperationTimeout", "banana", "--operation-timeout (Engine:OperationTimeout, FAILOVER_Engine__OperationTimeout): 'banana' is not a duration such as 500ms, 5s, 1m30s, 2h or 1d")]
    [InlineData("FAILOVER_Engine__OperationTimeout", "0s", "--operation-timeout (Engine:OperationTimeout, FAILOVER_Engine__OperationTimeout): EngineOptions.OperationTimeout must be positive")]
    [InlineData("FAILOVER_Engine__MaxConcurrentOperations", "many", "Engine:MaxConcurrentOperations (FAILOVER_Engine__MaxConcurrentOperations): 'many' is not a whole number")]
    [InlineData("FAILOVER_Traffic__RequestTimeout", "0s", "Traffic:RequestTimeout (FAILOVER_Traffic__RequestTimeout): Traffic:RequestTimeout must be positive")]
    [InlineData("FAILOVER_Postgres__ConnectRetries", "11", "Postgres:ConnectRetries (FAILOVER_Postgres__ConnectRetries): ConnectRetries must be between 0 and 10 (was 11)")]
    [InlineData("FAILOVER_Engine__CallTimeuot", "3s", "Engine:CallTimeuot (FAILOVER_Engine__CallTimeuot): unknown setting (did you mean 'CallTimeout'?)")]
    [InlineData("FAILOVER_Engine__SiteLease", "15s", "Engine:SiteLease (FAILOVER_Engine__SiteLease): unknown setting")]
    public void BadSetting_IsRefusedAtStart_NamingIt(string variable, string value, string message)
    {
        using var services = Compose(ControlPlaneSettings.Create(NoCommandLine, Environment((variable, value))));

        var validate = () => services.GetRequiredService<IStartupValidator>().Validate();

        validate.Should().Throw<OptionsValidationException>().Which.Failures.Should().ContainSingle().Which.Should().Be(message);
    }

    private static Dictionary<string, string> Environment(params (string Name, string Value)[] variables) =>
        variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);

    private static ServiceProvider Compose(Microsoft.Extensions.Configuration.IConfiguration settings) =>
        new ServiceCollection()
            .AddFailoverControlPlane(Estate(), new ControlPlaneOptions { ConfigFile = "test", TokensFile = "test" }, new HighAvailabilityOptions { Journal = "unused.db" }, settings)
            .BuildServiceProvider();

    private static Estate Estate() => Failover.Configuration.EstateLoader.Load("""
        providers: [{ id: p }]
        sites:
          - { id: site-a, provider: p, failureDomain: a, postgres: { host: 127.0.0.1, port: 9 } }
          - { id: site-b, provider: p, failureDomain: b, postgres: { host: 127.0.0.1, port: 9 } }
        policies:
          - { id: default }
        routers:
          - { id: edge, kind: edge, adminUrl: "http://127.0.0.1:9" }
        services:
          - id: ent-test
            primary: site-a
            standbys: [site-b]
            database: { name: ent, user: postgres, passwordFile: /nonexistent, replication: async, maxLagBytes: 16MB }
            health: { http: { scheme: http, port: 9, path: /healthz } }
            traffic: { router: edge, name: ent.test.example. }
        """).Estate!;
}
