using System.Globalization;
using System.Net;
using Failover.Core.Topology;
using Microsoft.Data.Sqlite;

namespace Failover.Testing;

/// <summary>
/// Real PowerDNS authoritative servers (sqlite3 backend) on loopback: a primary with the HTTP API, and optionally
/// secondaries fed by NOTIFY + AXFR. Each has its own config dir and free ports, runs in the foreground
/// (--daemon=no --guardian=no) and is killed by PID on dispose.
/// </summary>
public sealed class PowerDnsServer : IAsyncDisposable
{
    public const string InstallHint = "apt-get install pdns-server pdns-backend-sqlite3";
    private const string ServerBinary = "/usr/sbin/pdns_server";
    private const string UtilBinary = "/usr/bin/pdnsutil";

    private static readonly string[] SchemaPaths =
    [
        "/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql",
        "/usr/share/doc/pdns-backend-sqlite3/schema.sqlite3.sql",
    ];

    private readonly List<DirectoryInfo> _dirs = [];
    private readonly List<ServerProcess> _processes = [];

    private PowerDnsServer(string zone, int apiPort, string apiKey)
    {
        Zone = zone;
        ApiUrl = new Uri($"http://127.0.0.1:{apiPort.ToString(CultureInfo.InvariantCulture)}/");
        ApiKey = apiKey;
    }

    public string Zone { get; }

    /// <summary>The primary's DNS endpoint.</summary>
    public IPEndPoint DnsEndpoint => Nameservers[0];

    /// <summary>The primary first, then the secondaries.</summary>
    public List<IPEndPoint> Nameservers { get; } = [];

    public Uri ApiUrl { get; }

    public string ApiKey { get; }

    /// <summary>A TSIG key PowerDNS accepts for RFC 2136 updates of the zone (dnsupdate=yes).</summary>
    public string TsigKeyName { get; } = "failover-key";

