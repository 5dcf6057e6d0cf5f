using ARSoft.Tools.Net.Dns;

namespace Failover.Traffic.Rfc2136;

internal static class TsigAlgorithms
{
    /// <summary>Maps the configuration's name (<c>hmac-sha256</c>, as in BIND's key clause) to ARSoft's algorithm.</summary>
    public static TSigAlgorithm? Parse(string name) => name.Trim().ToLowerInvariant().Replace("hmac-", "", StringComparison.Ordinal) switch
    {
        "md5" or "md5.sig-alg.reg.int" or "md5.sig-alg.reg.int." => TSigAlgorithm.Md5,
        "sha1" => TSigAlgorithm.Sha1,
        "sha224" => TSigAlgorithm.Sha224,
        "sha256" => TSigAlgorithm.Sha256,
        "sha384" => TSigAlgorithm.Sha384,
        "sha512" => TSigAlgorithm.Sha512,
        _ => null,
    };
}
