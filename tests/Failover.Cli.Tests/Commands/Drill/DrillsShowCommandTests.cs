using Failover.Configuration;
using Failover.ControlPlane.Auth;
using Failover.ControlPlane.Hosting;
using Failover.Core;
using Failover.Core.Journal;
using Failover.Core.Operations;
using Failover.Drills;
using Failover.Drills.Switchover;
using Failover.Postgres;
using Failover.Testing;
using Failover.Traffic.Edge;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console.Testing;

namespace Failover.Cli.Tests.Commands.Drill;

/// <summary>`failover drill show ID --format markdown|html --out FILE` against a real control plane whose journal holds a switchover drill.</summary>
public sealed class DrillsShowCommandTests : IAsyncLifetime, IDisposable
{
    private const string DrillId = "drill-20260309020000000-switchover-ent-test";
    private const string ViewerToken = "viewer-token-0123456789";
    private readonly TemporaryDirectory _files = new();
    private readonly TestConsole _console = new TestConsole().Width(400);
    private EdgeProxy? _edge;
    private WebApplication? _app;
    private Uri _api = new("http://127.0.0.1");

    [Theory]
    [InlineData("markdown", "# ")]
    [InlineData("html", "<html")]
    public void Show_Format_WritesTheRenderedReportToTheFile(string format, string marker)
    {
        var file = _files.PathOf($"report.{format}");

        var exit = Run("drill", "show", DrillId, "--format", format, "--out", file, "--token-file", _files.Write("token", ViewerToken + "\n"));

        exit.Should().Be(ExitCodes.Ok, _console.Output);
        var text = File.ReadAllText(file);
        text.Should().Contain(marker).And.Contain(DrillId).And.Contain(SwitchoverDrillSteps.Failback);
        _console.Output.Should().Contain(file);
    }

    [Fact]
    public void Show_Markdown_WithoutOut_PrintsIt()
    {
        var exit = Run("drill", "show", DrillId, "--format", "markdown", "--token-file", _files.Write("token", ViewerToken + "\n"));

        exit.Should().Be(ExitCodes.Ok, _console.Output);
        _console.Output.Should().Contain(SwitchoverDrillSteps.Switchover).And.Contain("ENT test");
    }

    [Theory]
    [InlineData("html", "text/html")]
    [InlineData("markdown", "text/markdown")]
    [InlineData("json", "application/json")]
    public async Task Api_ReportInAFormat_HasTheRenderersContentType(string format, string contentType)
    {
        using var http = Client();

        using var response = await http.GetAsync(new Uri($"/api/v1/drills/{DrillId}?format={format}", UriKind.Relative));

        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be(contentType);
        (await response.Content.ReadAsStringAsync()).Should().Contain(DrillId);
    }

    [Fact]
    public async Task Api_UnknownFormat_IsABadRequestNamingTheParameter()
    {
        using var http = Client();

        using var response = await http.GetAsync(new Uri($"/api/v1/drills/{DrillId}?format=pdf", UriKind.Relative));

        response.StatusCode.Should().Be(System.Net.HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("format: 'pdf'");
    }

    [Fact]
    public async Task Api_StatusOfAnEndedSwitchoverDrill_IsNotRunning()
    {
        using var http = Client();

        var status = await http.GetStringAsync(new Uri($"/api/v1/drills/{DrillId}/status", UriKind.Relative));

        status.Should().Contain("\"running\":false").And.Contain("succeeded");
    }

    private HttpClient Client()
    {
        var http = new HttpClient { BaseAddress = _api };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ViewerToken);
        return http;
    }

