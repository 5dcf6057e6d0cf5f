using Failover.Drills.Reports;
using Failover.Testing;

namespace Failover.Drills.Tests.Reports;

/// <summary>The HTML report opened in a real browser (headless Debian chromium) renders a page, not a blank one.</summary>
public sealed class HtmlScreenshotTests
{
    [Fact]
    public async Task Html_OpenedInHeadlessChromium_RendersTheBannerAndTheChart()
    {
        Chromium.Binary.Should().NotBeNull(Chromium.InstallHint);
        using var dir = new TemporaryDirectory();
        var report = SampleReports.FailingWithHostileText() with { Steps = SampleReports.Passing().Steps, Passed = true };
        var file = dir.Write("report.html", DrillReportRenderer.Render(report, DrillReportFormat.Html));

        var bytes = await Chromium.ScreenshotAsync(file, dir.Path, 1200, 1600);

        bytes.Length.Should().BeGreaterThan(10_000, "a rendered report page compresses to more than a blank one");
        var png = Png.Decode(bytes);
        png.Width.Should().Be(1200);
        png.Height.Should().Be(1600);
        var colours = png.All().Distinct().Count();
        colours.Should().BeGreaterThan(20, "text, banner, table and chart bring many colours; a blank page has one");
        var passGreen = png.All().Count(p => Near(p, 0x18, 0x75, 0x3c));
        passGreen.Should().BeGreaterThan(20_000, "the verdict banner and the chart's bars are green for a pass");
        var nonWhite = png.All().Count(p => p != (255, 255, 255));
        nonWhite.Should().BeGreaterThan(png.Width * png.Height / 50);
    }

    private static bool Near((byte R, byte G, byte B) p, int r, int g, int b) =>
        Math.Abs(p.R - r) <= 6 && Math.Abs(p.G - g) <= 6 && Math.Abs(p.B - b) <= 6;
}
