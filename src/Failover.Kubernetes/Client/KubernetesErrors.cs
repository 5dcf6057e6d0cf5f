using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json;
using Failover.Core.Health;
using k8s.Autorest;
using k8s.Exceptions;
using Polly.Timeout;

namespace Failover.Kubernetes.Client;

/// <summary>What a Kubernetes API failure means: retry or not, and a typed reason with a detail fit for logs (never a token).</summary>
internal static class KubernetesErrors
{
    public static HttpStatusCode? StatusOf(Exception e) => e is HttpOperationException { Response: { } response } ? response.StatusCode : null;

    public static bool IsConflict(Exception e) => StatusOf(e) == HttpStatusCode.Conflict;

    public static bool IsNotFound(Exception e) => StatusOf(e) == HttpStatusCode.NotFound;

    /// <summary>Worth another attempt: the API was unreachable or overloaded, or the object changed under us (409, re-read).</summary>
    public static bool IsRetryable(Exception e) => e switch
    {
        HttpOperationException => StatusOf(e) is HttpStatusCode.Conflict or HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError
            or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout,
        HttpRequestException http => http.HttpRequestError is not HttpRequestError.SecureConnectionError,
        TimeoutRejectedException => true,
        IOException => true,
        _ => false,
    };

    public static (ProbeFailureReason Reason, string Detail) Describe(Exception e)
    {
        switch (e)
        {
            case HttpOperationException http:
                var status = StatusOf(http);
                var reason = status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? ProbeFailureReason.Auth
                    : status is HttpStatusCode.NotFound ? ProbeFailureReason.Unavailable
                    : ProbeFailureReason.Status;
                var message = ApiMessage(http.Response?.Content);
                return (reason, $"API answered {(int?)status} {status}{(message is null ? "" : $": {message}")}");
            case TimeoutRejectedException:
                return (ProbeFailureReason.Timeout, "API call timed out");
            case KubeConfigException config:
                return (ProbeFailureReason.Error, $"kubeconfig: {config.Message}");
        }

        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case AuthenticationException tls:
                    return (ProbeFailureReason.Tls, $"TLS: {tls.Message}");
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return (ProbeFailureReason.Refused, "connection refused");
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData } dns:
                    return (ProbeFailureReason.Dns, $"DNS: {dns.Message}");
                case SocketException { SocketErrorCode: SocketError.TimedOut }:
                    return (ProbeFailureReason.Timeout, "connect timed out");
            }
        }

        return e is HttpRequestException request
            ? request.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => (ProbeFailureReason.Dns, $"DNS: {request.Message}"),
                HttpRequestError.ConnectionError => (ProbeFailureReason.Refused, $"connection failed: {request.Message}"),
                HttpRequestError.SecureConnectionError => (ProbeFailureReason.Tls, $"TLS: {request.Message}"),
                _ => (ProbeFailureReason.Error, $"{request.HttpRequestError}: {request.Message}"),
            }
            : (ProbeFailureReason.Error, $"{e.GetType().Name}: {e.Message}");
    }

    /// <summary>The message of a Kubernetes Status body (e.g. <c>deployments.apps "web" is forbidden: …</c>).</summary>
    private static string? ApiMessage(string? content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(content);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("message", out var message)
                ? message.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
