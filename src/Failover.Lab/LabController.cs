using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Failover.Lab.Agents;
using Failover.Lab.Network;
using Failover.Lab.Processes;
using Failover.Postgres.Programs;

namespace Failover.Lab;

/// <summary>
/// The lab's verbs: bring the estate up (reusing a running one, or resetting a stale one), burn, partition, heal and
/// restore a site, and bring everything down. State lives under the layout's directory.
/// </summary>
public sealed class LabController(LabLayout layout, SelfCommand self)
{
    public const string HostProcess = "host";

    private readonly LabProcesses _processes = new(layout);

    private LabAgents Agents => new(layout, self, _processes);

    public LabLayout Layout => layout;

    public static string AppProcess(LabSite site) => "app-" + site.Id;

    public bool IsUp => _processes.PidOf(HostProcess) is not null;

    public string ApiToken => File.ReadAllText(layout.ApiTokenFile).Trim();

    /// <summary>Starts the whole estate and waits (bounded) until the edge serves the ENT; reports each stage.</summary>
    public async Task UpAsync(Action<string> progress, CancellationToken cancellationToken)
    {
        if (IsUp)
        {
            progress($"the lab is already up in {layout.Directory}: reusing it");
            return;
        }

        if (Directory.Exists(layout.Directory))
        {
            progress($"resetting the stopped lab in {layout.Directory}");
            await DownAsync(cancellationToken);
        }

        Directory.CreateDirectory(layout.SecretsDirectory);
        var network = await LabNetwork.ChooseAsync(cancellationToken);
        await File.WriteAllTextAsync(layout.NetworkFile, network.Word + "\n", cancellationToken);
        await File.WriteAllTextAsync(layout.EstateFile, layout.EstateYaml(network), cancellationToken);
        var apiToken = Token();
        await File.WriteAllTextAsync(layout.ApiTokenFile, apiToken, cancellationToken);
        await File.WriteAllTextAsync(layout.TokensFile, $"{apiToken},lab-operator,admin\n", cancellationToken);
        await File.WriteAllTextAsync(layout.AdminTokenFile, Token(), cancellationToken);

        var clock = Stopwatch.StartNew();
        try
        {
            if (network.Mode == LabNetworkMode.Namespaces)
            {
                progress($"network: a namespace per site on bridge {LabNetwork.Topology.Bridge} {LabNetwork.Topology.Cidr}: "
                    + string.Join(", ", LabLayout.Sites.Select(s => $"{s.Id} {network.PublicAddress(s)}")));
                await LabNetwork.NamespaceNetwork.CreateAsync(cancellationToken);
            }
            else
            {
                progress($"network: loopback relay (sites on 127.0.2.N behind relays on 127.0.1.N; as root the lab uses network namespaces unless {LabNetwork.ModeVariable}=relay)");
            }

            progress("PostgreSQL: primary at ovh-sbg, streaming standbys at ovh-rbx and scw-par (synchronous to ANY 1)");
            var programs = PostgresPrograms.Locate();
            var postgres = new LabPostgres(layout, programs);
            await postgres.InitializeAsync(cancellationToken);

            // From here on a site's server runs as a host runs it: under its agent, which starts it fenced.
            await postgres.StopAllAsync(cancellationToken);
            progress($"site agents: one per site on port {LabLayout.AgentPort}, mutual TLS (lab CA in {layout.TlsDirectory}); each starts its server fenced until the control plane grants its lease");
            Agents.IssueCertificates(network);
            foreach (var site in LabLayout.Sites)
            {
                Agents.Start(network, site, programs);
                StartApp(network, site);
            }

            if (LabPowerDns.IsInstalled)
            {
                progress(string.Create(CultureInfo.InvariantCulture,
                    $"PowerDNS: zone {LabLayout.DnsZone} on 127.0.0.1:{LabLayout.DnsPort} (API on 127.0.0.1:{LabLayout.DnsApiPort}), {LabLayout.DnsName} -> {network.PublicAddress(LabLayout.Primary)}"));
                await new LabPowerDns(layout).StartAsync(network.PublicAddress(LabLayout.Primary), cancellationToken);
            }
            else
            {
                progress($"DNS skipped: pdns-server is not installed (for a PowerDNS zone that follows the traffic: {LabPowerDns.InstallHint})");
            }

            progress("demo ENT applications started at each site; starting the edge and the control plane");
            Start(HostProcess, ["lab", "host", "--dir", layout.Directory]);
            await WaitUntilServingAsync(cancellationToken);
        }
        catch
        {
            // Leave nothing half-started behind; the logs go with the directory, so keep a copy of the host's.
            var log = layout.LogFile(HostProcess);
            if (File.Exists(log))
            {
                File.Copy(log, Path.Combine(Path.GetTempPath(), "failover-lab-host.log"), overwrite: true);
            }

            await DownAsync(CancellationToken.None);
            throw;
        }

        progress(string.Create(CultureInfo.InvariantCulture, $"up in {clock.Elapsed.TotalSeconds:0.0} s: the edge serves the ENT at {LabLayout.EdgeUrl}"));
    }

