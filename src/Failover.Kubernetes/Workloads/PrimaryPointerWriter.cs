using System.Globalization;
using System.Text;
using Failover.Core.Topology;
using k8s;
using k8s.Models;

namespace Failover.Kubernetes.Workloads;

/// <summary>
/// Points a site's application at the primary: an ExternalName Service (host in externalName, port in an annotation),
/// or a ConfigMap/Secret key holding <c>host:port</c>. Creates the object when missing; writes only when the value
/// differs (read-modify-replace with the resourceVersion, so a concurrent change is a 409 and is retried fresh).
/// </summary>
internal static class PrimaryPointerWriter
{
    /// <returns>True when the object was changed.</returns>
    public static Task<bool> ApplyAsync(IKubernetes client, string @namespace, PrimaryPointer pointer, HostEndpoint primary, WorkloadWrite write, CancellationToken cancellationToken) =>
        pointer.Kind switch
        {
            PrimaryPointerKind.ExternalName => ExternalNameAsync(client, @namespace, pointer, primary, write, cancellationToken),
            PrimaryPointerKind.ConfigMap => ConfigMapAsync(client, @namespace, pointer, primary, write, cancellationToken),
            _ => SecretAsync(client, @namespace, pointer, primary, write, cancellationToken),
        };

    public static string Value(HostEndpoint primary) => primary.ToString();

    private static async Task<bool> ExternalNameAsync(IKubernetes client, string ns, PrimaryPointer pointer, HostEndpoint primary, WorkloadWrite write, CancellationToken ct)
    {
        if (System.Net.IPAddress.TryParse(primary.Host, out _))
        {
            // An ExternalName is a CNAME: cluster DNS cannot alias an address.
            throw new InvalidOperationException(
                $"primary {primary} is an IP address and an ExternalName Service needs a DNS name: give the site's postgres host as a name, or use primaryPointer kind configMap/secret");
        }

        var port = primary.Port.ToString(CultureInfo.InvariantCulture);
        var service = await ReadOrNullAsync(() => client.CoreV1.ReadNamespacedServiceAsync(pointer.Name, ns, cancellationToken: ct));
        if (service is null)
        {
            service = new V1Service
            {
                Metadata = new V1ObjectMeta { Name = pointer.Name, NamespaceProperty = ns, Annotations = new Dictionary<string, string> { [pointer.PortAnnotation] = port } },
                Spec = new V1ServiceSpec { Type = "ExternalName", ExternalName = primary.Host },
            };
            write.Stamp(service.Metadata);
            await client.CoreV1.CreateNamespacedServiceAsync(service, ns, cancellationToken: ct);
            return true;
        }

        if (service.Spec.Type == "ExternalName" && service.Spec.ExternalName == primary.Host
            && service.Metadata.Annotations?.TryGetValue(pointer.PortAnnotation, out var current) == true && current == port)
        {
            return false;
        }

        if (service.Spec.Type is not (null or "ExternalName"))
        {
            throw new InvalidOperationException($"service {pointer.Name} is of type {service.Spec.Type}, not ExternalName: refusing to repoint it");
        }

        Annotations.RefuseStale(service.Metadata, write.Epoch);
        service.Spec.Type = "ExternalName";
        service.Spec.ExternalName = primary.Host;
        service.Metadata.Annotations ??= new Dictionary<string, string>();
        service.Metadata.Annotations[pointer.PortAnnotation] = port;
        write.Stamp(service.Metadata);
        await write.BeforeWriteAsync(pointer.Name, ct);
        await client.CoreV1.ReplaceNamespacedServiceAsync(service, pointer.Name, ns, cancellationToken: ct);
        return true;
    }

    private static async Task<bool> ConfigMapAsync(IKubernetes client, string ns, PrimaryPointer pointer, HostEndpoint primary, WorkloadWrite write, CancellationToken ct)
    {
        var value = Value(primary);
        var map = await ReadOrNullAsync(() => client.CoreV1.ReadNamespacedConfigMapAsync(pointer.Name, ns, cancellationToken: ct));
        if (map is null)
        {
            map = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = pointer.Name, NamespaceProperty = ns }, Data = new Dictionary<string, string> { [pointer.Key!] = value } };
            write.Stamp(map.Metadata);
            await client.CoreV1.CreateNamespacedConfigMapAsync(map, ns, cancellationToken: ct);
            return true;
        }

        if (map.Data?.TryGetValue(pointer.Key!, out var current) == true && current == value)
        {
            return false;
        }

        Annotations.RefuseStale(map.Metadata, write.Epoch);
        map.Data ??= new Dictionary<string, string>();
        map.Data[pointer.Key!] = value;
        write.Stamp(map.Metadata);
        await write.BeforeWriteAsync(pointer.Name, ct);
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(map, pointer.Name, ns, cancellationToken: ct);
        return true;
    }

    private static async Task<bool> SecretAsync(IKubernetes client, string ns, PrimaryPointer pointer, HostEndpoint primary, WorkloadWrite write, CancellationToken ct)
    {
        var value = Encoding.UTF8.GetBytes(Value(primary));
        var secret = await ReadOrNullAsync(() => client.CoreV1.ReadNamespacedSecretAsync(pointer.Name, ns, cancellationToken: ct));
        if (secret is null)
        {
            secret = new V1Secret { Metadata = new V1ObjectMeta { Name = pointer.Name, NamespaceProperty = ns }, Data = new Dictionary<string, byte[]> { [pointer.Key!] = value } };
            write.Stamp(secret.Metadata);
            await client.CoreV1.CreateNamespacedSecretAsync(secret, ns, cancellationToken: ct);
            return true;
        }

        if (secret.Data?.TryGetValue(pointer.Key!, out var current) == true && current.AsSpan().SequenceEqual(value))
        {
            return false;
        }

        Annotations.RefuseStale(secret.Metadata, write.Epoch);
        secret.Data ??= new Dictionary<string, byte[]>();
        secret.Data[pointer.Key!] = value;
        write.Stamp(secret.Metadata);
        await write.BeforeWriteAsync(pointer.Name, ct);
        await client.CoreV1.ReplaceNamespacedSecretAsync(secret, pointer.Name, ns, cancellationToken: ct);
        return true;
    }

    private static async Task<T?> ReadOrNullAsync<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read();
        }
        catch (Exception e) when (Client.KubernetesErrors.IsNotFound(e))
        {
            return null;
        }
    }
}
