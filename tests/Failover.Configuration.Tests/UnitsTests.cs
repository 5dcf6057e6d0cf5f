namespace Failover.Configuration.Tests;

public class UnitsTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("5s", 5_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("0.5s", 500)]
    public void TryParseDuration_ValidText_GivesMilliseconds(string text, double milliseconds)
    {
        Units.TryParseDuration(text, out var duration).Should().BeTrue();
        duration.TotalMilliseconds.Should().Be(milliseconds);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("5 s")]
    [InlineData("s5")]
    [InlineData("5sec")]
    [InlineData("")]
    [InlineData("-5s")]
    public void TryParseDuration_MalformedText_IsRefused(string text) => Units.TryParseDuration(text, out _).Should().BeFalse();

    [Theory]
    [InlineData("16MB", 16L << 20)]
    [InlineData("512kB", 512L << 10)]
    [InlineData("1GiB", 1L << 30)]
    [InlineData("4096", 4096)]
    [InlineData("1.5MB", 3L << 19)]
    public void TryParseSize_ValidText_GivesBytes(string text, long bytes)
    {
        Units.TryParseSize(text, out var parsed).Should().BeTrue();
        parsed.Should().Be(bytes);
    }

    [Theory]
    [InlineData("16XB")]
    [InlineData("MB")]
    [InlineData("sixteen")]
    public void TryParseSize_MalformedText_IsRefused(string text) => Units.TryParseSize(text, out _).Should().BeFalse();
}
