using System.Globalization;
using Failover.Core.Topology;
using Failover.Core.Workloads;
using Failover.Kubernetes.Client;
using k8s;
using Microsoft.Extensions.Logging;
using Polly;

namespace Failover.Kubernetes.Workloads;

/// <summary>
/// A service's workloads at one site on Kubernetes. Activate points the application at the primary (when the service
/// declares a <see cref="PrimaryPointer"/>), scales every Deployment/StatefulSet to its active count (restarting those
/// that read a changed ConfigMap/Secret) and waits for availability; Deactivate scales to the standby count, or to zero
/// when fencing. Everything it changes carries failover.io/epoch and failover.io/operation. Every API call goes through
/// the Polly pipeline; the whole request is bounded by its Timeout; failures are results with a reason.
/// </summary>
internal sealed partial class KubernetesWorkloadControl(
    Estate estate, IKubernetesClientFactory clients, TimeProvider time, ILogger logger, KubernetesCallOptions? options = null) : IWorkloadControl
{
    private readonly KubernetesCallOptions _options = options ?? new KubernetesCallOptions();
    private readonly ResiliencePipeline _pipeline = KubernetesResilience.Create(options ?? new KubernetesCallOptions(), time, logger);

    public Task<WorkloadResult> ActivateAsync(WorkloadRequest request, CancellationToken cancellationToken) =>
        RunAsync(request, active: true, cancellationToken);

    public Task<WorkloadResult> DeactivateAsync(WorkloadRequest request, CancellationToken cancellationToken) =>
        RunAsync(request, active: false, cancellationToken);

    private async Task<WorkloadResult> RunAsync(WorkloadRequest request, bool active, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var verb = active ? "activate" : "deactivate";
        if (!TryResolve(request, out var service, out var cluster, out var refusal))
        {
            return refusal;
        }

        if (service.Workloads.Count == 0 && (service.PrimaryPointer is null || !active))
        {
            return new WorkloadResult(true, true, "the service declares no workloads");
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(request.Timeout);
        var progress = new Progress();
        try
        {
            var client = clients.ClientFor(cluster);
            var write = new WorkloadWrite(request.Epoch, request.OperationId, _options.BeforeWrite);
            var changed = false;
            string? primary = null;
            if (active && service.PrimaryPointer is { } pointer && request.Primary is { } endpoint)
            {
                progress.Step = $"pointing {pointer.Kind} {pointer.Name} at {endpoint}";
                changed |= await ExecuteAsync(ct => PrimaryPointerWriter.ApplyAsync(client, cluster.Namespace, pointer, endpoint, write, ct), progress, cts.Token);
                if (pointer.Kind != PrimaryPointerKind.ExternalName)
                {
                    primary = PrimaryPointerWriter.Value(endpoint);
                }
            }

            foreach (var workload in service.Workloads)
            {
                var wanted = Wanted(workload, active, request.Fence);
                var restart = primary is not null && (service.PrimaryPointer!.Restart.Count == 0 || service.PrimaryPointer.Restart.Contains(workload.Name));
                progress.Step = $"scaling {workload.Kind} {workload.Name} to {wanted}";
                bool scaled;
                try
                {
                    scaled = await ExecuteAsync(ct => ScaleAsync(client, cluster.Namespace, workload, wanted, restart ? primary : null, write, ct), progress, cts.Token);
                }
                catch (Exception e) when (!active && KubernetesErrors.IsNotFound(e))
                {
                    // Nothing of it runs here: as scaled down (and fenced) as it gets.
                    progress.Absent.Add(workload.Name);
                    continue;
                }

                if (scaled)
                {
                    Log.Scaled(logger, service.Id, request.SiteId, workload.Name, wanted, request.Epoch.Value, request.OperationId);
                }

                changed |= scaled;
            }

            await WaitAsync(client, cluster.Namespace, service, active, request.Fence, progress, cts.Token);
            var detail = string.Create(CultureInfo.InvariantCulture, $"{verb}d {service.Id} at {request.SiteId}: {string.Join(", ", progress.States)}");
            return new WorkloadResult(true, !changed, detail);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var detail = $"{verb} {service.Id} at {request.SiteId}: not done within {request.Timeout.TotalSeconds:0.#} s while {progress.Step}"
                + (progress.LastError is null ? "" : $" (last error: {progress.LastError})");
            Log.Failed(logger, service.Id, request.SiteId, verb, detail);
            return new WorkloadResult(false, false, detail);
        }
#pragma warning disable CA1031 // Any failure of the API or of the kubeconfig is a failed result the engine retries, never an exception through a step.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            var (reason, why) = e is StaleEpochException or InvalidOperationException ? (Core.Health.ProbeFailureReason.Error, e.Message) : KubernetesErrors.Describe(e);
            var detail = $"{verb} {service.Id} at {request.SiteId} while {progress.Step}: {reason.ToString().ToLowerInvariant()}: {why}";
            Log.Failed(logger, service.Id, request.SiteId, verb, detail);
            return new WorkloadResult(false, false, detail);
        }
    }

    private bool TryResolve(WorkloadRequest request, out Service service, out KubernetesTarget cluster, out WorkloadResult refusal)
    {
        service = estate.Services.FirstOrDefault(s => s.Id == request.ServiceId)!;
        var site = estate.Sites.FirstOrDefault(s => s.Id == request.SiteId);
        cluster = site?.Kubernetes!;
        refusal = service is null ? new WorkloadResult(false, false, $"unknown service {request.ServiceId}")
            : site is null ? new WorkloadResult(false, false, $"unknown site {request.SiteId}")
            : cluster is null && (service.Workloads.Count > 0 || service.PrimaryPointer is not null)
                ? new WorkloadResult(false, false, $"site {request.SiteId} has no Kubernetes cluster but service {request.ServiceId} declares workloads")
            : null!;
        if (refusal is null && cluster is null)
        {
            refusal = new WorkloadResult(true, true, "the service declares no workloads");
        }

        return refusal is null;
    }

    /// <summary>One call through the pipeline; each failed attempt is remembered, so a timeout can say what went wrong.</summary>
    private async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> call, Progress progress, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(
            async ct =>
            {
                try
                {
                    return await call(ct);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    progress.LastError = KubernetesErrors.Describe(e).Detail;
                    throw;
                }
            },
            cancellationToken);

    private static int Wanted(WorkloadSpec workload, bool active, bool fence) => active ? workload.ActiveReplicas : fence ? 0 : workload.StandbyReplicas;

    /// <summary>Read, and when the replicas (or the primary the pods were started with) differ, write back; true when written.</summary>
    private async Task<bool> ScaleAsync(IKubernetes client, string ns, WorkloadSpec spec, int wanted, string? primary, WorkloadWrite write, CancellationToken ct)
    {
        var workload = await WorkloadObject.ReadAsync(client, spec, ns, ct);
        var template = workload.Template.Metadata;
        string? started = null;
        var restart = primary is not null && (template?.Annotations?.TryGetValue(Annotations.Primary, out started) != true || started != primary);
        if (workload.Replicas == wanted && !restart)
        {
            return false;
        }

        Annotations.RefuseStale(workload.Metadata, write.Epoch);
        workload.Replicas = wanted;
        if (restart)
        {
            workload.Template.Metadata ??= new k8s.Models.V1ObjectMeta();
            workload.Template.Metadata.Annotations ??= new Dictionary<string, string>();
            workload.Template.Metadata.Annotations[Annotations.Primary] = primary!;
            workload.Template.Metadata.Annotations[Annotations.RestartedAt] = time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture);
        }

        write.Stamp(workload.Metadata);
        await write.BeforeWriteAsync(spec.Name, ct);
        await workload.ReplaceAsync(client, ct);
        return true;
    }

    /// <summary>Polls until every workload is available at its active count (or, going down, has no more pods than wanted).</summary>
    private async Task WaitAsync(IKubernetes client, string ns, Service service, bool active, bool fence, Progress progress, CancellationToken ct)
    {
        while (true)
        {
            var done = true;
            progress.States.Clear();
            foreach (var spec in service.Workloads)
            {
                if (progress.Absent.Contains(spec.Name))
                {
                    progress.States.Add($"{spec.Name}: absent");
                    continue;
                }

                var wanted = Wanted(spec, active, fence);
                WorkloadObject workload;
                try
                {
                    workload = await ExecuteAsync(c => WorkloadObject.ReadAsync(client, spec, ns, c), progress, ct);
                }
                catch (Exception e) when (KubernetesErrors.IsRetryable(e))
                {
                    progress.LastError = KubernetesErrors.Describe(e).Detail;
                    done = false;
                    break;
                }

                progress.States.Add(workload.Describe(wanted));
                if (active ? !workload.IsAvailable(wanted) : !workload.IsScaledDown(wanted))
                {
                    done = false;
                }
            }

            if (done)
            {
                return;
            }

            progress.Step = $"waiting for {(active ? "availability" : "scale-down")} ({string.Join("; ", progress.States)})";
            await Task.Delay(_options.PollInterval, time, ct);
        }
    }

    private sealed class Progress
    {
        public string Step { get; set; } = "starting";

        public string? LastError { get; set; }

        public List<string> States { get; } = [];

        /// <summary>Workloads that do not exist at the site (deactivation only).</summary>
        public HashSet<string> Absent { get; } = new(StringComparer.Ordinal);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8111, Level = LogLevel.Information, Message = "Scaled {Workload} of {ServiceId} at {SiteId} to {Replicas} (epoch {Epoch}, operation {OperationId})")]
        public static partial void Scaled(ILogger logger, string serviceId, string siteId, string workload, int replicas, long epoch, string operationId);

        [LoggerMessage(EventId = 8112, Level = LogLevel.Warning, Message = "Workloads of {ServiceId} at {SiteId}: {Verb} failed: {Detail}")]
        public static partial void Failed(ILogger logger, string serviceId, string siteId, string verb, string detail);
    }
}