    /// <summary>kill -9 of everything the site runs: its agent, its database server and its application.</summary>
    public async Task<IReadOnlyList<string>> BurnAsync(LabSite site, CancellationToken cancellationToken)
    {
        var killed = new List<string>();
        var postgres = new LabPostgres(layout, PostgresPrograms.Locate());
        var serverRan = postgres.Pid(site) is not null;

        // The agent first, or it would restart the server it supervises; its server dies with it (a child of its process tree).
        if (await Agents.KillAsync(site, cancellationToken))
        {
            killed.Add("agent");
        }

        if (await postgres.KillAsync(site, cancellationToken) || serverRan)
        {
            killed.Add("postgres");
        }

        if (await _processes.KillAsync(AppProcess(site), cancellationToken))
        {
            killed.Add("application");
        }

        return killed;
    }

    /// <summary>
    /// Brings a burned site's processes back as power coming back would: its agent (which starts the server from the data
    /// the fire left, fenced until the control plane grants it a lease for the current epoch) and its application;
    /// returns once the server accepts connections.
    /// </summary>
    public async Task RestoreAsync(LabSite site, CancellationToken cancellationToken)
    {
        var network = layout.Network;
        var programs = PostgresPrograms.Locate();
        Agents.Start(network, site, programs);
        if (_processes.PidOf(AppProcess(site)) is null)
        {
            StartApp(network, site);
        }

        await new LabPostgres(layout, programs).WaitUntilAcceptingAsync(site, TimeSpan.FromSeconds(60), cancellationToken);
    }

    /// <summary>Cuts the site from everyone (namespaces: its link goes down) or from the control side (relay).</summary>
    public Task PartitionAsync(LabSite site, CancellationToken cancellationToken) =>
        layout.Network.Mode == LabNetworkMode.Namespaces
            ? LabNetwork.NamespaceNetwork.PartitionAsync(LabNetwork.Member(site), cancellationToken)
            : PostToRelaysAsync($"/lab/partition/{site.Id}", cancellationToken);

    public Task HealAsync(LabSite site, CancellationToken cancellationToken) =>
        layout.Network.Mode == LabNetworkMode.Namespaces
            ? LabNetwork.NamespaceNetwork.HealAsync(LabNetwork.Member(site), cancellationToken)
            : PostToRelaysAsync($"/lab/heal/{site.Id}", cancellationToken);

    /// <summary>Each site's link: "connected" or "partitioned".</summary>
    public async Task<IReadOnlyDictionary<string, string>> LinksAsync(CancellationToken cancellationToken)
    {
        if (layout.Network.Mode == LabNetworkMode.Namespaces)
        {
            return LabLayout.Sites.ToDictionary(s => s.Id, s => LabNetwork.NamespaceNetwork.IsLinkUp(LabNetwork.Member(s)) ? "connected" : "partitioned", StringComparer.Ordinal);
        }

        using var http = new HttpClient { BaseAddress = LabLayout.ApiUrl, Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/lab/relays", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiToken);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<Dictionary<string, string>>(cancellationToken)
            ?? throw new InvalidOperationException("the lab host answered no relay states");
    }

    public async Task DownAsync(CancellationToken cancellationToken)
    {
        await _processes.KillAsync(HostProcess, cancellationToken);
        await _processes.KillAsync(LabPowerDns.ProcessName, cancellationToken);
        var postgres = Directory.Exists(layout.PostgresRoot) ? new LabPostgres(layout, PostgresPrograms.Locate()) : null;
        foreach (var site in LabLayout.Sites)
        {
            await _processes.KillAsync(AppProcess(site), cancellationToken);
            await Agents.KillAsync(site, cancellationToken);
            if (postgres is not null)
            {
                await postgres.KillAsync(site, cancellationToken);
            }
        }

        // A crash may have left any part of them, or a directory without its network file: remove what exists, unless this
        // directory's lab ran on the relay (the namespaces are then another lab's).
        if ((layout.Network.Mode == LabNetworkMode.Namespaces || !File.Exists(layout.NetworkFile)) && LabNetwork.NamespaceNetwork.Exists())
        {
            await LabNetwork.NamespaceNetwork.RemoveAsync(cancellationToken);
        }

        if (Directory.Exists(layout.Directory))
        {
            Directory.Delete(layout.Directory, recursive: true);
        }
    }

    /// <summary>Which of the lab's processes run, by site.</summary>
    public IReadOnlyDictionary<string, object> Processes()
    {
        var postgres = new LabPostgres(layout, PostgresPrograms.Locate());
        var result = new Dictionary<string, object>(StringComparer.Ordinal) { ["host"] = _processes.PidOf(HostProcess) is { } h ? h : "stopped" };
        if (LabPowerDns.IsConfigured(layout))
        {
            result[LabPowerDns.ProcessName] = _processes.PidOf(LabPowerDns.ProcessName) is { } d ? d : "stopped";
        }

        foreach (var site in LabLayout.Sites)
        {
            result[site.Id] = new
            {
                agent = Agents.PidOf(site) is { } g ? (object)g : "stopped",
                postgres = postgres.Pid(site) is { } p ? (object)p : "stopped",
                application = _processes.PidOf(AppProcess(site)) is { } a ? (object)a : "stopped",
            };
        }

        return result;
    }

    public async Task<HttpResponseMessage> PostToHostAsync(string path, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = LabLayout.ApiUrl, Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiToken);
        return await http.SendAsync(request, cancellationToken);
    }

