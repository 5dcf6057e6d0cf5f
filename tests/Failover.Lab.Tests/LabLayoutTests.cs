using System.Net;
using Failover.Configuration;
using Failover.Core.Topology;
using Failover.Lab.Network;

namespace Failover.Lab.Tests;

public class LabLayoutTests
{
    [Fact]
    public void EstateYaml_IsAValidEstateWithThreeSitesAndSyncReplication()
    {
        var layout = new LabLayout("/tmp/lab");

        var result = EstateLoader.Load(layout.EstateYaml(LabNetwork.Relay));

        result.Diagnostics.Should().BeEmpty();
        var estate = result.Estate!;
        estate.Sites.Select(s => s.Id).Should().Equal("ovh-sbg", "ovh-rbx", "scw-par");
        estate.Site("ovh-rbx").Postgres.Should().Equal(new HostEndpoint("127.0.1.2", LabLayout.PostgresPort));
        var service = estate.Service(LabLayout.ServiceId);
        service.Database.Replication.Should().Be(ReplicationMode.Sync);
        service.Database.Password.Should().Be(new SecretReference(SecretSource.File, layout.SuperuserPasswordFile));
        estate.RouterOf(service).Should().BeOfType<EdgeRouterSpec>();
    }

    [Fact]
    public void EstateYaml_InNamespaces_UsesTheSitesBridgeAddresses()
    {
        var estate = EstateLoader.Load(new LabLayout("/tmp/lab").EstateYaml(LabNetwork.Namespaces)).Estate!;

        estate.Sites.Select(s => s.Postgres.Single().Host).Should().Equal("10.213.0.11", "10.213.0.12", "10.213.0.13");
        estate.Site("scw-par").Ingress.Should().Equal(IPAddress.Parse("10.213.0.13"));
    }

    [Fact]
    public void Network_ListenAndPublicAddresses_PerMode()
    {
        var site = LabLayout.Site("ovh-rbx");

        (LabNetwork.Relay.PublicAddress(site), LabNetwork.Relay.ListenAddress(site), LabNetwork.Relay.NamespaceOf(site))
            .Should().Be((IPAddress.Parse("127.0.1.2"), IPAddress.Parse("127.0.2.2"), (string?)null));
        (LabNetwork.Namespaces.PublicAddress(site), LabNetwork.Namespaces.ListenAddress(site), LabNetwork.Namespaces.NamespaceOf(site))
            .Should().Be((IPAddress.Parse("10.213.0.12"), IPAddress.Parse("10.213.0.12"), "flab-ovh-rbx"));
        LabNetwork.Namespaces.ExecAt(site).Should().Equal("ip", "netns", "exec", "flab-ovh-rbx");
    }

    [Fact]
    public void Network_IsReadBackFromTheLabDirectory_AndARecordedWordMustBeKnown()
    {
        using var directory = new Testing.TemporaryDirectory();
        var layout = new LabLayout(directory.Path);
        layout.Network.Should().Be(LabNetwork.Relay, "a directory without a recorded mode uses the relay");

        File.WriteAllText(layout.NetworkFile, "namespaces\n");
        layout.Network.Should().Be(LabNetwork.Namespaces);

        File.WriteAllText(layout.NetworkFile, "vlan\n");
        var read = () => layout.Network;
        read.Should().Throw<InvalidOperationException>().WithMessage($"{layout.NetworkFile}: expected 'relay' or 'namespaces', found 'vlan'");
    }

    [Fact]
    public void Site_Unknown_NamesTheKnownSites()
    {
        var act = () => LabLayout.Site("ovh-gra");

        act.Should().Throw<ArgumentException>().WithMessage("unknown lab site 'ovh-gra': expected one of ovh-sbg, ovh-rbx, scw-par*");
    }
}
