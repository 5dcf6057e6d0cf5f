using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Failover.Core.Health;
using Failover.Probes;

namespace Failover.Benchmarks.Health;

/// <summary>
/// N HTTP targets on loopback, each probed every interval with a fresh connection (status 200 and body "ok"), first by
/// our scheduler and HTTP probe, then by the Prometheus blackbox exporter driven at the same rate through its /probe
/// endpoint by the same scheduler. Targets: a separate Kestrel process with P ports, target i = http://127.0.0.1:port[i % P]/t/i.
/// --scheme https serves them with a self-signed certificate, which both contenders accept unchecked.
/// Reports probes/s, CPU seconds, probes per CPU-second, scheduling lag p50/p99 and memory for both.
/// </summary>
internal sealed class HealthProbesBenchmark : IBenchmark
{
    public string Name => "health-probes";

    public string Description => "10k HTTP targets at 1 s vs blackbox exporter; args: [--targets N] [--duration S] [--warmup S] [--ports P] [--interval-ms MS] [--concurrency C] [--scheme http|https] [--skip-blackbox] [--spin]";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var o = Options.Parse(args);
        Console.WriteLine($"health-probes: {o.Targets} targets, interval {o.Interval.TotalMilliseconds} ms, {o.Ports} target ports, warm-up {o.Warmup.TotalSeconds} s, measured {o.Duration.TotalSeconds} s per contender, {Environment.ProcessorCount} CPUs, {(o.Https ? "https" : "http")}");
        using var server = await TargetServer.StartAsync(o.Ports, o.Https, cancellationToken);
        var targets = Targets(o, server.Ports);

        var oursResult = await RunProberChildAsync(args, server, o, cancellationToken);

        Report? blackbox = null;
        if (!o.SkipBlackbox)
        {
            using var exporter = await BlackboxExporter.StartAsync(cancellationToken);
            using var driver = new BlackboxDriverProbe(exporter.Url, o.Https ? "https_ok" : "http_ok");
            var driven = targets.Select(t => t with { Timeout = t.Timeout + TimeSpan.FromSeconds(1) }).ToList();
            blackbox = await MeasureAsync("blackbox", [driver], driven, o, server.Pid, exporter.Pid, cancellationToken);
        }

        Console.WriteLine();
        Console.WriteLine("| contender | probes/s | ok % | CPU s (prober) | probes per CPU-s | lag p50 | lag p99 | probe latency p50 / p99 | prober RSS MiB | target server CPU s |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        Console.WriteLine(oursResult.Row());
        if (blackbox is not null)
        {
            Console.WriteLine(blackbox.Row());
            Console.WriteLine($"blackbox driver (our scheduler + pooled HTTP client, not counted for blackbox): {blackbox.DriverCpu.TotalSeconds:0.0} CPU s");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio probes per CPU-second, failover / blackbox: {oursResult.PerCpuSecond / blackbox.PerCpuSecond:0.0}x (goal >= 3x)"));
        }

        return 0;
    }

    internal static List<ProbeTarget> Targets(Options o, IReadOnlyList<int> ports) =>
        [.. Enumerable.Range(0, o.Targets).Select(i => (ProbeTarget)new HttpProbeTarget(
            $"t{i}", $"site-{i % 100}", o.Interval, TimeSpan.FromSeconds(2), new Uri($"{(o.Https ? "https" : "http")}://127.0.0.1:{ports[i % ports.Count]}/t/{i}"),
            200, "ok", ValidateCertificate: !o.Https))];

