using System.Globalization;
using System.Net;

namespace Failover.Lab.Network;

/// <summary>
/// The names and addresses of a set of network namespaces on one bridge: bridge <see cref="Bridge"/> at
/// <c>{Subnet}.1/24</c>, namespace <c>{Prefix}-{member}</c> joined by veth <c>{Prefix}v-{member}</c> (its host end),
/// member N at <c>{Subnet}.(10+N)</c>. Every interface has a fixed, locally administered MAC address so that the
/// neighbour entries can be permanent.
/// </summary>
/// <param name="MacTag">The third byte of every MAC address, so that two topologies never share one.</param>
public sealed record NamespaceTopology(string Bridge, string Prefix, string Subnet, byte MacTag)
{
    /// <summary>The interface inside each namespace.</summary>
    public const string InnerInterface = "eth0";

    /// <summary>Linux limits interface names to 15 characters.</summary>
    private const int MaxInterfaceName = 15;

    /// <summary>The lab's: bridge flab0, 10.213.0.0/24, namespaces flab-SITE.</summary>
    public static NamespaceTopology Lab { get; } = new("flab0", "flab", "10.213.0", 0x00);

    public IPAddress Gateway => IPAddress.Parse(Subnet + ".1");

    public string Cidr => Subnet + ".0/24";

    public string BridgeMac => Mac(0);

    public string Namespace(NamespaceMember member) => $"{Prefix}-{member.Name}";

    public string HostVeth(NamespaceMember member)
    {
        var name = $"{Prefix}v-{member.Name}";
        return name.Length <= MaxInterfaceName
            ? name
            : throw new ArgumentException($"interface name '{name}' is longer than {MaxInterfaceName} characters: use a shorter prefix or member name", nameof(member));
    }

    public IPAddress Address(NamespaceMember member) =>
        IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"{Subnet}.{10 + member.Number}"));

    public string Mac(NamespaceMember member) => Mac(member.Number);

    /// <summary>The <c>ip netns exec</c> prefix that runs a command inside the member's namespace.</summary>
    public IReadOnlyList<string> Exec(NamespaceMember member) => ["ip", "netns", "exec", Namespace(member)];

    private string Mac(int number) => string.Create(CultureInfo.InvariantCulture, $"02:fa:{MacTag:x2}:00:00:{number:x2}");
}
