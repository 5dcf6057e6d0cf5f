using System.Text.Json;
using System.Text.RegularExpressions;
using Failover.Drills.Reports;

namespace Failover.Drills.Tests.Reports;

public sealed partial class DrillReportRendererTests
{
    [Fact]
    public void Json_PassingReport_HasStableCamelCaseFieldsAndDurationsInMsAndIso8601()
    {
        var report = SampleReports.Passing();

        using var json = JsonDocument.Parse(DrillReportRenderer.Render(report, DrillReportFormat.Json));

        var root = json.RootElement;
        root.EnumerateObject().Select(p => p.Name).Should().ContainInOrder(
            "drillId", "serviceId", "serviceName", "kind", "sourceSiteId", "targetSiteId", "requestedBy", "startedAt", "endedAt",
            "elapsedMs", "elapsed", "passed", "verdict", "reasons", "rto", "rpo", "acknowledgedCommitsLost", "steps");
        root.GetProperty("kind").GetString().Should().Be("isolated");
        root.GetProperty("startedAt").GetString().Should().Be("2026-06-02T02:00:00+02:00");
        root.GetProperty("rto").GetProperty("achievedMs").GetDouble().Should().Be(25200);
        root.GetProperty("rto").GetProperty("achieved").GetString().Should().Be("PT25.2S");
        root.GetProperty("rto").GetProperty("target").GetString().Should().Be("PT1M");
        root.GetProperty("rto").GetProperty("met").GetBoolean().Should().BeTrue();
        root.GetProperty("rpo").GetProperty("lagBytes").GetInt64().Should().Be(1200);
        root.GetProperty("rpo").GetProperty("lagTimeMs").GetDouble().Should().Be(300);
        root.GetProperty("acknowledgedCommitsLost").ValueKind.Should().Be(JsonValueKind.Null);
        var steps = root.GetProperty("steps").EnumerateArray().ToList();
        steps.Should().HaveCount(report.Steps.Count);
        steps[2].GetProperty("name").GetString().Should().Be("copy the standby (pg_basebackup)");
        steps[2].GetProperty("durationMs").GetDouble().Should().Be(18200);
        steps[2].GetProperty("offsetMs").GetDouble().Should().Be(450);
        steps[0].GetProperty("detail").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public void Json_HostileText_RoundTripsAndIsEscaped()
    {
        var text = DrillReportRenderer.Render(SampleReports.FailingWithHostileText(), DrillReportFormat.Json);

        text.Should().NotContain("<script>", "System.Text.Json escapes < and > so the JSON can be embedded safely");
        using var json = JsonDocument.Parse(text);
        json.RootElement.GetProperty("steps")[2].GetProperty("detail").GetString().Should().Be(SampleReports.Hostile);
        json.RootElement.GetProperty("rpo").GetProperty("met").ValueKind.Should().Be(JsonValueKind.Null, "the lag in time is unknown");
        json.RootElement.GetProperty("acknowledgedCommitsLost").GetInt64().Should().Be(2);
        json.RootElement.GetProperty("verdict").GetString().Should().Be("fail");
    }

    [Fact]
    public void Markdown_PassingReport_HasOneTableRowPerStepAndTheTargets()
    {
        var report = SampleReports.Passing();

        var md = DrillReportRenderer.Render(report, DrillReportFormat.Markdown);

        md.Should().Contain("**Verdict: PASS**");
        var stepRows = md.Split('\n').Where(l => StepRow().IsMatch(l)).ToList();
        stepRows.Should().HaveCount(report.Steps.Count);
        for (var i = 0; i < report.Steps.Count; i++)
        {
            stepRows[i].Should().StartWith($"| {i + 1} | ").And.Contain(DrillReportMarkdown.Cell(report.Steps[i].Name));
        }

        md.Should().Contain("| RTO (time to serve writes) | 1 min 00 s | 25.2 s | yes |");
        md.Should().Contain("| RPO (data freshness) | 5.0 s | 300 ms behind (1.2 KiB) | yes |");
        md.Should().Contain("| 3 | copy the standby (pg\\_basebackup) | +450 ms | 18.2 s | ok |  |");
    }

    [Fact]
    public void Markdown_HostileText_StaysInItsCellAndIsNotHtml()
    {
        var md = DrillReportRenderer.Render(SampleReports.FailingWithHostileText(), DrillReportFormat.Markdown);

        md.Should().NotContain("<script>").And.NotContain("<b>");
        md.Should().Contain("&lt;script&gt;alert('x')&lt;/script&gt; &amp; \"quotes\" \\| pipe");
        md.Should().Contain("**Verdict: FAIL**").And.Contain("## Why it failed").And.Contain("- 2 acknowledged commits lost");
        md.Should().Contain("| Acknowledged commits lost | 0 | 2 | **no** |");
        var failedRow = md.Split('\n').Single(l => l.StartsWith("| 3 |", StringComparison.Ordinal));
        failedRow.Count(c => c == '|').Should().Be(7 + 2, "six cells need seven separators; the name and the detail each hold one escaped pipe");
        failedRow.Split(" | ").Should().HaveCount(6, "six cells: the escaped pipes split nothing");
    }

    [Fact]
    public void Html_PassingReport_IsSelfContainedWithOneBarPerStep()
    {
        var report = SampleReports.Passing();

        var html = DrillReportRenderer.Render(report, DrillReportFormat.Html);

        html.Should().StartWith("<!DOCTYPE html>").And.Contain("<html lang=\"fr\">");
        html.Should().Contain("<svg class=\"timeline\"");
        BarRegex().Matches(html).Should().HaveCount(report.Steps.Count);
        html.Should().Contain("class=\"banner pass\"").And.Contain("Exercice RÉUSSI");
        html.Should().Contain("<table class=\"steps\">");
        Regex.Matches(html, "<tr(?: class=\"failed\")?><td class=\"num\">").Should().HaveCount(report.Steps.Count);
        html.Should().Contain("25,2 s").And.Contain("1 min 00 s");
        html.Should().NotContainAny("<script", "<link", "src=", "@import", "url(", "http://", "https://");
    }

    [Fact]
    public void Html_HostileText_IsEncodedEverywhere()
    {
        var html = DrillReportRenderer.Render(SampleReports.FailingWithHostileText(), DrillReportFormat.Html);

        html.Should().NotContain("<script").And.NotContain("<b>bold").And.NotContain("<Île");
        html.Should().Contain("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quotes&quot; | pipe");
        html.Should().Contain("ENT &lt;Île-de-France&gt;").And.Contain("alice &amp; bob");
        html.Should().Contain("class=\"banner fail\"").And.Contain("Exercice ÉCHOUÉ");
        Regex.Matches(html, "class=\"bar failed\"").Should().HaveCount(1);
        html.Should().Contain("<td class=\"missed\">non</td>", "2 acknowledged commits were lost");
    }

    [Fact]
    public void Html_TwentySteps_HasOneBarPerStep()
    {
        var html = DrillReportRenderer.Render(SampleReports.WithSteps(20), DrillReportFormat.Html);

        BarRegex().Matches(html).Should().HaveCount(20);
    }

    [Theory]
    [InlineData("json", DrillReportFormat.Json)]
    [InlineData("MD", DrillReportFormat.Markdown)]
    [InlineData("html", DrillReportFormat.Html)]
    public void TryParseFormat_KnownNames_AreRead(string text, DrillReportFormat expected)
    {
        DrillReportRenderer.TryParseFormat(text, out var format).Should().BeTrue();
        format.Should().Be(expected);
    }

    [Fact]
    public void Render_ReportWithoutSteps_StillRenders()
    {
        var report = SampleReports.Passing() with { Steps = [], AchievedRto = null, Freshness = null, Passed = false, Reasons = [] };

        foreach (var format in Enum.GetValues<DrillReportFormat>())
        {
            DrillReportRenderer.Render(report, format).Should().NotBeNullOrWhiteSpace();
        }

        DrillReportRenderer.Render(report, DrillReportFormat.Html).Should().Contain("non mesuré");
    }

    [GeneratedRegex(@"^\| \d+ \| ")]
    private static partial Regex StepRow();

    [GeneratedRegex("<rect class=\"bar (ok|failed)\"")]
    private static partial Regex BarRegex();
}