    /// <summary>
    /// Runs our prober in its own process (benchmark health-prober), so its CPU is measured alone, like the exporter's.
    /// The child gets DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 (idle worker threads do not spin), the setting a
    /// control-plane host should ship with; --spin keeps the runtime default.
    /// </summary>
    private static async Task<Report> RunProberChildAsync(string[] args, TargetServer server, Options o, CancellationToken ct)
    {
        var info = ChildProcess.StartInfo("health-prober");
        info.RedirectStandardOutput = true;
        info.ArgumentList.Add(string.Join(',', server.Ports));
        info.ArgumentList.Add(server.Pid.ToString(CultureInfo.InvariantCulture));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        if (!o.Spin)
        {
            info.Environment["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0";
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the prober");
        try
        {
            Report? report = null;
            while (await process.StandardOutput.ReadLineAsync(ct) is { } line)
            {
                if (line.StartsWith("REPORT ", StringComparison.Ordinal))
                {
                    report = JsonSerializer.Deserialize<Report>(line[7..]);
                }
                else
                {
                    Console.WriteLine(line);
                }
            }

            await process.WaitForExitAsync(ct);
            return report ?? throw new InvalidOperationException($"the prober exited ({process.ExitCode}) without a report");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    internal static async Task<Report> MeasureAsync(
        string name, IReadOnlyList<IProbe> probes, IReadOnlyList<ProbeTarget> targets, Options o, int? serverPid, int? otherPid, CancellationToken cancellationToken)
    {
        Console.WriteLine($"[{name}] warming up…");
        var sink = new CountingSink();
        using var scheduler = new ProbeScheduler(probes, sink, TimeProvider.System, new ProbeSchedulerOptions { MaxConcurrency = o.Concurrency, Seed = 7 });
        foreach (var t in targets)
        {
            scheduler.Add(t);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var loop = Task.Run(() => scheduler.RunAsync(stop.Token), CancellationToken.None);
        await Task.Delay(o.Warmup, cancellationToken);

        sink.Reset();
        var skipped0 = scheduler.Skipped;
        var ownCpu0 = ProcessCpu.Own();
        var otherCpu0 = otherPid is { } p0 ? ProcessCpu.Of(p0) : TimeSpan.Zero;
        var serverCpu0 = serverPid is { } s0 ? ProcessCpu.Of(s0) : TimeSpan.Zero;
        var gc0 = GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2);
        var wall = Stopwatch.StartNew();
        Console.WriteLine($"[{name}] measuring {o.Duration.TotalSeconds} s…");
        await Task.Delay(o.Duration, cancellationToken);
        var elapsed = wall.Elapsed;
        var (results, ok) = sink.Snapshot();
        var ownCpu = ProcessCpu.Own() - ownCpu0;
        var otherCpu = otherPid is { } p1 ? ProcessCpu.Of(p1) - otherCpu0 : TimeSpan.Zero;
        var serverCpu = serverPid is { } s1 ? ProcessCpu.Of(s1) - serverCpu0 : TimeSpan.Zero;
        var gcs = GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2) - gc0;
        var rss = otherPid is { } p2 ? ProcessCpu.RssMiB(p2) : ProcessCpu.RssMiB(Environment.ProcessId);
        var heap = GC.GetTotalMemory(false) / 1024.0 / 1024.0;
        var skipped = scheduler.Skipped - skipped0;

        await stop.CancelAsync();
        await loop;

        var proberCpu = otherPid is null ? ownCpu : otherCpu;
        var report = new Report(
            name, results / elapsed.TotalSeconds, results == 0 ? 0 : 100.0 * ok / results, proberCpu, results / Math.Max(proberCpu.TotalSeconds, 0.001),
            sink.Lag.Percentile(0.5), sink.Lag.Percentile(0.99), sink.Latency.Percentile(0.5), sink.Latency.Percentile(0.99), rss, serverCpu, ownCpu);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{name}] {results} results in {elapsed.TotalSeconds:0.0} s, {skipped} runs skipped, reasons: {sink.Reasons()}, GCs: {gcs}, managed heap {heap:0} MiB"));
        return report;
    }

    internal sealed record Report(
        string Name, double PerSecond, double OkPercent, TimeSpan Cpu, double PerCpuSecond, TimeSpan LagP50, TimeSpan LagP99,
        TimeSpan LatencyP50, TimeSpan LatencyP99, double RssMiB, TimeSpan ServerCpu, TimeSpan DriverCpu)
    {
        public string Row() => string.Create(CultureInfo.InvariantCulture,
            $"| {Name} | {PerSecond:0} | {OkPercent:0.00} | {Cpu.TotalSeconds:0.0} | {PerCpuSecond:0} | {LagP50.TotalMilliseconds:0.00} ms | {LagP99.TotalMilliseconds:0.00} ms | {LatencyP50.TotalMilliseconds:0.00} / {LatencyP99.TotalMilliseconds:0.00} ms | {RssMiB:0} | {ServerCpu.TotalSeconds:0.0} |");
    }

    private sealed class CountingSink : IProbeResultSink
    {
        private readonly long[] _byReason = new long[Enum.GetValues<ProbeFailureReason>().Length];

        public LagHistogram Lag { get; } = new();

        public LagHistogram Latency { get; } = new();

        /// <summary>Total and successful results, read from one copy of the counters.</summary>
        public (long Total, long Ok) Snapshot()
        {
            var copy = new long[_byReason.Length];
            for (var i = 0; i < copy.Length; i++)
            {
                copy[i] = Interlocked.Read(ref _byReason[i]);
            }

            return (copy.Sum(), copy[(int)ProbeFailureReason.None]);
        }

        public void OnProbeCompleted(ProbeTarget target, ProbeResult result, TimeSpan schedulingLag)
        {
            Interlocked.Increment(ref _byReason[(int)result.Reason]);
            Lag.Record(schedulingLag);
            Latency.Record(result.Latency);
        }

        public void Reset()
        {
            for (var i = 0; i < _byReason.Length; i++)
            {
                Interlocked.Exchange(ref _byReason[i], 0);
            }

            Lag.Reset();
            Latency.Reset();
        }

        public string Reasons() => string.Join(", ", _byReason.Select((n, i) => (n, i)).Where(x => x.n > 0).Select(x => $"{(ProbeFailureReason)x.i}={x.n}"));
    }

    internal sealed record Options(
        int Targets, TimeSpan Duration, TimeSpan Warmup, int Ports, TimeSpan Interval, int Concurrency, bool SkipBlackbox, bool Spin, bool Https)
    {
        public static Options Parse(string[] args)
        {
            var o = new Options(10_000, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5), 10, TimeSpan.FromSeconds(1), 1024, false, false, false);
            for (var i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                int Int() => int.Parse(Value(), CultureInfo.InvariantCulture);
                o = args[i] switch
                {
                    "--targets" => o with { Targets = Int() },
                    "--duration" => o with { Duration = TimeSpan.FromSeconds(Int()) },
                    "--warmup" => o with { Warmup = TimeSpan.FromSeconds(Int()) },
                    "--ports" => o with { Ports = Int() },
                    "--interval-ms" => o with { Interval = TimeSpan.FromMilliseconds(Int()) },
                    "--concurrency" => o with { Concurrency = Int() },
                    "--skip-blackbox" => o with { SkipBlackbox = true },
                    "--spin" => o with { Spin = true },
                    "--scheme" => o with { Https = Value() switch { "http" => false, "https" => true, var v => throw new ArgumentException($"--scheme {v}: http or https") } },
                    _ => throw new ArgumentException($"unknown argument {args[i]}"),
                };
            }

            return o.Targets < 1 || o.Ports < 1 || o.Duration <= TimeSpan.Zero
                ? throw new ArgumentException("--targets, --ports and --duration must be positive")
                : o;
        }
    }

    /// <summary>The target server child process (this executable, benchmark health-targets), killed by PID.</summary>
    internal sealed class TargetServer : IDisposable
    {
        private readonly Process _process;

        private TargetServer(Process process, IReadOnlyList<int> ports)
        {
            _process = process;
            Ports = ports;
        }

        public IReadOnlyList<int> Ports { get; }

        public int Pid => _process.Id;

        public static async Task<TargetServer> StartAsync(int ports, bool https, CancellationToken ct)
        {
            var info = ChildProcess.StartInfo("health-targets");
            info.RedirectStandardInput = true;
            info.RedirectStandardOutput = true;
            info.ArgumentList.Add(ports.ToString(CultureInfo.InvariantCulture));
            info.ArgumentList.Add(https ? "https" : "http");
            var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the target server");
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(30));
                while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
                {
                    if (line.StartsWith("PORTS ", StringComparison.Ordinal))
                    {
                        var list = line[6..].Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToList();
                        return new TargetServer(process, list);
                    }
                }

                throw new InvalidOperationException("the target server exited before listing its ports");
            }
            catch
            {
                process.Kill(entireProcessTree: true);
                process.Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            try
            {
                _process.StandardInput.Close();
                if (!_process.WaitForExit(5000))
                {
                    _process.Kill(entireProcessTree: true);
                }
            }
            finally
            {
                _process.Dispose();
            }
        }
    }

