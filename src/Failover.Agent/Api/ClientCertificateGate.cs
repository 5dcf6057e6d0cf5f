using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;

namespace Failover.Agent.Api;

/// <summary>
/// Lets a request through only when the TLS client presented a certificate chained to <c>--client-ca</c>. TLS itself
/// accepts any certificate, so that a refused client gets a 401 problem document rather than a torn handshake.
/// </summary>
internal sealed class ClientCertificateGate(X509Certificate2Collection authorities)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var certificate = await context.Connection.GetClientCertificateAsync(context.RequestAborted);
        if (certificate is null)
        {
            await Problems.Unauthorized("present a client certificate signed by the agent's --client-ca").ExecuteAsync(context);
            return;
        }

        if (!IsTrusted(certificate))
        {
            await Problems.Unauthorized($"the client certificate '{certificate.Subject}' is not signed by the agent's --client-ca").ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    private bool IsTrusted(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2")); // client authentication
        return chain.Build(certificate);
    }
}
