using Failover.Configuration;
using Failover.Core.Topology;

namespace Failover.Lab.Tests;

public class LabLayoutTests
{
    [Fact]
    public void EstateYaml_IsAValidEstateWithThreeSitesAndSyncReplication()
    {
        var layout = new LabLayout("/tmp/lab");

        var result = EstateLoader.Load(layout.EstateYaml());

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
    public void Site_Unknown_NamesTheKnownSites()
    {
        var act = () => LabLayout.Site("ovh-gra");

        act.Should().Throw<ArgumentException>().WithMessage("unknown lab site 'ovh-gra': expected one of ovh-sbg, ovh-rbx, scw-par*");
    }
}
