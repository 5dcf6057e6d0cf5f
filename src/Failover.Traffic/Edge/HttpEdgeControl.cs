using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Failover.Core.Secrets;
using Failover.Core.Topology;

namespace Failover.Traffic.Edge;

/// <summary>Drives a remote <see cref="EdgeProxy"/> through its admin listener.</summary>
internal sealed class HttpEdgeControl : IEdgeControl
{
    private readonly HttpClient _http;
    private readonly Uri _admin;
    private readonly TrafficOptions _options;
    private readonly ISecretResolver _secrets;
    private readonly SecretReference? _token;

    public HttpEdgeControl(HttpClient http, Uri admin, TrafficOptions options, ISecretResolver secrets, SecretReference? token)
    {
        _http = http;
        _admin = new Uri(admin.AbsoluteUri.TrimEnd('/') + "/");
        _options = options;
        _secrets = secrets;
        _token = token;
    }

    public async Task<BackendResult<EdgeRouteStatus?>> ReadAsync(string serviceId, CancellationToken cancellationToken)
    {
        var sent = await SendAsync(HttpMethod.Get, serviceId, null, cancellationToken);
        if (!sent.Succeeded)
        {
            return BackendResult<EdgeRouteStatus?>.Fail(sent.Error!);
        }

        using var response = sent.Value!;
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return BackendResult<EdgeRouteStatus?>.Ok(null);
        }

        if (!response.IsSuccessStatusCode)
        {
            return BackendResult<EdgeRouteStatus?>.Fail(await DescribeAsync(response, cancellationToken));
        }

        try
        {
            return BackendResult<EdgeRouteStatus?>.Ok(await response.Content.ReadFromJsonAsync(EdgeJson.Default.EdgeRouteStatus, cancellationToken));
        }
        catch (JsonException ex)
        {
            return BackendResult<EdgeRouteStatus?>.Fail($"edge admin at {_admin} returned an unreadable route: {ex.Message}");
        }
    }

    public async Task<EdgeApplyResult> ApplyAsync(EdgeServiceRoute route, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        var sent = await SendAsync(HttpMethod.Put, route.ServiceId, JsonContent.Create(route, EdgeJson.Default.EdgeServiceRoute), cancellationToken);
        if (!sent.Succeeded)
        {
            return new EdgeApplyResult(EdgeApplyOutcome.Failed, sent.Error, null);
        }

        using var response = sent.Value!;
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Conflict or HttpStatusCode.BadRequest))
        {
            return new EdgeApplyResult(EdgeApplyOutcome.Failed, await DescribeAsync(response, cancellationToken), null);
        }

        try
        {
            return await response.Content.ReadFromJsonAsync(EdgeJson.Default.EdgeApplyResult, cancellationToken)
                ?? new EdgeApplyResult(EdgeApplyOutcome.Failed, $"edge admin at {_admin} returned an empty result", null);
        }
        catch (JsonException ex)
        {
            return new EdgeApplyResult(EdgeApplyOutcome.Failed, $"edge admin at {_admin} returned an unreadable result: {ex.Message}", null);
        }
    }

    private async Task<BackendResult<HttpResponseMessage>> SendAsync(HttpMethod method, string serviceId, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_admin, $"routes/{Uri.EscapeDataString(serviceId)}")) { Content = content };
        if (_token is { } reference)
        {
            try
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _secrets.Resolve(reference));
            }
            catch (SecretUnavailableException ex)
            {
                return BackendResult<HttpResponseMessage>.Fail($"edge admin token: {ex.Message}");
            }
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            return BackendResult<HttpResponseMessage>.Ok(await _http.SendAsync(request, timeout.Token));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return BackendResult<HttpResponseMessage>.Fail($"edge admin at {_admin} did not answer within {_options.RequestTimeout}");
        }
        catch (HttpRequestException ex)
        {
            return BackendResult<HttpResponseMessage>.Fail($"cannot reach edge admin at {_admin}: {ex.Message}");
        }
    }

    private async Task<string> DescribeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            return $"edge admin at {_admin} rejected the admin token{(_token is null ? " (none configured)" : $" from {_token}")} ({status})";
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return $"edge admin at {_admin} answered {status}: {(body.Length > 300 ? body[..300] : body)}";
    }
}
