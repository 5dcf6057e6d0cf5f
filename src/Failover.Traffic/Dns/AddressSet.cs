using System.Net;

namespace Failover.Traffic.Dns;

internal static class AddressSet
{
    public static bool Equal(IEnumerable<IPAddress> left, IEnumerable<IPAddress> right) =>
        left.ToHashSet().SetEquals(right);

    public static string Format(IEnumerable<IPAddress> addresses)
    {
        var list = addresses.Select(a => a.ToString()).Order(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? "(none)" : string.Join(',', list);
    }
}
