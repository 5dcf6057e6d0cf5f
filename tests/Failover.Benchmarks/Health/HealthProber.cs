using System.Globalization;
using System.Text.Json;
using Failover.Probes;

namespace Failover.Benchmarks.Health;

/// <summary>
/// (Helper of health-probes.) Our scheduler and HTTP probe alone in a process, against the given target ports;
/// prints its measurements as one "REPORT {json}" line.
/// </summary>
internal sealed class HealthProber : IBenchmark
{
    public string Name => "health-prober";

    public string Description => "(helper of health-probes) our prober alone; args: PORTS(comma-separated) SERVER-PID [health-probes options]";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var ports = args[0].Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToList();
        var serverPid = int.Parse(args[1], CultureInfo.InvariantCulture);
        var o = HealthProbesBenchmark.Options.Parse(args[2..]);
        var probes = ProbesServiceCollectionExtensions.CreateProbes();
        try
        {
            var report = await HealthProbesBenchmark.MeasureAsync("failover", probes, HealthProbesBenchmark.Targets(o, ports), o, serverPid, otherPid: null, cancellationToken);
            Console.WriteLine("REPORT " + JsonSerializer.Serialize(report));
            return 0;
        }
        finally
        {
            foreach (var p in probes.OfType<IDisposable>())
            {
                p.Dispose();
            }
        }
    }
}
