using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Failover.Core.Topology;

namespace Failover.Testing;

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
    private readonly List<ServerProcess> _processes = [];

    private BindServer(DirectoryInfo dir, string zone, IEnumerable<int> ports)
    {
        _dir = dir;
        Zone = zone;
        Nameservers = [.. ports.Select(p => new IPEndPoint(IPAddress.Loopback, p))];
        SecretFile = Path.Combine(dir.FullName, "tsig.secret");
    }

    public string Zone { get; }

    /// <summary>The primary's endpoint, where updates go.</summary>
    public IPEndPoint DnsEndpoint => Nameservers[0];

    /// <summary>The primary first, then the secondaries.</summary>
    public IReadOnlyList<IPEndPoint> Nameservers { get; }

    /// <summary>The TSIG secret, in a file the router reads through its secret reference.</summary>
    public string SecretFile { get; }

    public SecretReference Secret => new(SecretSource.File, SecretFile);

    public IReadOnlyList<int> Pids => [.. _processes.Select(p => p.Pid)];

    public DnsLookup Lookup => new(DnsEndpoint);

    /// <param name="seed">Zone-file lines present before the test, e.g. <c>seeded 120 IN A 192.0.2.10</c>.</param>
    /// <param name="secondaries">How many secondary servers (NOTIFY + IXFR from the primary) to start beside it.</param>
    /// <param name="notifyDelay">The primary's notify-delay: BIND batches NOTIFYs after a change for 5 s by default; 0 sends at once.</param>
    public static async Task<BindServer> StartAsync(string zone, IEnumerable<string> seed, int secondaries = 0, int notifyDelay = 0)
    {
        Tool.RequireInstalled(NamedBinary, InstallHint);
        for (var attempt = 1; ; attempt++)
        {
            var dir = Directory.CreateTempSubdirectory("failover-bind-");
            var server = new BindServer(dir, zone, Enumerable.Range(0, secondaries + 1).Select(_ => FreePort.TcpAndUdp()).ToList());
            try
            {
                await server.InitializeAsync(seed, notifyDelay);
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

    public Rfc2136RouterSpec Spec(string id, SecretReference? secret = null, string keyName = KeyName) =>
        new(id, new HostEndpoint("127.0.0.1", DnsEndpoint.Port), Zone, keyName, Algorithm, secret ?? Secret,
            [.. Nameservers.Select(n => new HostEndpoint("127.0.0.1", n.Port))]);

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
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

    private async Task InitializeAsync(IEnumerable<string> seed, int notifyDelay)
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
        var notify = string.Join(' ', Nameservers.Skip(1).Select(n => $"127.0.0.1 port {n.Port};"));
        await StartNamedAsync("primary", 0, $$"""
              type primary;
              file "{{dir}}/zone.db";
              journal "{{dir}}/zone.db.jnl";
              allow-update { key {{KeyName}}; };
              allow-transfer { 127.0.0.1; };
              notify explicit;
              notify-delay {{notifyDelay}};
              also-notify { {{notify}} };
            """);
        for (var i = 1; i < Nameservers.Count; i++)
        {
            await StartNamedAsync($"secondary{i}", i, $$"""
                  type secondary;
                  primaries { 127.0.0.1 port {{DnsEndpoint.Port}}; };
                  file "{{dir}}/secondary{{i}}.db";
                """);
        }
    }

    private async Task StartNamedAsync(string role, int index, string zoneClauses)
    {
        var dir = _dir.FullName;
        var port = Nameservers[index].Port.ToString(CultureInfo.InvariantCulture);
        var conf = Path.Combine(dir, $"{role}.conf");
        await File.WriteAllTextAsync(conf, $$"""
            include "{{dir}}/key.conf";
            options {
              directory "{{dir}}";
              listen-on port {{port}} { 127.0.0.1; };
              listen-on-v6 { none; };
              pid-file "{{dir}}/{{role}}.pid";
              session-keyfile "{{dir}}/{{role}}.session.key";
              managed-keys-directory "{{dir}}";
              recursion no;
              dnssec-validation no;
              notify-source 127.0.0.1;
              transfer-source 127.0.0.1;
            };
            controls { };
            zone "{{Zone}}" {
            {{zoneClauses}}
            };
            """);

        var process = ServerProcess.Start(NamedBinary, ["-g", "-n", "1", "-c", conf], InstallHint);
        _processes.Add(process);
        var lookup = new DnsLookup(Nameservers[index]);
        await Wait.UntilAsync(
            async () =>
            {
                process.ThrowIfExited($"named {role} on {Nameservers[index]}");
                return await lookup.SerialAsync(Zone) is not null;
            },
            TimeSpan.FromSeconds(20),
            $"named {role} (pid {process.Pid}) serving zone {Zone} on {Nameservers[index]} (if its output says 'permission denied' on {dir}, "
            + "AppArmor confines named: aa-complain /usr/sbin/named)",
            () => process.Output);
    }

    [GeneratedRegex("secret \"([^\"]+)\"")]
    private static partial Regex SecretPattern();
}
