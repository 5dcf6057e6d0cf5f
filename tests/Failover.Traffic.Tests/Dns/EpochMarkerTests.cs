using Failover.Core;
using Failover.Traffic.Dns;

namespace Failover.Traffic.Tests.Dns;

public sealed class EpochMarkerTests
{
    [Theory]
    [InlineData("failover-epoch=7 site=ovh-rbx", 7L, "ovh-rbx")]
    [InlineData("\"failover-epoch=12 site=scw-par\"", 12L, "scw-par")]
    [InlineData("site=a failover-epoch=3", 3L, "a")]
    public void Parse_WrittenMarker_ReadsEpochAndSite(string text, long epoch, string site) =>
        EpochMarker.Parse(text).Should().Be(new EpochMarker(new Epoch(epoch), site));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v=spf1 -all")]
    [InlineData("failover-epoch=x site=a")]
    [InlineData("failover-epoch=-1 site=a")]
    [InlineData("failover-epoch=4")]
    public void Parse_ForeignOrBrokenText_IsNoMarker(string? text) => EpochMarker.Parse(text).Should().BeNull();

    [Fact]
    public void Text_RoundTrips() =>
        EpochMarker.Parse(new EpochMarker(new Epoch(42), "ovh-sbg").Text).Should().Be(new EpochMarker(new Epoch(42), "ovh-sbg"));
}
