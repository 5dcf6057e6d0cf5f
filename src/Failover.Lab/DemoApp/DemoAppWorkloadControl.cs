using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Failover.Core.Topology;
using Failover.Core.Workloads;
using Failover.Lab.Network;

namespace Failover.Lab.DemoApp;

/// <summary>
/// The application side of a site in the lab: activates or deactivates the site's demo ENT application through its
/// admin API.
/// </summary>
/// <param name="applicationOf">The base URL of a site's application, as the control plane reaches it.</param>
/// <param name="databaseSeenFromSite">The primary's endpoint as the application reaches it from inside its site.</param>
public sealed class DemoAppWorkloadControl(
    HttpClient http, string adminToken, Func<string, Uri> applicationOf, Func<HostEndpoint, HostEndpoint> databaseSeenFromSite) : IWorkloadControl
{
    /// <summary>
    /// The lab's wiring: applications at the sites' public addresses (through the relays in relay mode); the primary's
    /// public address translated to where it listens, since in relay mode an application talks to its database inside
    /// the failure domain, not through the relay (in namespace mode both are the same address, across the bridge).
    /// </summary>
    public static DemoAppWorkloadControl ForLab(HttpClient http, string adminToken, LabNetwork network) => new(
        http,
        adminToken,
        siteId => new Uri(LabLayout.AppUrl(network.PublicAddress(LabLayout.Site(siteId)))),
        primary => IPAddress.TryParse(primary.Host, out var address) && LabLayout.Sites.FirstOrDefault(s => network.PublicAddress(s).Equals(address)) is { } site
            ? primary with { Host = network.ListenAddress(site).ToString() }
            : primary);

    public Task<WorkloadResult> ActivateAsync(WorkloadRequest request, CancellationToken cancellationToken)
    {
        if (request.Primary is not { } primary)
        {
            return Task.FromResult(new WorkloadResult(false, false, "activation needs the primary to point the application at"));
        }

        var seen = databaseSeenFromSite(primary);
        return SendAsync(request, "/admin/activate", new DemoAppTarget(seen.Host, seen.Port, request.Epoch.Value), cancellationToken);
    }

    public Task<WorkloadResult> DeactivateAsync(WorkloadRequest request, CancellationToken cancellationToken) =>
        SendAsync(request, "/admin/deactivate", new DemoApplication.DeactivateRequest(request.Epoch.Value), cancellationToken);

    private async Task<WorkloadResult> SendAsync<T>(WorkloadRequest request, string path, T body, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(request.Timeout);
        using var message = new HttpRequestMessage(HttpMethod.Put, new Uri(applicationOf(request.SiteId), path)) { Content = JsonContent.Create(body) };
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
            return new WorkloadResult(false, false, string.Create(CultureInfo.InvariantCulture, $"{request.SiteId} application answered {(int)response.StatusCode}: {problem}"));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WorkloadResult(false, false, $"{request.SiteId} application did not answer within {request.Timeout.TotalSeconds:0.#}s");
        }
        catch (HttpRequestException e)
        {
            return new WorkloadResult(false, false, $"{request.SiteId} application unreachable: {e.Message}");
        }
    }

    private sealed record ChangeResult(bool Applied, long Epoch);
}
