using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Failover.Core.Topology;
using Failover.Traffic.Tests.Infrastructure;

namespace Failover.Traffic.Tests.Rfc2136;

/// <summary>
/// A real BIND 9 (<c>named -g -c conf</c>) on a free loopback port, its own directory, a dynamic primary zone that a
/// TSIG key (made by tsig-keygen) may update; killed by PID on dispose. Runs as the current user (no -u).
/// </summary>
public sealed partial class BindServer : IAsyncDisposable
{
    public const string InstallHint = "apt-get install bind9 bind9-utils";
    public const string KeyName = "failover-key";
    public const string Algorithm = "hmac-sha256";
    private const string NamedBinary = "/usr/sbin/named";
    private const string KeygenBinary = "/usr/sbin/tsig-keygen";

    private readonly DirectoryInfo _dir;
    private ServerProcess? _process;

    private BindServer(DirectoryInfo dir, string zone, int port)
    {
        _dir = dir;
        Zone = zone;
        DnsEndpoint = new IPEndPoint(IPAddress.Loopback, port);
        SecretFile = Path.Combine(dir.FullName, "tsig.secret");
    }

    public string Zone { get; }

    public IPEndPoint DnsEndpoint { get; }

    /// <summary>The TSIG secret, in a file the router reads through its secret reference.</summary>
    public string SecretFile { get; }

    public SecretReference Secret => new(SecretSource.File, SecretFile);

    public int Pid => _process?.Pid ?? 0;

    public DnsLookup Lookup => new(DnsEndpoint);

    /// <param name="seed">Zone-file lines present before the test, e.g. <c>seeded 120 IN A 192.0.2.10</c>.</param>
    public static async Task<BindServer> StartAsync(string zone, IEnumerable<string> seed)
    {
        Tool.RequireInstalled(NamedBinary, InstallHint);
        var dir = Directory.CreateTempSubdirectory("failover-bind-");
        var server = new BindServer(dir, zone, FreePort.TcpAndUdp());
        try
        {
            await server.InitializeAsync(seed);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public Rfc2136RouterSpec Spec(string id, SecretReference? secret = null, string keyName = KeyName) =>
        new(id, new HostEndpoint("127.0.0.1", DnsEndpoint.Port), Zone, keyName, Algorithm, secret ?? Secret,
            [new HostEndpoint("127.0.0.1", DnsEndpoint.Port)]);

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

    private async Task InitializeAsync(IEnumerable<string> seed)
    {
        var dir = _dir.FullName;
        var key = await Tool.RunAsync(KeygenBinary, ["-a", Algorithm, KeyName], InstallHint);
        var secret = SecretPattern().Match(key) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"tsig-keygen printed no secret: {key}");
        await File.WriteAllTextAsync(Path.Combine(dir, "key.conf"), key);
        await File.WriteAllTextAsync(SecretFile, secret);
        await File.WriteAllLinesAsync(Path.Combine(dir, "zone.db"),
        [
            "$TTL 300",
            $"@ IN SOA ns1.{Zone}. hostmaster.{Zone}. 1 3600 600 86400 60",
            $"@ IN NS ns1.{Zone}.",
            "ns1 IN A 127.0.0.1",
            .. seed,
        ]);
        var port = DnsEndpoint.Port.ToString(CultureInfo.InvariantCulture);
        var conf = Path.Combine(dir, "named.conf");
        await File.WriteAllTextAsync(conf, $$"""
            include "{{dir}}/key.conf";
            options {
              directory "{{dir}}";
              listen-on port {{port}} { 127.0.0.1; };
              listen-on-v6 { none; };
              pid-file "{{dir}}/named.pid";
              session-keyfile "{{dir}}/session.key";
              managed-keys-directory "{{dir}}";
              recursion no;
              dnssec-validation no;
              notify no;
            };
            controls { };
            zone "{{Zone}}" {
              type primary;
              file "{{dir}}/zone.db";
              journal "{{dir}}/zone.db.jnl";
              allow-update { key {{KeyName}}; };
            };
            """);

        _process = ServerProcess.Start(NamedBinary, ["-g", "-n", "1", "-c", conf], InstallHint);
        var lookup = Lookup;
        await Wait.UntilAsync(
            async () => !_process.HasExited && await lookup.SerialAsync(Zone) is not null,
            TimeSpan.FromSeconds(20),
            $"named (pid {_process.Pid}) serving zone {Zone} on {DnsEndpoint}",
            () => _process.Output);
    }

    [GeneratedRegex("secret \"([^\"]+)\"")]
    private static partial Regex SecretPattern();
}
