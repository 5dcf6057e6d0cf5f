using System.Globalization;
using System.Net;

namespace Failover.Lab.Network;

/// <summary>
/// The lab's network, chosen at <c>lab up</c> and kept in the lab directory so every later verb uses the same:
/// network namespaces on bridge flab0 (10.213.0.0/24) when running as root with iproute2, else loopback addresses
/// behind user-space relays. <c>FAILOVER_LAB_NETWORK=relay</c> (or <c>namespaces</c>) forces the choice.
/// </summary>
public sealed record LabNetwork(LabNetworkMode Mode)
{
    public const string ModeVariable = "FAILOVER_LAB_NETWORK";

    public static LabNetwork Relay { get; } = new(LabNetworkMode.Relay);

    public static LabNetwork Namespaces { get; } = new(LabNetworkMode.Namespaces);

    public static NamespaceTopology Topology => NamespaceTopology.Lab;

    /// <summary>The sites' namespaces on the lab's bridge.</summary>
    public static NamespaceNetwork NamespaceNetwork { get; } = new(Topology, [.. LabLayout.Sites.Select(Member)]);

    /// <summary>What <c>lab status</c> prints.</summary>
    public string Description => Mode == LabNetworkMode.Namespaces
        ? $"namespaces ({Topology.Bridge} {Topology.Cidr})"
        : "loopback relay";

    /// <summary>The word kept in the lab directory and accepted in <see cref="ModeVariable"/>.</summary>
    public string Word => Mode == LabNetworkMode.Namespaces ? "namespaces" : "relay";

    /// <summary>The mode a new lab uses: <see cref="ModeVariable"/> when set, else namespaces when they can be built.</summary>
    public static async Task<LabNetwork> ChooseAsync(CancellationToken cancellationToken)
    {
        var forced = Environment.GetEnvironmentVariable(ModeVariable);
        if (!string.IsNullOrWhiteSpace(forced))
        {
            var network = Parse(forced, ModeVariable);
            if (network.Mode == LabNetworkMode.Namespaces && !await NamespaceNetwork.IsAvailableAsync(cancellationToken))
            {
                throw new InvalidOperationException($"{ModeVariable}=namespaces needs root and iproute2 (`ip netns`): run as root, or use {ModeVariable}=relay");
            }

            return network;
        }

        return await NamespaceNetwork.IsAvailableAsync(cancellationToken) ? Namespaces : Relay;
    }

    /// <summary>Reads the mode a lab was brought up with; a lab directory without one uses the relay.</summary>
    public static LabNetwork Read(string file)
    {
        try
        {
            return File.Exists(file) ? Parse(File.ReadAllText(file).Trim(), file) : Relay;
        }
        catch (IOException)
        {
            return Relay;
        }
    }

    public static LabNetwork Parse(string word, string source) => word.Trim().ToLowerInvariant() switch
    {
        "relay" => Relay,
        "namespaces" => Namespaces,
        _ => throw new InvalidOperationException($"{source}: expected 'relay' or 'namespaces', found '{word}'"),
    };

    public static NamespaceMember Member(LabSite site) => new(site.Id, site.Number);

    /// <summary>The address the control plane, the edge, DNS and the estate file use for the site.</summary>
    public IPAddress PublicAddress(LabSite site) =>
        Mode == LabNetworkMode.Namespaces ? Topology.Address(Member(site)) : Loopback(1, site);

    /// <summary>Where the site's processes listen (the same as <see cref="PublicAddress"/> in a namespace; behind the relay otherwise).</summary>
    public IPAddress ListenAddress(LabSite site) =>
        Mode == LabNetworkMode.Namespaces ? Topology.Address(Member(site)) : Loopback(2, site);

    /// <summary>The site's namespace (<c>ip netns</c> name), or null in relay mode.</summary>
    public string? NamespaceOf(LabSite site) => Mode == LabNetworkMode.Namespaces ? Topology.Namespace(Member(site)) : null;

    /// <summary>The command-line prefix that runs a program inside the site (empty in relay mode).</summary>
    public IReadOnlyList<string> ExecAt(LabSite site) => Mode == LabNetworkMode.Namespaces ? Topology.Exec(Member(site)) : [];

    /// <summary>The addresses the sites' servers reach each other from, trusted for replication in pg_hba.conf.</summary>
    public IReadOnlyList<string> SiteNetworks => Mode == LabNetworkMode.Namespaces ? ["127.0.0.0/8", Topology.Cidr] : ["127.0.0.0/8"];

    private static IPAddress Loopback(int block, LabSite site) =>
        IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"127.0.{block}.{site.Number}"));
}
