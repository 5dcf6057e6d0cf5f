using Failover.Lab;
using Spectre.Console;

namespace Failover.Cli.Commands.Lab;

/// <summary>
/// <c>eval "$(failover lab env)"</c>: points the CLI at the running lab's control plane, so the runbooks' commands
/// run unchanged against the lab, and defines <c>lab_host SITE</c> (where the site listens) and
/// <c>lab_at SITE CMD...</c> (runs a command inside the site, so it still reaches the site when the site is cut off).
/// </summary>
internal sealed class LabEnvCommand(IAnsiConsole console) : LabCommand<LabSettings>(console)
{
    protected override Task<int> RunAsync(LabController lab, LabSettings settings, CancellationToken cancellationToken)
    {
        if (RequireUp(lab) is not ExitCodes.Ok and var down)
        {
            return Task.FromResult(down);
        }

        Console.WriteRaw($"""
            export {Client.ApiSettings.ApiVariable}='{LabLayout.ApiUrl.ToString().TrimEnd('/')}'
            export {Client.ApiSettings.TokenVariable}='{lab.ApiToken}'
            export FAILOVER_LAB_DIR='{lab.Layout.Directory}'
            {LabShellHelpers.Define(lab.Layout.Network)}
            """);
        return Task.FromResult(ExitCodes.Ok);
    }
}