    public string TsigSecret { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>The last lines each server wrote, primary first (for diagnostics).</summary>
    public string Output => string.Join("\n---\n", _processes.Select(p => p.Output));

    public IReadOnlyList<int> Pids => [.. _processes.Select(p => p.Pid)];

    public DnsLookup Lookup => new(DnsEndpoint);

    /// <param name="seed">Records present before the test: (relative name, type, ttl seconds, content).</param>
    /// <param name="secondaries">How many secondary servers to start beside the primary.</param>
    /// <param name="xfrCycleInterval">
    /// The primary's xfr-cycle-interval in seconds (null: PowerDNS's 60). It alone paces NOTIFY after an RFC 2136 update,
    /// which PowerDNS 4.7 does not notify by itself; the API router asks for NOTIFY explicitly.
    /// </param>
    public static async Task<PowerDnsServer> StartAsync(
        string zone, IEnumerable<(string Name, string Type, int Ttl, string Content)> seed, int secondaries = 0, int? xfrCycleInterval = 1)
    {
        Tool.RequireInstalled(ServerBinary, InstallHint);
        var schema = SchemaPaths.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"the PowerDNS sqlite3 schema is missing ({string.Join(", ", SchemaPaths)}): {InstallHint}");
        for (var attempt = 1; ; attempt++)
        {
            var server = new PowerDnsServer(zone, FreePort.Tcp(), Convert.ToHexString(Guid.NewGuid().ToByteArray()));
            try
            {
                await server.InitializeAsync(schema, seed, secondaries, xfrCycleInterval);
                return server;
            }
            catch (ServerExitedException) when (attempt < 3)
            {
                // Most likely a free port taken by another process in between: try again on new ports.
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    public PowerDnsRouterSpec Spec(string id, SecretReference apiKey) =>
        new(id, ApiUrl, "localhost", Zone, apiKey, [.. Nameservers.Select(n => new HostEndpoint("127.0.0.1", n.Port))]);

    /// <summary>The same primary driven by RFC 2136 + TSIG instead of the HTTP API.</summary>
    public Rfc2136RouterSpec Rfc2136Spec(string id, SecretReference tsigSecret) =>
        new(id, new HostEndpoint("127.0.0.1", DnsEndpoint.Port), Zone, TsigKeyName, "hmac-sha256", tsigSecret,
            [.. Nameservers.Select(n => new HostEndpoint("127.0.0.1", n.Port))]);

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        foreach (var dir in _dirs)
        {
            try
            {
                dir.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp dir is harmless.
            }
        }
    }

    private async Task InitializeAsync(string schemaPath, IEnumerable<(string Name, string Type, int Ttl, string Content)> seed, int secondaries, int? xfrCycleInterval)
    {
        var ports = Enumerable.Range(0, secondaries + 1).Select(_ => FreePort.TcpAndUdp()).ToList();
        Nameservers.AddRange(ports.Select(p => new IPEndPoint(IPAddress.Loopback, p)));
        var notify = string.Join(',', ports.Skip(1).Select(p => $"127.0.0.1:{p}"));

        var primary = await PrepareAsync(schemaPath, ports[0],
        [
            "api=yes",
            $"api-key={ApiKey}",
            "webserver=yes",
            "webserver-address=127.0.0.1",
            $"webserver-port={ApiUrl.Port}",
            "webserver-allow-from=127.0.0.0/8",
            "primary=yes",
            "allow-axfr-ips=127.0.0.0/8",
            "dnsupdate=yes",
            xfrCycleInterval is { } cycle ? $"xfr-cycle-interval={cycle}" : "",
            "allow-dnsupdate-from=127.0.0.0/8",
            $"also-notify={notify}",
        ]);
        await PdnsUtilAsync(primary, "create-zone", Zone, $"ns1.{Zone}");
        await PdnsUtilAsync(primary, "set-kind", Zone, "primary");
        await PdnsUtilAsync(primary, "set-meta", Zone, "SOA-EDIT-API", "DEFAULT");
        await PdnsUtilAsync(primary, "import-tsig-key", TsigKeyName, "hmac-sha256", TsigSecret);
        await PdnsUtilAsync(primary, "set-meta", Zone, "TSIG-ALLOW-DNSUPDATE", TsigKeyName);
        foreach (var (name, type, ttl, content) in seed)
        {
            await PdnsUtilAsync(primary, "add-record", Zone, name, type, ttl.ToString(CultureInfo.InvariantCulture), content);
        }

        Start(primary);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("X-API-Key", ApiKey);
        await WaitServingAsync(0, async () => (await http.GetAsync(new Uri(ApiUrl, $"api/v1/servers/localhost/zones/{Zone}."))).IsSuccessStatusCode);

        foreach (var port in ports.Skip(1))
        {
            var secondary = await PrepareAsync(schemaPath, port, ["secondary=yes", "allow-notify-from=127.0.0.0/8"]);
            await PdnsUtilAsync(secondary, "create-secondary-zone", Zone, $"127.0.0.1:{ports[0]}");
            Start(secondary);
            await WaitServingAsync(_processes.Count - 1, () => Task.FromResult(true));
        }
    }

    private async Task<string> PrepareAsync(string schemaPath, int dnsPort, IEnumerable<string> extra)
    {
        var dir = Directory.CreateTempSubdirectory("failover-pdns-");
        _dirs.Add(dir);
        var database = Path.Combine(dir.FullName, "pdns.sqlite3");
        await using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = await File.ReadAllTextAsync(schemaPath);
            await command.ExecuteNonQueryAsync();
        }

        await File.WriteAllLinesAsync(Path.Combine(dir.FullName, "pdns.conf"),
        [
            "launch=gsqlite3",
            $"gsqlite3-database={database}",
            $"local-address=127.0.0.1:{dnsPort}",
            $"socket-dir={dir.FullName}",
            "disable-syslog=yes",
            "security-poll-suffix=",
            "distributor-threads=1",
            "receiver-threads=1",
            "loglevel=4",
            .. extra,
        ]);
        return dir.FullName;
    }

    private static Task<string> PdnsUtilAsync(string dir, params string[] arguments) =>
        Tool.RunAsync(UtilBinary, [$"--config-dir={dir}", .. arguments], InstallHint);

    private void Start(string dir) =>
        _processes.Add(ServerProcess.Start(ServerBinary, [$"--config-dir={dir}", "--daemon=no", "--guardian=no"], InstallHint));

    private async Task WaitServingAsync(int index, Func<Task<bool>> extra)
    {
        var process = _processes[index];
        var lookup = new DnsLookup(Nameservers[index]);
        await Wait.UntilAsync(
            async () =>
            {
                process.ThrowIfExited($"pdns_server on {Nameservers[index]}");
                return await lookup.SerialAsync(Zone) is not null && await extra();
            },
            TimeSpan.FromSeconds(20),
            $"pdns_server (pid {process.Pid}) serving zone {Zone} on {Nameservers[index]}",
            () => process.Output);
    }
}
