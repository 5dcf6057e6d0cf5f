using System.Globalization;
using Failover.Lab.Network;
using Failover.Lab.Processes;
using Failover.Postgres.Programs;

namespace Failover.Lab.Agents;

/// <summary>
/// The lab's site agents, one per site, started as a host runs them (`failover agent`, inside the site's namespace when
/// it has one): each supervises its site's PostgreSQL server, holds the control plane's write lease over mutual TLS and
/// fences its member when the lease runs out; its fence also deactivates the site's application.
/// </summary>
public sealed class LabAgents(LabLayout layout, SelfCommand self, LabProcesses processes)
{
    public LabCertificates Certificates { get; } = new(layout.TlsDirectory, TimeProvider.System);

    public static string ProcessName(LabSite site) => "agent-" + site.Id;

    /// <summary>Issues the CA, the agents' server certificates (for every address a site's agent is reached at) and the control plane's client certificate.</summary>
    public void IssueCertificates(LabNetwork network) =>
        Certificates.Issue(LabLayout.Sites, site => [network.PublicAddress(site), network.ListenAddress(site)]);

    public int? PidOf(LabSite site) => processes.PidOf(ProcessName(site));

    /// <summary>Starts the site's agent; it starts the site's server fenced and unfences it only under the control plane's lease.</summary>
    public void Start(LabNetwork network, LabSite site, PostgresPrograms programs)
    {
        if (PidOf(site) is not null)
        {
            return;
        }

        Directory.CreateDirectory(layout.AgentStateDirectory(site));
        var address = network.ListenAddress(site).ToString();
        var port = LabLayout.PostgresPort.ToString(CultureInfo.InvariantCulture);
        List<string> arguments =
        [
            .. self.Prefix, "agent",
            "--service", LabLayout.ServiceId,
            "--site", site.Id,
            "--data-dir", layout.DataDirectory(site),
            "--state-dir", layout.AgentStateDirectory(site),
            "--listen", string.Create(CultureInfo.InvariantCulture, $"{address}:{LabLayout.AgentPort}"),
            "--cert", Certificates.AgentCertificateFile(site),
            "--key", Certificates.AgentKeyFile(site),
            "--client-ca", Certificates.CaFile,
            "--postgres-bin", programs.BinDirectory,
            "--postgres-option", "port=" + port,
            "--postgres-option", "listen_addresses=" + address,
            "--postgres-option", "unix_socket_directories=" + layout.SocketDirectory(site),
            "--postgres-option", "cluster_name=" + site.InstanceName,
            "--server-log", layout.PostgresLog(site),
            "--db-host", layout.SocketDirectory(site),
            "--db-port", port,
            "--db-user", "postgres",
            "--password-file", layout.SuperuserPasswordFile,
            "--app-stop-command", AppStopCommand(network, site),
            "--app-stop-timeout", "3s",
            "--app-start-command", AppStartCommand(network, site),
            "--app-start-timeout", "3s",
        ];
        if (programs.RunAsUser is { } user)
        {
            arguments.AddRange(["--run-as", user]);
        }

        IReadOnlyList<string> command = [.. network.ExecAt(site), self.FileName, .. arguments];
        processes.Start(ProcessName(site), command[0], [.. command.Skip(1)]);
    }

    /// <summary><c>kill -9</c> of the agent; its server dies with it (the postmaster's parent-death signal).</summary>
    public Task<bool> KillAsync(LabSite site, CancellationToken cancellationToken) => processes.KillAsync(ProcessName(site), cancellationToken);

    /// <summary>
    /// What the agent runs when it fences: the site's demo application is deactivated through its admin API under the
    /// agent's epoch, as a host would stop its application unit or a Kubernetes site scale it to zero.
    /// </summary>
    private string AppStopCommand(LabNetwork network, LabSite site) => string.Create(CultureInfo.InvariantCulture,
        $"curl -sS -f -m 2 -X PUT -H \"Authorization: Bearer $(cat '{layout.AdminTokenFile}')\" -H 'Content-Type: application/json' "
        + $"-d \"{{\\\"epoch\\\": ${{FAILOVER_EPOCH:-0}}}}\" {LabLayout.AppUrl(network.ListenAddress(site))}/admin/deactivate");

    /// <summary>
    /// What the agent runs when a lease of the epoch it was fenced under lifts its fence (a false suspicion, not a
    /// failover): the site's demo application is activated again against its own primary under that epoch.
    /// </summary>
    private string AppStartCommand(LabNetwork network, LabSite site) => string.Create(CultureInfo.InvariantCulture,
        $"curl -sS -f -m 2 -X PUT -H \"Authorization: Bearer $(cat '{layout.AdminTokenFile}')\" -H 'Content-Type: application/json' "
        + $"-d \"{{\\\"host\\\": \\\"{network.ListenAddress(site)}\\\", \\\"port\\\": {LabLayout.PostgresPort}, \\\"epoch\\\": ${{FAILOVER_EPOCH:-0}}}}\" {LabLayout.AppUrl(network.ListenAddress(site))}/admin/activate");
}
