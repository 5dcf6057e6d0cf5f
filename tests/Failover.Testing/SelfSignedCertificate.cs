using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Failover.Testing;

/// <summary>A self-signed ECDSA P-256 server certificate for test and benchmark servers, valid from yesterday for a week.</summary>
public static class SelfSignedCertificate
{
    /// <summary>A certificate naming <paramref name="dnsName"/> and/or <paramref name="address"/> (subject alternative names), and nothing else.</summary>
    public static X509Certificate2 ForServer(string? dnsName = null, IPAddress? address = null)
    {
        if (dnsName is null && address is null)
        {
            throw new ArgumentException("a server certificate names a host name, an address or both");
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsName ?? address!.ToString()}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        if (dnsName is not null)
        {
            san.AddDnsName(dnsName);
        }

        if (address is not null)
        {
            san.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds());
        using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));
        // Reloaded through PKCS#12: SslStream cannot always use the ephemeral key CreateSelfSigned returns.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }
}
