using Failover.Core.Topology;
using Failover.Core.Traffic;
using Failover.Testing;
using Failover.Traffic.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Failover.Traffic.Tests;

public sealed class TrafficRouterFactoryTests
{
    private static readonly SecretReference Key = new(SecretSource.Environment, "UNUSED");

    [Fact]
    public void Create_EachKind_ReturnsTheRouterOfThatKind()
    {
        using var factory = new TrafficRouterFactory(TestSecrets.Instance, TimeProvider.System, Routers.Options);

        factory.Create(new PowerDnsRouterSpec("p", new Uri("http://127.0.0.1:1"), "localhost", "example.test", Key, [])).Kind.Should().Be("powerdns");
        factory.Create(new Rfc2136RouterSpec("r", new HostEndpoint("127.0.0.1", 53), "example.test", "k", "hmac-sha256", Key, [])).Kind.Should().Be("rfc2136");
        factory.Create(new EdgeRouterSpec("e", new Uri("http://127.0.0.1:1"))).Kind.Should().Be("edge");
    }

    [Fact]
    public void Create_SameSpecTwice_ReusesTheRouter()
    {
        using var factory = new TrafficRouterFactory(TestSecrets.Instance, TimeProvider.System, Routers.Options);
        var spec = new EdgeRouterSpec("e", new Uri("http://127.0.0.1:1"));

        factory.Create(spec).Should().BeSameAs(factory.Create(spec with { }));
    }

    [Fact]
    public void Create_EdgeWithoutAdminUrlOrLocalProxy_ThrowsNamingTheRouter()
    {
        using var factory = new TrafficRouterFactory(TestSecrets.Instance, TimeProvider.System, Routers.Options);

        var create = () => factory.Create(new EdgeRouterSpec("lab-edge", null));

        create.Should().Throw<NotSupportedException>().WithMessage("*edge router lab-edge*AdminUrl*");
    }

    [Fact]
    public void Create_UnknownKind_ThrowsNamingTheKind()
    {
        using var factory = new TrafficRouterFactory(TestSecrets.Instance, TimeProvider.System, Routers.Options);

        var create = () => factory.Create(new CarrierPigeonSpec("pigeon"));

        create.Should().Throw<NotSupportedException>().WithMessage("*router pigeon*kind 'pigeon'*");
    }

    [Fact]
    public void AddFailoverTraffic_Registered_ResolvesTheFactory()
    {
        var services = new ServiceCollection().AddSingleton<Failover.Core.Secrets.ISecretResolver>(TestSecrets.Instance);

        services.AddFailoverTraffic().AddFailoverTraffic();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<ITrafficRouterFactory>().Should().NotBeNull();
        services.Count(s => s.ServiceType == typeof(ITrafficRouterFactory)).Should().Be(1, "the registration is idempotent");
    }

    [Theory]
    [InlineData(nameof(TrafficOptions.RequestTimeout))]
    [InlineData(nameof(TrafficOptions.DnsQueryTimeout))]
    [InlineData(nameof(TrafficOptions.VerificationPollInterval))]
    [InlineData(nameof(TrafficOptions.SecondaryNudgeInterval))]
    public void Validate_NonPositiveTimeout_NamesTheSetting(string setting)
    {
        var options = new TrafficOptions();
        typeof(TrafficOptions).GetProperty(setting)!.SetValue(options, TimeSpan.Zero);

        var validate = options.Validate;

        validate.Should().Throw<ArgumentOutOfRangeException>().WithMessage($"*Traffic:{setting}*");
    }

    private sealed record CarrierPigeonSpec(string Id) : RouterSpec(Id)
    {
        public override string Kind => "pigeon";
    }
}
