using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using ARSoft.Tools.Net.Dns.DynamicUpdate;
using DnsClient;
using Failover.Core.Secrets;
using Failover.Core.Topology;
using Failover.Traffic.Dns;
using Microsoft.Extensions.Logging;
using ArDnsClient = ARSoft.Tools.Net.Dns.DnsClient;
using ArRecordType = ARSoft.Tools.Net.Dns.RecordType;

namespace Failover.Traffic.Rfc2136;

/// <summary>
/// RFC 2136 dynamic update signed with TSIG (RFC 8945), sent over TCP to the zone's primary. The update carries the
/// records it read as value-dependent prerequisites (A, AAAA and the epoch marker TXT, or their absence), so the
/// server applies it only if nobody changed them in between: a concurrent change comes back as NXRRSET/YXRRSET and
/// is reported, never overwritten. Reads are plain non-recursive queries over TCP to the same primary.
/// </summary>
internal sealed partial class Rfc2136ZoneBackend(Rfc2136RouterSpec spec, ISecretResolver secrets, TrafficOptions options, TimeProvider time, ILogger logger)
    : IDnsZoneBackend
{
    private static readonly TimeSpan TsigFudge = TimeSpan.FromMinutes(5);

    public string Kind => "rfc2136";

    public string RouterId => spec.Id;

    public string Zone => spec.Zone;

    public async Task<BackendResult<DnsRecordState>> ReadAsync(string name, string markerName, CancellationToken cancellationToken)
    {
        var server = await ServerAsync(cancellationToken);
        if (!server.Succeeded)
        {
            return BackendResult<DnsRecordState>.Fail(server.Error!);
        }

        var client = new LookupClient(new LookupClientOptions(new NameServer(server.Value!))
        {
            UseCache = false,
            Recursion = false,
            Retries = 0,
            UseTcpOnly = true,
            ThrowDnsErrors = false,
            ContinueOnDnsError = false,
            ContinueOnEmptyResponse = false,
            Timeout = options.RequestTimeout,
        });
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        try
        {
            var responses = await Task.WhenAll(
                client.QueryAsync(name, QueryType.A, QueryClass.IN, timeout.Token),
                client.QueryAsync(name, QueryType.AAAA, QueryClass.IN, timeout.Token),
                client.QueryAsync(markerName, QueryType.TXT, QueryClass.IN, timeout.Token));
            var failed = responses.FirstOrDefault(r => r.HasError && r.Header.ResponseCode != DnsHeaderResponseCode.NotExistentDomain);
            if (failed is not null)
            {
                return BackendResult<DnsRecordState>.Fail($"primary {spec.Server} answered {failed.Header.ResponseCode} for {name}: {failed.ErrorMessage}");
            }

            if (responses.Any(r => !r.Header.HasAuthorityAnswer))
            {
                return BackendResult<DnsRecordState>.Fail($"primary {spec.Server} is not authoritative for {name} (is zone {spec.Zone} served there?)");
            }

            var addressRecords = responses[0].Answers.ARecords().Select(r => (r.Address, r.InitialTimeToLive))
                .Concat(responses[1].Answers.AaaaRecords().Select(r => (r.Address, r.InitialTimeToLive)))
                .ToList();
            var marker = responses[2].Answers.TxtRecords().Select(t => string.Concat(t.Text)).FirstOrDefault();
            TimeSpan? ttl = addressRecords.Count == 0 ? null : TimeSpan.FromSeconds(addressRecords.Max(r => r.InitialTimeToLive));
            return BackendResult<DnsRecordState>.Ok(new DnsRecordState([.. addressRecords.Select(r => r.Address)], ttl, EpochMarker.Parse(marker)));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return BackendResult<DnsRecordState>.Fail($"primary {spec.Server} did not answer within {options.RequestTimeout}");
        }
        catch (DnsResponseException ex)
        {
            return BackendResult<DnsRecordState>.Fail($"cannot query primary {spec.Server}: {ex.Message}");
        }
    }

    public async Task<BackendResult<bool>> ReplaceAsync(string name, string markerName, DnsRecordState current, DnsDesiredState desired, CancellationToken cancellationToken)
    {
        if (TsigAlgorithms.Parse(spec.TsigAlgorithm) is not { } algorithm)
        {
            return BackendResult<bool>.Fail($"TsigAlgorithm '{spec.TsigAlgorithm}' of router {spec.Id} is not supported (use hmac-sha256, hmac-sha512, …)");
        }

        var key = TsigKey();
        if (!key.Succeeded)
        {
            return BackendResult<bool>.Fail(key.Error!);
        }

        var server = await ServerAsync(cancellationToken);
        if (!server.Succeeded)
        {
            return BackendResult<bool>.Fail(server.Error!);
        }

        var message = Build(name, markerName, current, desired);
        message.TSigOptions = new TSigRecord(
            DomainName.Parse(spec.TsigKeyName), algorithm, time.GetUtcNow().UtcDateTime, TsigFudge, message.TransactionID, ReturnCode.NoError, null, key.Value!);

        var timeoutMs = (int)options.RequestTimeout.TotalMilliseconds;
        var client = new ArDnsClient([server.Value!.Address], [new TcpClientTransport(server.Value.Port)], true, timeoutMs);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        DnsUpdateMessage? response;
        try
        {
            response = await client.SendUpdateAsync(message, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            response = null;
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException)
        {
            return BackendResult<bool>.Fail($"cannot send the update to {spec.Server}: {ex.Message}");
        }

        if (response is null)
        {
            return BackendResult<bool>.Fail($"primary {spec.Server} did not answer the update within {options.RequestTimeout}");
        }

        var error = Explain(response);
        if (error is not null)
        {
            Log.UpdateRejected(logger, spec.Id, name, response.ReturnCode.ToString(), error);
            return BackendResult<bool>.Fail(error);
        }

        Log.Updated(logger, spec.Id, name, desired.Epoch.Value);
        return BackendResult<bool>.Ok(true);
    }

    /// <summary>The primary (BIND, Knot…) sends NOTIFY itself after an update; there is nothing to ask.</summary>
    public Task NudgeSecondariesAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private DnsUpdateMessage Build(string name, string markerName, DnsRecordState current, DnsDesiredState desired)
    {
        var owner = DomainName.Parse(name);
        var markerOwner = DomainName.Parse(markerName);
        var message = new DnsUpdateMessage { ZoneName = DomainName.Parse(DnsNames.Absolute(spec.Zone)) };

        // What was read must still be there, exactly: the whole RRset (RFC 2136 §2.4.2) or its absence (§2.4.3).
        Require(message, current.V4.Select(a => new ARecord(owner, 0, a)), owner, ArRecordType.A);
        Require(message, current.V6.Select(a => new AaaaRecord(owner, 0, a)), owner, ArRecordType.Aaaa);
        Require(message, current.Marker is { } m ? [new TxtRecord(markerOwner, 0, m.Text)] : [], markerOwner, ArRecordType.Txt);

        message.Updates.Add(new DeleteAllRecordsUpdate(owner, ArRecordType.A));
        message.Updates.Add(new DeleteAllRecordsUpdate(owner, ArRecordType.Aaaa));
        foreach (var address in desired.V4)
        {
            message.Updates.Add(new AddRecordUpdate(new ARecord(owner, desired.TtlSeconds, address)));
        }

        foreach (var address in desired.V6)
        {
            message.Updates.Add(new AddRecordUpdate(new AaaaRecord(owner, desired.TtlSeconds, address)));
        }

        message.Updates.Add(new DeleteAllRecordsUpdate(markerOwner, ArRecordType.Txt));
        message.Updates.Add(new AddRecordUpdate(new TxtRecord(markerOwner, desired.TtlSeconds, desired.Marker.Text)));
        return message;
    }

    private static void Require(DnsUpdateMessage message, IEnumerable<DnsRecordBase> records, DomainName owner, ArRecordType type)
    {
        var list = records.ToList();
        if (list.Count == 0)
        {
            message.Prequisites.Add(new RecordNotExistsPrequisite(owner, type));
            return;
        }

        foreach (var record in list)
        {
            message.Prequisites.Add(new RecordExistsValueDependantPrequisite(record));
        }
    }

    private string? Explain(DnsUpdateMessage response)
    {
        var tsigError = response.TSigOptions?.Error is { } e && e != ReturnCode.NoError ? $", TSIG error {TsigErrorName(e)}" : "";
        return response.ReturnCode switch
        {
            ReturnCode.NoError => null,
            ReturnCode.NXRRSet or ReturnCode.YXRRSet or ReturnCode.NxDomain or ReturnCode.YXDomain =>
                $"concurrent change detected: the records changed on {spec.Server} since they were read (prerequisite failed: {response.ReturnCode}); nothing was written",
            ReturnCode.NotAuthoritive or ReturnCode.BadSig or ReturnCode.BadKey or ReturnCode.BadTime =>
                $"{spec.Server} rejected the TSIG signature of key '{spec.TsigKeyName}' ({(response.ReturnCode == ReturnCode.NotAuthoritive ? "NOTAUTH" : TsigErrorName(response.ReturnCode))}{tsigError}): check the key name, algorithm {spec.TsigAlgorithm} and the secret {spec.TsigSecret}",
            ReturnCode.Refused =>
                $"{spec.Server} refused the update of zone {spec.Zone} signed with key '{spec.TsigKeyName}' (REFUSED{tsigError}): either the key may not "
                + $"update the zone (BIND allow-update / update-policy, PowerDNS TSIG-ALLOW-DNSUPDATE) or the server rejected its signature "
                + $"(PowerDNS answers REFUSED to a bad one): check algorithm {spec.TsigAlgorithm} and the secret {spec.TsigSecret}",
            ReturnCode.NotZone => $"{spec.Server} is not the primary of zone {spec.Zone} (NOTZONE)",
            _ => $"{spec.Server} answered {response.ReturnCode}{tsigError} to the update of zone {spec.Zone}",
        };
    }

    /// <summary>RFC 8945 names; ARSoft's enum gives BADSIG and BADVERS the same value (16), so ToString() is ambiguous.</summary>
    private static string TsigErrorName(ReturnCode code) => (int)code switch
    {
        16 => "BADSIG (wrong secret or algorithm)",
        17 => "BADKEY (key name unknown to the server)",
        18 => "BADTIME (clocks differ by more than the fudge)",
        22 => "BADTRUNC",
        _ => code.ToString(),
    };

    private BackendResult<byte[]> TsigKey()
    {
        try
        {
            return BackendResult<byte[]>.Ok(Convert.FromBase64String(secrets.Resolve(spec.TsigSecret).Trim()));
        }
        catch (SecretUnavailableException ex)
        {
            return BackendResult<byte[]>.Fail($"TSIG secret: {ex.Message}");
        }
        catch (FormatException)
        {
            return BackendResult<byte[]>.Fail($"TSIG secret {spec.TsigSecret} is not valid base64 (expected the secret of a tsig-keygen key clause)");
        }
    }

    private async Task<BackendResult<IPEndPoint>> ServerAsync(CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(spec.Server.Host, out var literal))
        {
            return BackendResult<IPEndPoint>.Ok(new IPEndPoint(literal, spec.Server.Port));
        }

        try
        {
            var addresses = await System.Net.Dns.GetHostAddressesAsync(spec.Server.Host, cancellationToken);
            return addresses.Length > 0
                ? BackendResult<IPEndPoint>.Ok(new IPEndPoint(addresses[0], spec.Server.Port))
                : BackendResult<IPEndPoint>.Fail($"Server {spec.Server} of router {spec.Id} has no address");
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            return BackendResult<IPEndPoint>.Fail($"cannot resolve Server {spec.Server} of router {spec.Id}: {ex.Message}");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5140, Level = LogLevel.Debug, Message = "RFC 2136 router {RouterId}: updated {Name} at epoch {Epoch}")]
        public static partial void Updated(ILogger logger, string routerId, string name, long epoch);

        [LoggerMessage(EventId = 5141, Level = LogLevel.Warning, Message = "RFC 2136 router {RouterId}: update of {Name} rejected with {ReturnCode}: {Reason}")]
        public static partial void UpdateRejected(ILogger logger, string routerId, string name, string returnCode, string reason);
    }
}
