using System.Globalization;
using System.Net;
using Failover.Core.Topology;
using Failover.Traffic.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Failover.Traffic.Tests.PowerDns;

/// <summary>
/// A real PowerDNS authoritative server (sqlite3 backend) on loopback: own config dir, DNS and API on free ports,
/// foreground (--daemon=no --guardian=no), killed by PID on dispose.
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

    private readonly DirectoryInfo _dir;
    private ServerProcess? _process;

    private PowerDnsServer(DirectoryInfo dir, string zone, int dnsPort, int apiPort, string apiKey)
    {
        _dir = dir;
        Zone = zone;
        DnsEndpoint = new IPEndPoint(IPAddress.Loopback, dnsPort);
        ApiUrl = new Uri($"http://127.0.0.1:{apiPort.ToString(CultureInfo.InvariantCulture)}/");
        ApiKey = apiKey;
    }

    public string Zone { get; }

    public IPEndPoint DnsEndpoint { get; }

    public Uri ApiUrl { get; }

    public string ApiKey { get; }

    public int Pid => _process?.Pid ?? 0;

    public DnsLookup Lookup => new(DnsEndpoint);

    /// <param name="seed">Records present before the test: (relative name, type, ttl seconds, content).</param>
    public static async Task<PowerDnsServer> StartAsync(string zone, IEnumerable<(string Name, string Type, int Ttl, string Content)> seed)
    {
        Tool.RequireInstalled(ServerBinary, InstallHint);
        var schema = SchemaPaths.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"the PowerDNS sqlite3 schema is missing ({string.Join(", ", SchemaPaths)}): {InstallHint}");
        var dir = Directory.CreateTempSubdirectory("failover-pdns-");
        var server = new PowerDnsServer(dir, zone, FreePort.TcpAndUdp(), FreePort.Tcp(), Convert.ToHexString(Guid.NewGuid().ToByteArray()));
        try
        {
            await server.InitializeAsync(schema, seed);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public PowerDnsRouterSpec Spec(string id, SecretReference apiKey) =>
        new(id, ApiUrl, "localhost", Zone, apiKey, [new HostEndpoint("127.0.0.1", DnsEndpoint.Port)]);

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        try
        {
            _dir.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp dir is harmless.
        }
    }

    private async Task InitializeAsync(string schemaPath, IEnumerable<(string Name, string Type, int Ttl, string Content)> seed)
    {
        var database = Path.Combine(_dir.FullName, "pdns.sqlite3");
        await using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = await File.ReadAllTextAsync(schemaPath);
            await command.ExecuteNonQueryAsync();
        }

        await File.WriteAllLinesAsync(Path.Combine(_dir.FullName, "pdns.conf"),
        [
            "launch=gsqlite3",
            $"gsqlite3-database={database}",
            $"local-address=127.0.0.1:{DnsEndpoint.Port}",
            "api=yes",
            $"api-key={ApiKey}",
            "webserver=yes",
            "webserver-address=127.0.0.1",
            $"webserver-port={ApiUrl.Port}",
            "webserver-allow-from=127.0.0.0/8",
            $"socket-dir={_dir.FullName}",
            "disable-syslog=yes",
            "security-poll-suffix=",
            "distributor-threads=1",
            "receiver-threads=1",
            "loglevel=4",
        ]);

        var config = $"--config-dir={_dir.FullName}";
        await Tool.RunAsync(UtilBinary, [config, "create-zone", Zone, $"ns1.{Zone}"], InstallHint);
        await Tool.RunAsync(UtilBinary, [config, "set-meta", Zone, "SOA-EDIT-API", "DEFAULT"], InstallHint);
        foreach (var (name, type, ttl, content) in seed)
        {
            await Tool.RunAsync(UtilBinary, [config, "add-record", Zone, name, type, ttl.ToString(CultureInfo.InvariantCulture), content], InstallHint);
        }

        _process = ServerProcess.Start(ServerBinary, [config, "--daemon=no", "--guardian=no"], InstallHint);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("X-API-Key", ApiKey);
        var lookup = Lookup;
        await Wait.UntilAsync(
            async () => !_process.HasExited
                && (await http.GetAsync(new Uri(ApiUrl, $"api/v1/servers/localhost/zones/{Zone}."))).IsSuccessStatusCode
                && await lookup.SerialAsync(Zone) is not null,
            TimeSpan.FromSeconds(20),
            $"pdns_server (pid {_process.Pid}) serving zone {Zone} on {DnsEndpoint} and its API on {ApiUrl}",
            () => _process.Output);
    }
}