    private async Task<IReadOnlyList<string>> NotReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = LabLayout.ApiUrl, Timeout = TimeSpan.FromSeconds(2) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/status", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiToken);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var status = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var sites = status.RootElement.GetProperty("sites").EnumerateArray()
            .Where(s => s.GetProperty("state").GetString() != "healthy")
            .Select(s => $"{s.GetProperty("id").GetString()} judged {s.GetProperty("state").GetString()}");
        var standbys = status.RootElement.GetProperty("services").EnumerateArray()
            .SelectMany(s => s.GetProperty("members").EnumerateArray())
            .Where(m => Text(m, "role") != "primary" && !(Flag(m, "reachable") && Number(m, "lagBytes") == 0))
            .Select(m => $"standby {m.GetProperty("site").GetString()} catching up");
        // The agent starts its primary fenced and the first grant restarts it writable: up is after that restart.
        var primaries = status.RootElement.GetProperty("services").EnumerateArray()
            .Select(s => (Primary: s.GetProperty("primary").GetString(), Members: s.GetProperty("members").EnumerateArray().ToList()))
            .Where(s => !s.Members.Any(m => Text(m, "site") == s.Primary && Text(m, "role") == "primary" && Flag(m, "reachable") && !Flag(m, "fenced")))
            .Select(s => $"primary {s.Primary} not yet writable");
        return [.. sites, .. standbys, .. primaries];
    }

    // The status omits what is unknown (a member's lag while unreachable): absent reads as unknown.
    private static string? Text(System.Text.Json.JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.String ? v.GetString() : null;

    private static bool Flag(System.Text.Json.JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.True;

    private static long? Number(System.Text.Json.JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.Number ? v.GetInt64() : null;

    private void Start(string name, IReadOnlyList<string> arguments) => _processes.Start(name, self.FileName, [.. self.Prefix, .. arguments]);

    /// <summary>The site's application, inside the site's namespace when it has one.</summary>
    private void StartApp(LabNetwork network, LabSite site)
    {
        IReadOnlyList<string> command = [.. network.ExecAt(site), self.FileName, .. self.Prefix, "lab", "site-app", "--dir", layout.Directory, "--site", site.Id];
        _processes.Start(AppProcess(site), command[0], command.Skip(1).ToList());
    }

    private async Task PostToRelaysAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await PostToHostAsync(path, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"the lab host answered {(int)response.StatusCode} to {path}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    private async Task WaitUntilServingAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        string last = "nothing yet";
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (_processes.PidOf(HostProcess) is null)
            {
                throw new InvalidOperationException($"the lab host stopped; see {layout.LogFile(HostProcess)}");
            }

            try
            {
                using var ready = await http.GetAsync(new Uri(LabLayout.ApiUrl, "/readyz"), cancellationToken);
                using var served = await http.GetAsync(new Uri(LabLayout.EdgeUrl, $"/{LabLayout.ServiceId}/healthz"), cancellationToken);
                if (ready.IsSuccessStatusCode && served.IsSuccessStatusCode)
                {
                    // Up means the estate is protected and takes a drill or an operation now: every site judged
                    // healthy (none still Suspect from its first probes) and every standby streaming with nothing to catch up.
                    var waitingFor = await NotReadyAsync(cancellationToken);
                    if (waitingFor.Count == 0)
                    {
                        return;
                    }

                    last = string.Join(", ", waitingFor);
                }
                else
                {
                    last = $"control plane {(int)ready.StatusCode}, edge {(int)served.StatusCode}";
                }
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                last = "no answer within 2 s";
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"the lab was not up within 90 s (waiting for: {last}); see the logs in {layout.LogDirectory}");
    }

    private static string Token() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}
