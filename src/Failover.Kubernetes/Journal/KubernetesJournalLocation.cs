using System.Text.RegularExpressions;

namespace Failover.Kubernetes.Journal;

/// <summary>Where a Kubernetes journal lives, written <c>kubernetes://NAMESPACE/NAME</c>.</summary>
public sealed partial record KubernetesJournalLocation(string Namespace, string Name)
{
    public const string Scheme = "kubernetes://";

    public static bool IsKubernetes(string value) => value?.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Parses <c>kubernetes://NAMESPACE/NAME</c>; the error names what is wrong.</summary>
    public static bool TryParse(string value, out KubernetesJournalLocation? location, out string? error)
    {
        location = null;
        error = null;
        if (!IsKubernetes(value))
        {
            error = $"--journal: expected kubernetes://NAMESPACE/NAME, found '{value}'";
            return false;
        }

        var parts = value[Scheme.Length..].Split('/');
        if (parts.Length != 2 || !Dns1123Label().IsMatch(parts[0]) || !IsObjectName(parts[1]))
        {
            error = $"--journal: expected kubernetes://NAMESPACE/NAME with a DNS-1123 namespace and ConfigMap name of at most {MaxName} characters (lowercase letters, digits, '-'), found '{value}'";
            return false;
        }

        location = new KubernetesJournalLocation(parts[0], parts[1]);
        return true;
    }

    /// <summary>Names of archive ConfigMaps add <c>-op-NNNNNN</c>: the base name leaves room for it.</summary>
    public const int MaxName = 63 - 11;

    internal static string ValidateName(string value, string what) =>
        !string.IsNullOrEmpty(value) && Dns1123Label().IsMatch(value) && value.Length <= 63
            ? value
            : throw new ArgumentException($"{what}: '{value}' is not a DNS-1123 label (lowercase letters, digits, '-', at most 63 characters)");

    private static bool IsObjectName(string value) => value.Length <= MaxName && Dns1123Label().IsMatch(value);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex Dns1123Label();
}
