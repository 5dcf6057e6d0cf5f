using System.Text;
using Failover.Lab;
using Failover.Lab.Network;

namespace Failover.Cli.Commands.Lab;

/// <summary>The shell functions <c>lab env</c> defines: <c>lab_host SITE</c> and <c>lab_at SITE CMD...</c>, for the lab's network.</summary>
internal static class LabShellHelpers
{
    public static string Define(LabNetwork network)
    {
        var unknown = $"echo \"$FUNCNAME: unknown lab site '$1': expected one of {string.Join(", ", LabLayout.Sites.Select(s => s.Id))}\" >&2; return 2";
        var host = new StringBuilder();
        var at = new StringBuilder();
        foreach (var site in LabLayout.Sites)
        {
            host.Append($"    {site.Id}) echo {network.ListenAddress(site)} ;;\n");
            var exec = network.ExecAt(site);
            at.Append($"    {site.Id}) shift; {(exec.Count == 0 ? "" : string.Join(' ', exec) + " ")}\"$@\" ;;\n");
        }

        return $$"""
            # lab_host SITE: where the site's PostgreSQL and application listen. lab_at SITE CMD...: run CMD inside the site
            # ({{network.Description}}{{(network.NamespaceOf(LabLayout.Primary) is null ? "; the sites share this host's network" : "; it still reaches its own site when the site is partitioned")}}).
            lab_host() {
              case "${1:-}" in
            {{host}}    *) {{unknown}} ;;
              esac
            }
            lab_at() {
              case "${1:-}" in
            {{at}}    *) {{unknown}} ;;
              esac
            }

            """;
    }
}
