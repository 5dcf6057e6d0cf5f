using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Failover.Core.Secrets;
using Failover.Core.Topology;
using Failover.Traffic.Dns;
using Microsoft.Extensions.Logging;

namespace Failover.Traffic.PowerDns;

/// <summary>
/// PowerDNS authoritative HTTP API v1: reads the RRsets of a name, and replaces A, AAAA and the epoch marker TXT in one
/// PATCH (PowerDNS applies all RRsets of a PATCH in one backend transaction). The API has no precondition, so a
/// concurrent writer is caught by the read back that follows the PATCH.
/// </summary>
internal sealed partial class PowerDnsZoneBackend(PowerDnsRouterSpec spec, HttpClient http, ISecretResolver secrets, TrafficOptions options, ILogger logger)
    : IDnsZoneBackend
{
    private const string ApiKeyHeader = "X-API-Key";

    private readonly Uri _zoneUrl = ZoneUrl(spec);

    public string Kind => "powerdns";

    public string RouterId => spec.Id;

    public string Zone => spec.Zone;

    public async Task<BackendResult<DnsRecordState>> ReadAsync(string name, string markerName, CancellationToken cancellationToken)
    {
        var records = await GetRrsetsAsync(name, null, cancellationToken);
        if (!records.Succeeded)
        {
            return BackendResult<DnsRecordState>.Fail(records.Error!);
        }

        var marker = await GetRrsetsAsync(markerName, "TXT", cancellationToken);
        if (!marker.Succeeded)
        {
            return BackendResult<DnsRecordState>.Fail(marker.Error!);
        }

        var addressSets = records.Value!.Where(r => r.Type is "A" or "AAAA" && SameName(r.Name, name)).ToList();
        var addresses = addressSets.SelectMany(r => r.Records ?? []).Where(r => !r.Disabled)
            .Select(r => IPAddress.TryParse(r.Content, out var ip) ? ip : null).OfType<IPAddress>().ToList();
        var ttl = addressSets.Max(r => r.Ttl);
        var text = marker.Value!.Where(r => r.Type == "TXT" && SameName(r.Name, markerName))
            .SelectMany(r => r.Records ?? []).Where(r => !r.Disabled).Select(r => r.Content).FirstOrDefault();
        return BackendResult<DnsRecordState>.Ok(new DnsRecordState(addresses, ttl is { } s ? TimeSpan.FromSeconds(s) : null, EpochMarker.Parse(text)));
    }

    public async Task<BackendResult<bool>> ReplaceAsync(string name, string markerName, DnsRecordState current, DnsDesiredState desired, CancellationToken cancellationToken)
    {
        var patch = new PowerDnsPatch([
            Rrset(name, "A", desired.V4.Select(a => a.ToString()), desired.TtlSeconds),
            Rrset(name, "AAAA", desired.V6.Select(a => a.ToString()), desired.TtlSeconds),
            Rrset(markerName, "TXT", [$"\"{desired.Marker.Text}\""], desired.TtlSeconds),
        ]);
        var sent = await SendAsync(HttpMethod.Patch, _zoneUrl, JsonContent.Create(patch, PowerDnsJson.Default.PowerDnsPatch), cancellationToken);
        if (!sent.Succeeded)
        {
            return BackendResult<bool>.Fail(sent.Error!);
        }

        sent.Value!.Dispose();
        Log.Patched(logger, spec.Id, name, desired.Epoch.Value);

        await NudgeSecondariesAsync(cancellationToken);
        return BackendResult<bool>.Ok(true);
    }

    /// <summary>
    /// A primary zone's secondaries would otherwise learn of the new serial at the next xfr-cycle-interval (60 s): ask
    /// PowerDNS to NOTIFY them (and its also-notify list) now. A failure only delays propagation, and the verification
    /// reports any secondary still answering the old addresses.
    /// </summary>
    public async Task NudgeSecondariesAsync(CancellationToken cancellationToken)
    {
        var notified = await SendAsync(HttpMethod.Put, new Uri(_zoneUrl + "/notify"), null, cancellationToken);
        if (notified.Succeeded)
        {
            notified.Value!.Dispose();
        }
        else
        {
            Log.NotifyFailed(logger, spec.Id, notified.Error!);
        }
    }

    private static PowerDnsRrset Rrset(string name, string type, IEnumerable<string> contents, int ttl)
    {
        var records = contents.Select(c => new PowerDnsRecord(c, false)).ToList();
        return records.Count == 0
            ? new PowerDnsRrset(name, type, null, "DELETE", null)
            : new PowerDnsRrset(name, type, ttl, "REPLACE", records);
    }

    private async Task<BackendResult<IReadOnlyList<PowerDnsRrset>>> GetRrsetsAsync(string name, string? type, CancellationToken cancellationToken)
    {
        var query = $"?rrsets=true&rrset_name={Uri.EscapeDataString(name)}" + (type is null ? "" : $"&rrset_type={type}");
        var sent = await SendAsync(HttpMethod.Get, new Uri(_zoneUrl + query), null, cancellationToken);
        if (!sent.Succeeded)
        {
            return BackendResult<IReadOnlyList<PowerDnsRrset>>.Fail(sent.Error!);
        }

        using var response = sent.Value!;
        try
        {
            var zone = await response.Content.ReadFromJsonAsync(PowerDnsJson.Default.PowerDnsZone, cancellationToken);
            return BackendResult<IReadOnlyList<PowerDnsRrset>>.Ok(zone?.Rrsets ?? []);
        }
        catch (JsonException ex)
        {
            return BackendResult<IReadOnlyList<PowerDnsRrset>>.Fail($"PowerDNS API at {spec.ApiUrl} returned a zone document that is not valid JSON: {ex.Message}");
        }
    }

    /// <summary>Sends one request with the API key and the request timeout; any non-success is a reason naming the problem.</summary>
    private async Task<BackendResult<HttpResponseMessage>> SendAsync(HttpMethod method, Uri url, HttpContent? content, CancellationToken cancellationToken)
    {
        string apiKey;
        try
        {
            apiKey = secrets.Resolve(spec.ApiKey);
        }
        catch (SecretUnavailableException ex)
        {
            return BackendResult<HttpResponseMessage>.Fail($"PowerDNS API key: {ex.Message}");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        using var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.TryAddWithoutValidation(ApiKeyHeader, apiKey);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return BackendResult<HttpResponseMessage>.Fail($"PowerDNS API at {spec.ApiUrl} did not answer within {options.RequestTimeout}");
        }
        catch (HttpRequestException ex)
        {
            return BackendResult<HttpResponseMessage>.Fail($"cannot reach PowerDNS API at {spec.ApiUrl}: {ex.Message}");
        }

        if (response.IsSuccessStatusCode)
        {
            return BackendResult<HttpResponseMessage>.Ok(response);
        }

        using (response)
        {
            var detail = await ErrorDetailAsync(response, cancellationToken);
            var status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
            var reason = response.StatusCode switch
            {
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                    $"PowerDNS API at {spec.ApiUrl} rejected the API key from {spec.ApiKey} ({status}): check that secret against api-key in pdns.conf",
                HttpStatusCode.NotFound =>
                    $"PowerDNS API at {spec.ApiUrl} has no zone {DnsNames.Absolute(spec.Zone)} on server '{spec.ServerId}' ({status})",
                _ => $"PowerDNS API at {spec.ApiUrl} answered {status} to {method} {spec.Zone}: {detail}",
            };
            Log.ApiError(logger, spec.Id, (int)response.StatusCode, reason);
            return BackendResult<HttpResponseMessage>.Fail(reason);
        }
    }

    private static async Task<string> ErrorDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            if (JsonSerializer.Deserialize(body, PowerDnsJson.Default.PowerDnsError)?.Error is { } error)
            {
                return error;
            }
        }
        catch (JsonException)
        {
            // Not a JSON error document: fall back to the raw text.
        }

        return body.Length > 300 ? body[..300] : body;
    }

    private static bool SameName(string a, string b) => string.Equals(DnsNames.Absolute(a), DnsNames.Absolute(b), StringComparison.Ordinal);

    private static Uri ZoneUrl(PowerDnsRouterSpec spec)
    {
        var root = spec.ApiUrl.AbsoluteUri.TrimEnd('/');
        if (!root.EndsWith("/api/v1", StringComparison.Ordinal))
        {
            root += "/api/v1";
        }

        return new Uri($"{root}/servers/{Uri.EscapeDataString(spec.ServerId)}/zones/{Uri.EscapeDataString(DnsNames.Absolute(spec.Zone))}");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5120, Level = LogLevel.Debug, Message = "PowerDNS router {RouterId}: patched {Name} at epoch {Epoch}")]
        public static partial void Patched(ILogger logger, string routerId, string name, long epoch);

        [LoggerMessage(EventId = 5122, Level = LogLevel.Warning, Message = "PowerDNS router {RouterId}: could not ask for NOTIFY of the secondaries: {Reason}")]
        public static partial void NotifyFailed(ILogger logger, string routerId, string reason);

        [LoggerMessage(EventId = 5121, Level = LogLevel.Warning, Message = "PowerDNS router {RouterId}: API answered {Status}: {Reason}")]
        public static partial void ApiError(ILogger logger, string routerId, int status, string reason);
    }
}
