using System.Text.RegularExpressions;
using Failover.Core.Topology;

namespace Failover.Configuration;

/// <summary>
/// A service's <c>primaryPointer</c>: where its application reads the database primary at a site (an ExternalName
/// Service, or a ConfigMap/Secret key plus a rollout restart). Absent means the workload control only scales.
/// </summary>
internal static partial class WorkloadPointerParser
{
    private const string Field = "primaryPointer";

    public static PrimaryPointer? Parse(MappingReader service, IReadOnlyList<WorkloadSpec> workloads)
    {
        var m = service.Mapping(Field);
        if (m is null)
        {
            return null;
        }

        var kind = m.Enum<PrimaryPointerKind>("kind", null, required: true);
        PrimaryPointer? pointer = kind switch
        {
            PrimaryPointerKind.ExternalName => new PrimaryPointer(
                PrimaryPointerKind.ExternalName,
                Name(m, "service"),
                null,
                Annotation(m, "portAnnotation") ?? Defaults.PrimaryPortAnnotation,
                []),
            PrimaryPointerKind.ConfigMap or PrimaryPointerKind.Secret => new PrimaryPointer(
                kind.Value,
                Name(m, "name"),
                Key(m),
                Defaults.PrimaryPortAnnotation,
                Restart(m, workloads)),
            _ => null,
        };

        if (pointer is not null && workloads.Count == 0)
        {
            m.Diagnostics.Error(m.Path, m.Start, "a primary pointer needs the service's workloads: declare workloads (Deployments/StatefulSets) or remove primaryPointer");
        }

        m.ReportUnknownKeys();
        return pointer;
    }

    private static string Name(MappingReader m, string key)
    {
        var name = m.String(key, required: true) ?? "";
        if (name.Length > 0 && !DnsLabel().IsMatch(name))
        {
            m.Diagnostics.Error(m.Child(key), m.PositionOf(key),
                $"expected a Kubernetes object name (lower-case letters, digits and '-', at most 63 characters), found '{name}'");
        }

        return name;
    }

    private static string Key(MappingReader m)
    {
        var key = m.String("key", required: true) ?? "";
        if (key.Length > 0 && !DataKey().IsMatch(key))
        {
            m.Diagnostics.Error(m.Child("key"), m.PositionOf("key"), $"expected a ConfigMap/Secret key (letters, digits, '-', '_' or '.'), found '{key}'");
        }

        return key;
    }

    private static string? Annotation(MappingReader m, string key)
    {
        var annotation = m.String(key);
        if (annotation is not null && !AnnotationKey().IsMatch(annotation))
        {
            m.Diagnostics.Error(m.Child(key), m.PositionOf(key), $"expected an annotation key such as example.org/port, found '{annotation}'");
        }

        return annotation;
    }

    private static List<string> Restart(MappingReader m, IReadOnlyList<WorkloadSpec> workloads)
    {
        var names = new List<string>();
        foreach (var (value, at, path) in m.StringList("restart"))
        {
            if (!workloads.Any(w => w.Name == value))
            {
                m.Diagnostics.Error(path, at,
                    $"unknown workload '{value}': restart lists workloads of this service ({string.Join(", ", workloads.Select(w => w.Name))})");
            }

            names.Add(value);
        }

        return names;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^[-._a-zA-Z0-9]{1,253}$")]
    private static partial Regex DataKey();

    [GeneratedRegex("^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex AnnotationKey();
}
