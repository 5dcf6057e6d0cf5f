using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Failover.Core.Workloads;

namespace Failover.Lab.DemoApp;

/// <summary>
/// The lab's application side of a site: activates or deactivates the site's demo ENT application through its admin
/// API. The primary's address as the control plane knows it (through the site relay) is translated to the site's
/// private address, since an application talks to a database inside the failure domain, not through the partition.
/// </summary>
public sealed class DemoAppWorkloadControl(HttpClient http, string adminToken) : IWorkloadControl
{
    public Task<WorkloadResult> ActivateAsync(WorkloadRequest request, CancellationToken cancellationToken)
    {
        if (request.Primary is not { } primary)
        {
            return Task.FromResult(new WorkloadResult(false, false, "activation needs the primary to point the application at"));
        }

        var host = IPAddress.TryParse(primary.Host, out var address) && LabLayout.Sites.FirstOrDefault(s => s.PublicAddress.Equals(address)) is { } site
            ? site.PrivateAddress.ToString()
            : primary.Host;
        return SendAsync(request, "/admin/activate", new DemoAppTarget(host, primary.Port, request.Epoch.Value), cancellationToken);
    }

    public Task<WorkloadResult> DeactivateAsync(WorkloadRequest request, CancellationToken cancellationToken) =>
        SendAsync(request, "/admin/deactivate", new DemoApplication.DeactivateRequest(request.Epoch.Value), cancellationToken);

    private async Task<WorkloadResult> SendAsync<T>(WorkloadRequest request, string path, T body, CancellationToken cancellationToken)
    {
        var site = LabLayout.Site(request.SiteId);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(request.Timeout);
        using var message = new HttpRequestMessage(HttpMethod.Put, new Uri(LabLayout.AppUrl(site.PublicAddress) + path)) { Content = JsonContent.Create(body) };
        message.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", adminToken);
        try
        {
            using var response = await http.SendAsync(message, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                var result = await response.Content.ReadFromJsonAsync<ChangeResult>(timeout.Token);
                return new WorkloadResult(true, result is { Applied: false }, null);
            }

            var problem = await response.Content.ReadAsStringAsync(timeout.Token);
            return new WorkloadResult(false, false, string.Create(CultureInfo.InvariantCulture, $"{site.Id} application answered {(int)response.StatusCode}: {problem}"));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WorkloadResult(false, false, $"{site.Id} application did not answer within {request.Timeout.TotalSeconds:0.#}s");
        }
        catch (HttpRequestException e)
        {
            return new WorkloadResult(false, false, $"{site.Id} application unreachable: {e.Message}");
        }
    }

    private sealed record ChangeResult(bool Applied, long Epoch);
}
