using Failover.ControlPlane.Hosting;

namespace Failover.ControlPlane.Tests.Hosting;

/// <summary>`failover serve` high-availability flags: bad combinations are refused naming the flag.</summary>
public sealed class LeaderElectionOptionsTests
{
    [Theory]
    [InlineData("failover-journal.db", false, null, null, false, null)]
    [InlineData("kubernetes://failover/failover-journal", false, null, null, false, null)]
    [InlineData("kubernetes://failover/failover-journal", true, null, "pod-0", false, null)]
    [InlineData("kubernetes://failover/failover-journal", true, "leases", null, false, null)]
    [InlineData("failover-journal.db", true, null, null, false, "--leader-election needs a journal every replica shares*kubernetes://NAMESPACE/NAME*")]
    [InlineData("kubernetes://Failover/journal", false, null, null, false, "--journal: expected kubernetes://NAMESPACE/NAME*'kubernetes://Failover/journal'")]
    [InlineData("kubernetes://failover", false, null, null, false, "--journal: expected*")]
    [InlineData("kubernetes://failover/a/b", false, null, null, false, "--journal: expected*")]
    [InlineData("kubernetes://failover/failover-journal", true, "Bad_NS", null, false, "--lease-namespace: 'Bad_NS'*")]
    [InlineData("kubernetes://failover/failover-journal", true, null, null, true, "--observe-only and --leader-election exclude each other*")]
    [InlineData("failover-journal.db", false, "failover", null, false, "--lease-namespace and --identity only make sense with --leader-election")]
    public void Validate_NamesTheBadFlag(string journal, bool leaderElection, string? leaseNamespace, string? identity, bool observeOnly, string? expected)
    {
        var options = new HighAvailabilityOptions { Journal = journal, LeaderElection = leaderElection, LeaseNamespace = leaseNamespace, Identity = identity, ObserveOnly = observeOnly };

        var error = options.Validate();

        if (expected is null)
        {
            error.Should().BeNull();
        }
        else
        {
            error.Should().Match(expected);
        }
    }

    [Fact]
    public void LeaseName_Invalid_IsRefused()
    {
        var options = new HighAvailabilityOptions { Journal = "kubernetes://failover/failover-journal", LeaderElection = true, LeaseName = "Bad_Name" };

        options.Validate().Should().StartWith("--lease-name: 'Bad_Name'");
    }
}
