using System.Collections.Concurrent;
using System.Net;
using DnsClient;
using DnsClient.Protocol;
using Microsoft.Extensions.Logging;

namespace Failover.Traffic.Dns;

/// <summary>
/// Asks every authoritative server of a zone, directly and without recursion or cache, for a name's A and AAAA
/// records until all of them answer the expected set, or the bound is reached.
/// </summary>
internal sealed partial class AuthoritativeVerifier
{
    private readonly TrafficOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<IPEndPoint, LookupClient> _clients = new();

    public AuthoritativeVerifier(TrafficOptions options, TimeProvider time, ILogger logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <param name="nudge">Called every <see cref="TrafficOptions.SecondaryNudgeInterval"/> while some server still disagrees.</param>
    public async Task<VerificationResult> VerifyAsync(
        string name, IReadOnlyCollection<IPAddress> expected, IReadOnlyList<IPEndPoint> servers, TimeSpan bound, CancellationToken cancellationToken,
        Func<CancellationToken, Task>? nudge = null)
    {
        var started = _time.GetTimestamp();
        var nudged = started;
        var answers = servers.ToDictionary(s => s, s => new NameserverAnswer(s, [], "not asked yet", false));
        if (servers.Count == 0)
        {
            return new VerificationResult(false, TimeSpan.Zero, []);
        }

        while (true)
        {
            var pending = answers.Values.Where(a => !a.Agrees).Select(a => a.Server).ToList();
            var round = await Task.WhenAll(pending.Select(s => AskAsync(s, name, expected, cancellationToken)));
            foreach (var answer in round)
            {
                answers[answer.Server] = answer;
            }

            var elapsed = _time.GetElapsedTime(started);
            if (answers.Values.All(a => a.Agrees))
            {
                Log.Verified(_logger, name, servers.Count, elapsed.TotalMilliseconds);
                return new VerificationResult(true, elapsed, [.. answers.Values]);
            }

            if (elapsed >= bound)
            {
                var result = new VerificationResult(false, elapsed, [.. answers.Values]);
                Log.NotVerified(_logger, name, bound.TotalMilliseconds, result.Describe());
                return result;
            }

            if (nudge is not null && _time.GetElapsedTime(nudged) >= _options.SecondaryNudgeInterval)
            {
                nudged = _time.GetTimestamp();
                await nudge(cancellationToken);
            }

            var pause = _options.VerificationPollInterval < bound - elapsed ? _options.VerificationPollInterval : bound - elapsed;
            await Task.Delay(pause, _time, cancellationToken);
        }
    }

    /// <summary>The A and AAAA records one server answers for <paramref name="name"/>; an empty list for NXDOMAIN or NODATA.</summary>
    public async Task<NameserverAnswer> AskAsync(IPEndPoint server, string name, IReadOnlyCollection<IPAddress> expected, CancellationToken cancellationToken)
    {
        var client = _clients.GetOrAdd(server, Create);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.DnsQueryTimeout);
        try
        {
            var v4 = client.QueryAsync(name, QueryType.A, QueryClass.IN, timeout.Token);
            var v6 = client.QueryAsync(name, QueryType.AAAA, QueryClass.IN, timeout.Token);
            var responses = await Task.WhenAll(v4, v6);
            var failed = responses.FirstOrDefault(r => r.HasError && r.Header.ResponseCode != DnsHeaderResponseCode.NotExistentDomain);
            if (failed is not null)
            {
                return new NameserverAnswer(server, [], $"{failed.Header.ResponseCode}: {failed.ErrorMessage}", false);
            }

            if (responses.FirstOrDefault(r => !r.Header.HasAuthorityAnswer) is not null)
            {
                return new NameserverAnswer(server, [], "answer is not authoritative (is the zone served there?)", false);
            }

            var addresses = responses.SelectMany(r => r.Answers)
                .Select(r => r switch { ARecord a => a.Address, AaaaRecord aaaa => aaaa.Address, _ => null })
                .OfType<IPAddress>()
                .Distinct()
                .ToList();
            return new NameserverAnswer(server, addresses, null, AddressSet.Equal(addresses, expected));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new NameserverAnswer(server, [], $"no answer within {_options.DnsQueryTimeout.TotalMilliseconds:0} ms", false);
        }
        catch (DnsResponseException ex)
        {
            return new NameserverAnswer(server, [], ex.Message, false);
        }
    }

    private LookupClient Create(IPEndPoint server) => new(new LookupClientOptions(new NameServer(server))
    {
        UseCache = false,
        Recursion = false,
        Retries = 0,
        Timeout = _options.DnsQueryTimeout,
        ThrowDnsErrors = false,
        UseTcpFallback = true,
        ContinueOnDnsError = false,
        ContinueOnEmptyResponse = false,
    });

    private static partial class Log
    {
        [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "All {Servers} authoritative servers answer the new addresses of {Name} after {ElapsedMs:0} ms")]
        public static partial void Verified(ILogger logger, string name, int servers, double elapsedMs);

        [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Authoritative servers still disagree on {Name} after {BoundMs:0} ms: {Detail}")]
        public static partial void NotVerified(ILogger logger, string name, double boundMs, string detail);
    }
}
