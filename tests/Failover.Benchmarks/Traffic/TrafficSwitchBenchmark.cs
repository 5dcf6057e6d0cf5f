using System.Diagnostics;
using System.Globalization;
using System.Net;
using Failover.Core;
using Failover.Core.Topology;
using Failover.Core.Traffic;
using Failover.Traffic;
using Failover.Traffic.Edge;
using Failover.Testing;

namespace Failover.Benchmarks.Traffic;

/// <summary>
/// Time from the switch call to every authoritative server (primary + secondary) answering the new address, for
/// PowerDNS (API PATCH + NOTIFY, secondary by AXFR) and BIND 9 (RFC 2136 + TSIG, secondary by IXFR), and for the YARP
/// edge (route live). Real servers on loopback; median of repeated switches alternating between two sites.
/// Usage: traffic-switch [runs]   (default 15)
/// </summary>
internal sealed class TrafficSwitchBenchmark : IBenchmark
{
    private const string Zone = "bench.test";
    private const int OldTtlSeconds = 60;
    private static readonly IPAddress[] SiteA = [IPAddress.Parse("192.0.2.10")];
    private static readonly IPAddress[] SiteB = [IPAddress.Parse("198.51.100.20"), IPAddress.Parse("2001:db8::20")];

    public string Name => "traffic-switch";

    public string Description => "switch call -> all authoritative servers answer the new address (PowerDNS, BIND, edge); median";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15;
        var options = new TrafficOptions { VerificationPollInterval = TimeSpan.FromMilliseconds(10) };
        Console.WriteLine($"traffic-switch: {runs} switches per router, alternating two sites, primary + 1 secondary unless said, poll every {options.VerificationPollInterval.TotalMilliseconds} ms");
        Console.WriteLine($"{"router",-38} {"median",9} {"min",9} {"p90",9} {"max",9}  staleness");

        await using (var pdns = await PowerDnsServer.StartAsync(Zone, [("ent", "A", OldTtlSeconds, "192.0.2.10")], secondaries: 0, xfrCycleInterval: null))
        {
            var router = Factory(options).Create(pdns.Spec("pdns", TestSecrets.InEnvironment(pdns.ApiKey)));
            await MeasureAsync("powerdns 4.7 primary only", router, runs, cancellationToken);
        }

        await using (var bind = await BindServer.StartAsync(Zone, [$"ent {OldTtlSeconds} IN A 192.0.2.10"], secondaries: 0))
        {
            await MeasureAsync("bind 9.18 rfc2136 primary only", Factory(options).Create(bind.Spec("bind")), runs, cancellationToken);
        }

        await using (var pdns = await PowerDnsServer.StartAsync(Zone, [("ent", "A", OldTtlSeconds, "192.0.2.10")], secondaries: 1, xfrCycleInterval: null))
        {
            var router = Factory(options).Create(pdns.Spec("pdns", TestSecrets.InEnvironment(pdns.ApiKey)));
            await MeasureAsync("powerdns 4.7 (PATCH+NOTIFY, AXFR)", router, runs, cancellationToken);
        }

        await using (var pdns = await PowerDnsServer.StartAsync(Zone, [("ent", "A", OldTtlSeconds, "192.0.2.10")], secondaries: 1, xfrCycleInterval: 1))
        {
            var router = Factory(options).Create(pdns.Rfc2136Spec("pdns-rfc2136", TestSecrets.InEnvironment(pdns.TsigSecret)));
            await MeasureAsync("powerdns 4.7 rfc2136 (xfr-cycle 1 s)", router, runs, cancellationToken);
        }

        await using (var bind = await BindServer.StartAsync(Zone, [$"ent {OldTtlSeconds} IN A 192.0.2.10"], secondaries: 1, notifyDelay: 0))
        {
            await MeasureAsync("bind 9.18 rfc2136 (notify-delay 0)", Factory(options).Create(bind.Spec("bind")), runs, cancellationToken);
        }

        await using (var bind = await BindServer.StartAsync(Zone, [$"ent {OldTtlSeconds} IN A 192.0.2.10"], secondaries: 1, notifyDelay: 5))
        {
            await MeasureAsync("bind 9.18 rfc2136 (notify-delay 5 dflt)", Factory(options).Create(bind.Spec("bind")), Math.Min(runs, 5), cancellationToken);
        }

        await using (var a = await SiteBackend.StartAsync("site-a"))
        await using (var b = await SiteBackend.StartAsync("site-b"))
        await using (var edge = await EdgeProxy.StartAsync(new EdgeProxyOptions { ListenUrl = new Uri("http://127.0.0.1:0") }, null, cancellationToken))
        {
            var router = new TrafficRouterFactory(TestSecrets.Instance, TimeProvider.System, options, null, edge).Create(new EdgeRouterSpec("edge", null));
            await MeasureAsync("yarp edge (in-process)", router, runs, cancellationToken, [a.Url, b.Url]);
        }

        return 0;
    }

    private static TrafficRouterFactory Factory(TrafficOptions options) => new(TestSecrets.Instance, TimeProvider.System, options);

    private static async Task MeasureAsync(string label, ITrafficRouter router, int runs, CancellationToken cancellationToken, Uri[]? upstreams = null)
    {
        var verified = new List<double>();
        var staleness = TimeSpan.Zero;
        for (var i = 0; i < runs; i++)
        {
            var toB = i % 2 == 0;
            var target = new WeightedTarget(toB ? "site-b" : "site-a", toB ? SiteB : SiteA, upstreams is null ? [] : [upstreams[toB ? 1 : 0]], 1.0);
            var request = new SwitchRequest(new TrafficRoute("ent", "bench", $"ent.{Zone}"), [target], TimeSpan.FromSeconds(OldTtlSeconds),
                new Epoch(i + 2), TimeSpan.FromSeconds(30));
            var clock = Stopwatch.StartNew();
            var result = await router.SwitchAsync(request, cancellationToken);
            clock.Stop();
            if (result.Outcome != SwitchOutcome.Applied || result.VerifiedAfter is not { } after)
            {
                Console.WriteLine($"{label}: run {i} {result.Outcome}: {result.Reason}");
                continue;
            }

            verified.Add(after.TotalMilliseconds);
            staleness = result.WorstCaseStaleness;
        }

        verified.Sort();
        if (verified.Count == 0)
        {
            Console.WriteLine($"{label,-38} no successful run");
            return;
        }

        static string Ms(double v) => $"{v.ToString("0.0", CultureInfo.InvariantCulture)} ms";
        var median = verified.Count % 2 == 1 ? verified[verified.Count / 2] : (verified[(verified.Count / 2) - 1] + verified[verified.Count / 2]) / 2;
        var p90 = verified[Math.Min(verified.Count - 1, (int)Math.Ceiling(verified.Count * 0.9) - 1)];
        Console.WriteLine($"{label,-38} {Ms(median),9} {Ms(verified[0]),9} {Ms(p90),9} {Ms(verified[^1]),9}  {staleness.TotalSeconds} s (n={verified.Count})");
    }
}
