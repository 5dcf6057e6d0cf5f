using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Failover.Testing;

namespace Failover.Agent.Tests;

/// <summary>A test CA with a server certificate for 127.0.0.1 and a client certificate, plus a rogue CA's client certificate, as PEM files.</summary>
internal sealed class TestCertificates : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public TestCertificates()
    {
        using var ca = Authority("Failover test agents CA");
        using var rogue = Authority("Someone else's CA");
        CaFile = _directory.Write("ca.pem", ca.ExportCertificatePem());
        (ServerCertificateFile, ServerKeyFile) = Issue(ca, "agent", server: true);
        (ClientCertificateFile, ClientKeyFile) = Issue(ca, "control-plane", server: false);
        (RogueCertificateFile, RogueKeyFile) = Issue(rogue, "intruder", server: false);
    }

    public string CaFile { get; }

    public string ServerCertificateFile { get; }

    public string ServerKeyFile { get; }

    public string ClientCertificateFile { get; }

    public string ClientKeyFile { get; }

    public string RogueCertificateFile { get; }

    public string RogueKeyFile { get; }

    public void Dispose() => _directory.Dispose();

    private static X509Certificate2 Authority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(NotBefore, NotAfter);
    }

    private (string Certificate, string Key) Issue(X509Certificate2 authority, string name, bool server)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(8);
        // Within the authority's own validity: its dates are kept to the second, so a later 'now' could overshoot them.
        using var certificate = request.Create(authority, authority.NotBefore.AddMinutes(1), authority.NotAfter.AddMinutes(-1), serial);
        return (_directory.Write(name + ".pem", certificate.ExportCertificatePem()), _directory.Write(name + ".key", key.ExportPkcs8PrivateKeyPem()));
    }

    private static DateTimeOffset NotBefore => TimeProvider.System.GetUtcNow().AddDays(-1);

    private static DateTimeOffset NotAfter => TimeProvider.System.GetUtcNow().AddDays(30);
}
