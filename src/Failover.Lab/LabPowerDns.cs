using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using DnsClient;
using Failover.Core.Topology;
using Failover.Lab.Processes;
using Microsoft.Data.Sqlite;

namespace Failover.Lab;

/// <summary>
/// The lab's PowerDNS authoritative server (sqlite3 backend), when pdns-server is installed: zone <c>lab.</c> holding
/// the service's name, a lab process (pid file, log) like the others, its files under the lab directory and its API
/// key in the lab's secrets directory. Ports are the layout's fixed ones unless given (tests use free ones).
/// </summary>
public sealed class LabPowerDns(LabLayout layout, int dnsPort = LabLayout.DnsPort, int apiPort = LabLayout.DnsApiPort)
{
    public const string ProcessName = "dns";
    public const string InstallHint = "apt-get install pdns-server pdns-backend-sqlite3";
    public const string RouterId = "lab-dns";
    private const string ServerBinary = "/usr/sbin/pdns_server";
    private const string UtilBinary = "/usr/bin/pdnsutil";

    private static readonly string[] SchemaPaths =
    [
        "/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql",
        "/usr/share/doc/pdns-backend-sqlite3/schema.sqlite3.sql",
    ];

    private readonly LabProcesses _processes = new(layout);

    public static bool IsInstalled => File.Exists(ServerBinary);

    /// <summary>Whether this lab was started with a PowerDNS server (its API key exists only then).</summary>
    public static bool IsConfigured(LabLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return File.Exists(layout.PowerDnsApiKeyFile);
    }

    public IPEndPoint DnsEndpoint => new(IPAddress.Loopback, dnsPort);

    public Uri ApiUrl => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{apiPort}/"));

    /// <summary>The router the lab drives the zone with (not in the estate file: a service has one router, the edge).</summary>
    public PowerDnsRouterSpec RouterSpec => new(
        RouterId, ApiUrl, "localhost", LabLayout.DnsZone, new SecretReference(SecretSource.File, layout.PowerDnsApiKeyFile), [new HostEndpoint("127.0.0.1", dnsPort)]);

    /// <summary>Creates the zone with the service's name pointing at <paramref name="address"/>, starts the server and waits (bounded) until it answers.</summary>
    public async Task StartAsync(IPAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!IsInstalled)
        {
            throw new InvalidOperationException($"{ServerBinary} is missing: {InstallHint}");
        }

        var schema = SchemaPaths.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"the PowerDNS sqlite3 schema is missing ({string.Join(", ", SchemaPaths)}): {InstallHint}");
        var directory = layout.PowerDnsDirectory;
        Directory.CreateDirectory(directory);
        Directory.CreateDirectory(layout.SecretsDirectory);
        var apiKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        await File.WriteAllTextAsync(layout.PowerDnsApiKeyFile, apiKey, cancellationToken);

        var database = Path.Combine(directory, "pdns.sqlite3");
        await using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = await File.ReadAllTextAsync(schema, cancellationToken);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await File.WriteAllLinesAsync(Path.Combine(directory, "pdns.conf"),
        [
            "launch=gsqlite3",
            $"gsqlite3-database={database}",
            string.Create(CultureInfo.InvariantCulture, $"local-address=127.0.0.1:{dnsPort}"),
            $"socket-dir={directory}",
            "disable-syslog=yes",
            "security-poll-suffix=",
            "distributor-threads=1",
            "receiver-threads=1",
            "loglevel=4",
            "api=yes",
            $"api-key={apiKey}",
            "webserver=yes",
            "webserver-address=127.0.0.1",
            string.Create(CultureInfo.InvariantCulture, $"webserver-port={apiPort}"),
            "webserver-allow-from=127.0.0.0/8",
        ], cancellationToken);

        var zone = LabLayout.DnsZone;
        var name = LabLayout.DnsName[..^(zone.Length + 1)];
        await PdnsUtilAsync(cancellationToken, "create-zone", zone, "ns1." + zone);
        await PdnsUtilAsync(cancellationToken, "set-kind", zone, "native");
        await PdnsUtilAsync(cancellationToken, "set-meta", zone, "SOA-EDIT-API", "DEFAULT");
        await PdnsUtilAsync(cancellationToken, "add-record", zone, name, "A", "1", address.ToString());

        _processes.Start(ProcessName, ServerBinary, [$"--config-dir={directory}", "--daemon=no", "--guardian=no"]);
        await WaitAnsweringAsync(cancellationToken);
    }

    public Task<bool> KillAsync(CancellationToken cancellationToken) => _processes.KillAsync(ProcessName, cancellationToken);

    /// <summary>The A records the server answers for the service's name (empty when none).</summary>
    public async Task<IReadOnlyList<IPAddress>> LookupAsync(CancellationToken cancellationToken)
    {
        var client = new LookupClient(new LookupClientOptions(new NameServer(DnsEndpoint)) { UseCache = false, Retries = 0, Timeout = TimeSpan.FromSeconds(1) });
        var answer = await client.QueryAsync(LabLayout.DnsName, QueryType.A, cancellationToken: cancellationToken);
        return [.. answer.Answers.ARecords().Select(a => a.Address)];
    }

    private async Task WaitAnsweringAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        http.DefaultRequestHeaders.Add("X-API-Key", (await File.ReadAllTextAsync(layout.PowerDnsApiKeyFile, cancellationToken)).Trim());
        var clock = Stopwatch.StartNew();
        var last = "nothing yet";
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (_processes.PidOf(ProcessName) is null)
            {
                throw new InvalidOperationException($"pdns_server stopped; see {layout.LogFile(ProcessName)}");
            }

            try
            {
                var addresses = await LookupAsync(cancellationToken);
                using var api = await http.GetAsync(new Uri(ApiUrl, $"api/v1/servers/localhost/zones/{LabLayout.DnsZone}"), cancellationToken);
                if (addresses.Count > 0 && api.IsSuccessStatusCode)
                {
                    return;
                }

                last = $"{addresses.Count} A records, API {(int)api.StatusCode}";
            }
            catch (Exception e) when (e is DnsResponseException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                last = e.Message;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"pdns_server did not answer on {DnsEndpoint} within 20 s (last: {last}); see {layout.LogFile(ProcessName)}");
    }

    private async Task PdnsUtilAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        var start = new ProcessStartInfo(UtilBinary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add($"--config-dir={layout.PowerDnsDirectory}");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {UtilBinary}: {InstallHint}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pdnsutil {string.Join(' ', arguments)} failed ({process.ExitCode}): {(await error).Trim()} {(await output).Trim()}");
        }
    }
}