    public async Task InitializeAsync()
    {
        // Nothing listens on the sites' ports: the control plane observes them down, which a report does not need.
        var yaml = """
            providers: [{ id: p }]
            sites:
              - { id: site-a, provider: p, failureDomain: a, postgres: { host: 127.0.0.1, port: 9 }, ingress: [127.0.0.1] }
              - { id: site-b, provider: p, failureDomain: b, postgres: { host: 127.0.0.1, port: 9 }, ingress: [127.0.0.1] }
            policies:
              - { id: default, automaticFailover: false, detection: { interval: 1s, gracePeriod: 60s } }
            routers:
              - { id: edge, kind: edge }
            services:
              - id: ent-test
                displayName: ENT test
                primary: site-a
                standbys: [site-b]
                database: { name: ent, user: postgres, passwordFile: /nonexistent, replication: async, maxLagBytes: 16MB }
                health: { http: { scheme: http, port: 9, path: /healthz } }
                traffic: { router: edge, name: ent.test.example. }
                targets: { rto: 60s, rpo: 5s }
            """;
        var estate = EstateLoader.Load(yaml).Estate!;
        _edge = await EdgeProxy.StartAsync(new EdgeProxyOptions { ListenUrl = new Uri("http://127.0.0.1:0") }, NullLoggerFactory.Instance, CancellationToken.None);
        var tokens = TokenFile.Parse($"{ViewerToken},vera,viewer\n", "test");
        _app = ControlPlaneHost.Build(
            new ControlPlaneOptions { ConfigFile = "test", TokensFile = "test", Url = "http://127.0.0.1:0", JsonLogs = true }, estate, tokens,
            new HighAvailabilityOptions { Journal = _files.PathOf("journal.db") }, services => services.AddSingleton(_edge));
        await WriteDrillAsync(_app.Services.GetRequiredService<IJournalStore>());
        await _app.StartAsync();
        _api = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_edge is not null)
        {
            await _edge.DisposeAsync();
        }
    }

    public void Dispose() => _files.Dispose();

    private int Run(params string[] args) => FailoverApp.Run([.. args, "--api", _api.ToString()], _console);

    /// <summary>A passed switchover drill as the runner journals it.</summary>
    private static async Task WriteDrillAsync(IJournalStore journal)
    {
        var t0 = new DateTimeOffset(2026, 3, 9, 2, 0, 0, TimeSpan.Zero);
        var op = OperationRecord.Running(
                DrillId,
                new OperationRequest("ent-test", OperationKind.Drill, "site-b", "alice", "quarterly drill", Variant: DrillVariants.Switchover),
                new RecordedPlan("site-a", "site-b", "first standby", Epoch.Initial, Epoch.Initial, SwitchoverDrillSteps.All, DataLossQuote.None("planned")),
                t0)
            .AtStep(SwitchoverDrillSteps.All.Count)
            .Ended(OperationStatus.Succeeded, t0.AddSeconds(30), "succeeded", TimeSpan.FromSeconds(2));
        var entries = new List<JournalEntry> { new(DrillId, t0, JournalEntryKind.Requested, null, "alice", "switchover drill") };
        var at = t0;
        foreach (var step in SwitchoverDrillSteps.All)
        {
            entries.Add(new(DrillId, at, JournalEntryKind.StepStarted, step, "engine", "started"));
            at = at.AddSeconds(5);
            var facts = step == SwitchoverDrillSteps.Switchover
                ? new Dictionary<string, string> { [SwitchoverDrillSteps.RtoMilliseconds] = "2000", [DrillFacts.LagBytes] = "0", [DrillFacts.LagMilliseconds] = "0" }
                : step == SwitchoverDrillSteps.Verify ? new Dictionary<string, string> { [DrillFacts.CommitsAcknowledged] = "120", [DrillFacts.CommitsLost] = "0" } : null;
            entries.Add(new(DrillId, at, JournalEntryKind.StepSucceeded, step, "engine", DrillFacts.Append("done", facts)));
        }

        entries.Add(new(DrillId, at, JournalEntryKind.Succeeded, null, "engine", "succeeded"));
        await journal.WriteAsync(new JournalWrite(op, entries, null), CancellationToken.None);
    }
}