    /// <summary>The Prometheus blackbox exporter on a free loopback port with http_ok and https_ok modules; killed by PID.</summary>
    private sealed class BlackboxExporter : IDisposable
    {
        private const string Binary = "/usr/bin/prometheus-blackbox-exporter";
        private readonly Process _process;
        private readonly string _dir;

        private BlackboxExporter(Process process, string dir, Uri url)
        {
            _process = process;
            _dir = dir;
            Url = url;
        }

        public Uri Url { get; }

        public int Pid => _process.Id;

        public static async Task<BlackboxExporter> StartAsync(CancellationToken ct)
        {
            if (!File.Exists(Binary))
            {
                throw new InvalidOperationException($"{Binary} not found: apt-get install prometheus-blackbox-exporter");
            }

            var dir = Directory.CreateTempSubdirectory("failover-blackbox-").FullName;
            var config = Path.Combine(dir, "blackbox.yml");
            // Same semantics as our probe: GET, fresh connection, status 200, body must contain "ok", IPv4, 2 s timeout.
            await File.WriteAllTextAsync(config, """
                modules:
                  http_ok:
                    prober: http
                    timeout: 2s
                    http:
                      method: GET
                      valid_status_codes: [200]
                      fail_if_body_not_matches_regexp: ["ok"]
                      preferred_ip_protocol: ip4
                      ip_protocol_fallback: false
                      follow_redirects: false
                  https_ok:
                    prober: http
                    timeout: 2s
                    http:
                      method: GET
                      valid_status_codes: [200]
                      fail_if_body_not_matches_regexp: ["ok"]
                      preferred_ip_protocol: ip4
                      ip_protocol_fallback: false
                      follow_redirects: false
                      fail_if_not_ssl: true
                      tls_config:
                        insecure_skip_verify: true
                """, ct);
            var port = FreePort();
            var info = new ProcessStartInfo(Binary) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            info.ArgumentList.Add($"--config.file={config}");
            info.ArgumentList.Add($"--web.listen-address=127.0.0.1:{port}");
            info.ArgumentList.Add("--log.level=error");
            var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the blackbox exporter");
            process.ErrorDataReceived += (_, _) => { };
            process.OutputDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            var exporter = new BlackboxExporter(process, dir, new Uri($"http://127.0.0.1:{port}"));
            try
            {
                using var client = new HttpClient();
                var deadline = Stopwatch.StartNew();
                while (true)
                {
                    try
                    {
                        using var response = await client.GetAsync(new Uri(exporter.Url, "/-/healthy"), ct);
                        if (response.IsSuccessStatusCode)
                        {
                            return exporter;
                        }
                    }
                    catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromSeconds(15) && !process.HasExited)
                    {
                    }

                    if (deadline.Elapsed > TimeSpan.FromSeconds(15) || process.HasExited)
                    {
                        throw new InvalidOperationException("the blackbox exporter did not become healthy");
                    }

                    await Task.Delay(50, ct);
                }
            }
            catch
            {
                exporter.Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill();
                    _process.WaitForExit(5000);
                }
            }
            finally
            {
                _process.Dispose();
                Directory.Delete(_dir, recursive: true);
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
