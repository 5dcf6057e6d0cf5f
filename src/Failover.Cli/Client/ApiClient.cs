using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Failover.Cli.Client;

/// <summary>Calls the control plane's REST API; problem documents become <see cref="ApiException"/>s with an exit code.</summary>
internal sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;

    public ApiClient(Uri api, string token)
    {
        _http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Uri BaseAddress => _http.BaseAddress!;

    public Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public Task<JsonElement> PostAsync(string path, object? body, CancellationToken cancellationToken) => SendAsync(HttpMethod.Post, path, body, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new ApiException(ExitCodes.Unreachable, $"cannot reach the control plane at {_http.BaseAddress}: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ApiException(ExitCodes.Unreachable, $"the control plane at {_http.BaseAddress} did not answer within {_http.Timeout.TotalSeconds:0} s");
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var json = text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default;
            if (response.IsSuccessStatusCode)
            {
                return json;
            }

            var detail = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("detail", out var d) ? d.GetString()
                : json.ValueKind == JsonValueKind.Object && json.TryGetProperty("title", out var t) ? t.GetString()
                : response.ReasonPhrase;
            throw response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => new ApiException(ExitCodes.Unreachable, "the control plane refused the token (401): check --token-file or FAILOVER_TOKEN"),
                HttpStatusCode.Forbidden => new ApiException(ExitCodes.Unreachable, "this token may not do that (403): mutating commands need an operator or admin token"),
                _ => new ApiException(ExitCodes.Invalid, $"{(int)response.StatusCode} {detail}"),
            };
        }
    }
}
