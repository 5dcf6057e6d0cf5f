namespace Failover.Core.Topology;

/// <summary>
/// The control plane's side of the mutual TLS with the site agents (estate: <c>agents: { caFile, certFile, keyFile }</c>):
/// the CA that signed the agents' server certificates, and the client certificate and key (PEM files) it presents.
/// </summary>
public sealed record AgentTlsSpec(string CaFile, string CertificateFile, string KeyFile);
