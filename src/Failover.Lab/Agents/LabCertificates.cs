using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Failover.Lab.Agents;

/// <summary>
/// The lab's own certificate authority for the mutual TLS between the control plane and the site agents, as a hosting
/// operator's PKI would issue it: a CA, one server certificate per site agent (its addresses as subject names) and one
/// client certificate for the control plane. PEM files in <c>secrets/tls/</c>; the CA's key is never written.
/// </summary>
public sealed class LabCertificates(string directory, TimeProvider time)
{
    private static readonly TimeSpan Validity = TimeSpan.FromDays(30);

    public string CaFile => Path.Combine(directory, "ca.pem");

    public string ControlPlaneCertificateFile => Path.Combine(directory, "control-plane.pem");

    public string ControlPlaneKeyFile => Path.Combine(directory, "control-plane.key");

    public string AgentCertificateFile(LabSite site) => Path.Combine(directory, $"agent-{site.Id}.pem");

    public string AgentKeyFile(LabSite site) => Path.Combine(directory, $"agent-{site.Id}.key");

    /// <summary>Issues every certificate the lab needs; <paramref name="addressesOf"/> gives the addresses a site's agent is reached at.</summary>
    public void Issue(IEnumerable<LabSite> sites, Func<LabSite, IEnumerable<IPAddress>> addressesOf)
    {
        Directory.CreateDirectory(directory);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Failover lab CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var now = time.GetUtcNow();
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.Add(Validity));
        File.WriteAllText(CaFile, ca.ExportCertificatePem());

        foreach (var site in sites)
        {
            var names = new SubjectAlternativeNameBuilder();
            foreach (var address in addressesOf(site))
            {
                names.AddIpAddress(address);
            }

            names.AddDnsName($"agent.{site.Id}.lab");
            IssueLeaf(ca, $"CN=failover-agent {site.Id}", names, serverAuth: true, AgentCertificateFile(site), AgentKeyFile(site));
        }

        IssueLeaf(ca, "CN=failover control plane (lab)", null, serverAuth: false, ControlPlaneCertificateFile, ControlPlaneKeyFile);
    }

    private static void IssueLeaf(X509Certificate2 ca, string subject, SubjectAlternativeNameBuilder? names, bool serverAuth, string certificateFile, string keyFile)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [serverAuth ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        if (names is not null)
        {
            request.CertificateExtensions.Add(names.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var leaf = request.Create(ca, ca.NotBefore.AddMinutes(1), ca.NotAfter.AddMinutes(-1), serial);
        File.WriteAllText(certificateFile, leaf.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
