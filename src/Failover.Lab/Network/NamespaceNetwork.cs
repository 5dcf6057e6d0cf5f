using System.Globalization;

namespace Failover.Lab.Network;

/// <summary>
/// Network namespaces on a bridge, built with iproute2 (as root). Every neighbour entry is permanent — on the host
/// for each member, in each member for the host and the other members — so that when a member's host-side veth is set
/// down (<see cref="PartitionAsync"/>) no ARP ever fails: packets to and from the member are silently dropped, a
/// connect() hangs until its own timeout, with no reset and no "host unreachable", as on a cut link.
/// </summary>
public sealed class NamespaceNetwork(NamespaceTopology topology, IReadOnlyList<NamespaceMember> members)
{
    private const string NetnsDirectory = "/var/run/netns";
    private const string NetnsConfigDirectory = "/etc/netns";

    public NamespaceTopology Topology => topology;

    public IReadOnlyList<NamespaceMember> Members => members;

    /// <summary>True when this process can build namespaces: root, and <c>ip netns</c> works.</summary>
    public static async Task<bool> IsAvailableAsync(CancellationToken cancellationToken) =>
        string.Equals(Environment.UserName, "root", StringComparison.Ordinal)
        && (await IpCommand.TryAsync(["netns", "list"], cancellationToken)).Exit == 0;

    /// <summary>Builds the bridge and every member's namespace, removing first whatever a crashed run left.</summary>
    public async Task CreateAsync(CancellationToken cancellationToken)
    {
        await RemoveAsync(cancellationToken);
        try
        {
            await IpCommand.RunAsync(["link", "add", topology.Bridge, "address", topology.BridgeMac, "type", "bridge"], cancellationToken);
            await IpCommand.RunAsync(["addr", "add", topology.Gateway + "/24", "dev", topology.Bridge], cancellationToken);
            await IpCommand.RunAsync(["link", "set", topology.Bridge, "up"], cancellationToken);
            foreach (var member in members)
            {
                await AddMemberAsync(member, cancellationToken);
            }

            foreach (var member in members)
            {
                var ns = topology.Namespace(member);
                await IpCommand.RunAsync(
                    ["-n", ns, "neigh", "replace", topology.Gateway.ToString(), "lladdr", topology.BridgeMac, "dev", NamespaceTopology.InnerInterface, "nud", "permanent"],
                    cancellationToken);
                foreach (var other in members.Where(m => m != member))
                {
                    await IpCommand.RunAsync(
                        ["-n", ns, "neigh", "replace", topology.Address(other).ToString(), "lladdr", topology.Mac(other), "dev", NamespaceTopology.InnerInterface, "nud", "permanent"],
                        cancellationToken);
                }
            }
        }
        catch
        {
            await RemoveAsync(CancellationToken.None);
            throw;
        }
    }

    /// <summary>Cuts the member's link: its host-side veth goes down, packets either way are dropped.</summary>
    public Task PartitionAsync(NamespaceMember member, CancellationToken cancellationToken) =>
        IpCommand.RunAsync(["link", "set", topology.HostVeth(member), "down"], cancellationToken);

    public Task HealAsync(NamespaceMember member, CancellationToken cancellationToken) =>
        IpCommand.RunAsync(["link", "set", topology.HostVeth(member), "up"], cancellationToken);

    /// <summary>Whether the member's host-side veth is up (IFF_UP); false when it does not exist.</summary>
    public bool IsLinkUp(NamespaceMember member)
    {
        var flags = Path.Combine("/sys/class/net", topology.HostVeth(member), "flags");
        try
        {
            var text = File.ReadAllText(flags).Trim();
            return text.StartsWith("0x", StringComparison.Ordinal)
                && (int.Parse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture) & 1) == 1;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Whether anything of this topology exists on the machine (the bridge or a member's namespace).</summary>
    public bool Exists() =>
        Directory.Exists(Path.Combine("/sys/class/net", topology.Bridge))
        || members.Any(m => File.Exists(Path.Combine(NetnsDirectory, topology.Namespace(m))) || Directory.Exists(Path.Combine("/sys/class/net", topology.HostVeth(m))));

    /// <summary>Removes the namespaces, veths, bridge and <c>/etc/netns</c> directories; idempotent (a crash may have left any part).</summary>
    public async Task RemoveAsync(CancellationToken cancellationToken)
    {
        foreach (var member in members)
        {
            var ns = topology.Namespace(member);
            if (File.Exists(Path.Combine(NetnsDirectory, ns)))
            {
                await IpCommand.RunAsync(["netns", "del", ns], cancellationToken);
            }

            // Deleting the namespace deletes both ends of its veth; a veth left without a namespace is removed here.
            if (Directory.Exists(Path.Combine("/sys/class/net", topology.HostVeth(member))))
            {
                await IpCommand.TryAsync(["link", "del", topology.HostVeth(member)], cancellationToken);
            }

            var config = Path.Combine(NetnsConfigDirectory, ns);
            if (Directory.Exists(config))
            {
                Directory.Delete(config, recursive: true);
            }
        }

        if (Directory.Exists(Path.Combine("/sys/class/net", topology.Bridge)))
        {
            await IpCommand.RunAsync(["link", "del", topology.Bridge], cancellationToken);
        }
    }

    private async Task AddMemberAsync(NamespaceMember member, CancellationToken cancellationToken)
    {
        var ns = topology.Namespace(member);
        var veth = topology.HostVeth(member);
        var inner = NamespaceTopology.InnerInterface;
        await IpCommand.RunAsync(["netns", "add", ns], cancellationToken);
        await IpCommand.RunAsync(["link", "add", veth, "type", "veth", "peer", "name", inner, "netns", ns], cancellationToken);
        await IpCommand.RunAsync(["-n", ns, "link", "set", inner, "address", topology.Mac(member)], cancellationToken);
        await IpCommand.RunAsync(["-n", ns, "addr", "add", topology.Address(member) + "/24", "dev", inner], cancellationToken);
        await IpCommand.RunAsync(["-n", ns, "link", "set", "lo", "up"], cancellationToken);
        await IpCommand.RunAsync(["-n", ns, "link", "set", inner, "up"], cancellationToken);
        await IpCommand.RunAsync(["-n", ns, "route", "add", "default", "via", topology.Gateway.ToString()], cancellationToken);
        await IpCommand.RunAsync(["link", "set", veth, "master", topology.Bridge, "up"], cancellationToken);
        await IpCommand.RunAsync(
            ["neigh", "replace", topology.Address(member).ToString(), "lladdr", topology.Mac(member), "dev", topology.Bridge, "nud", "permanent"], cancellationToken);

        // Inside the namespace, the members' names resolve to their addresses (ip netns exec mounts this over /etc/hosts).
        var config = Directory.CreateDirectory(Path.Combine(NetnsConfigDirectory, ns));
        await File.WriteAllLinesAsync(
            Path.Combine(config.FullName, "hosts"),
            ["127.0.0.1 localhost", .. members.Select(m => $"{topology.Address(m)} {m.Name}")],
            cancellationToken);
    }
}
