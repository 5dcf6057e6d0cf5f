using Failover.Cli.Commands.Agent;
using Failover.Cli.Commands.Config;
using Failover.Cli.Commands.Drill;
using Failover.Cli.Commands.Lab;
using Failover.Cli.Commands.Operations;
using Failover.Cli.Commands.Serve;
using Failover.Cli.Commands.Simulate;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Failover.Cli;

/// <summary>The <c>failover</c> command line; later issues add their branches here.</summary>
public static class FailoverApp
{
    public static int Run(string[] args, IAnsiConsole? console = null)
    {
        if (console is null)
        {
            console = AnsiConsole.Console;
            if (Console.IsOutputRedirected)
            {
                // Scripts and logs read one diagnostic per line: do not wrap at 80 columns.
                console.Profile.Width = 512;
            }
        }

        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("failover");
            config.ConfigureConsole(console);
            config.SetExceptionHandler((e, _) =>
            {
                console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                return e is CommandAppException ? ExitCodes.Usage : ExitCodes.Invalid;
            });
            config.AddBranch("config", branch =>
            {
                branch.SetDescription("Read and check an estate file");
                branch.AddCommand<ValidateCommand>("validate")
                    .WithDescription("Report every problem of an estate file (exit 0 valid, 1 invalid, 2 unreadable)")
                    .WithExample("config", "validate", "manifests/estate.example.yaml");
                branch.AddCommand<ShowCommand>("show")
                    .WithDescription("Print the resolved estate as tables")
                    .WithExample("config", "show", "manifests/estate.example.yaml");
            });
            config.AddCommand<StatusCommand>("status").WithDescription("The estate at a glance: sites, verdicts, services, primaries, lag");
            config.AddCommand<SwitchoverCommand>("switchover").WithDescription("Planned move of a service to a standby site, zero data loss")
                .WithExample("switchover", "ent-grand-est", "--to", "ovh-rbx");
            config.AddCommand<FailoverCommand>("failover").WithDescription("Unplanned move of a service to a standby site, bounded data loss")
                .WithExample("failover", "ent-grand-est", "--to", "ovh-rbx");
            config.AddCommand<FailbackCommand>("failback").WithDescription("Planned switchover back to the service's configured primary site");
            config.AddCommand<FenceCommand>("fence").WithDescription("Make a site's members read-only and stop their workloads");
            config.AddCommand<UnfenceCommand>("unfence").WithDescription("Lift an operator fence from a site");
            config.AddCommand<ReprotectCommand>("reprotect").WithDescription("Rebuild a site's member as a standby of the current primary");
            config.AddCommand<ApproveCommand>("approve").WithDescription("Approve an operation awaiting approval, then follow it");
            config.AddCommand<CancelCommand>("cancel").WithDescription("Cancel an operation before its point of no return");
            config.AddCommand<HistoryCommand>("history").WithDescription("Every journaled operation, newest first");
            config.AddBranch("drill", branch =>
            {
                branch.SetDescription("Drills: prove a failover would work, without an outage");
                branch.AddCommand<DrillRunCommand>("run").WithDescription("Run a drill of a service (isolated by default) and print its report");
                branch.AddCommand<DrillHistoryCommand>("history").WithDescription("Every drill in the journal, newest first, with its verdict");
                branch.AddCommand<DrillShowCommand>("show").WithDescription("One drill's report");
                branch.AddCommand<DrillScheduleCommand>("schedule").WithDescription("The next firing times of the drill schedules, with the ones their calendars exclude")
                    .WithExample("drill", "schedule", "--config", "manifests/estate.example.yaml", "--count", "5");
            });
            config.AddBranch("operation", branch =>
            {
                branch.SetDescription("One operation");
                branch.AddCommand<OperationShowCommand>("show").WithDescription("An operation with its evidence and journal");
                branch.AddCommand<OperationWaitCommand>("wait").WithDescription("Follow an operation (or a service's next one) until it ends or awaits approval")
                    .WithExample("operation", "wait", "--service", "ent-grand-est", "--kind", "failover");
            });
            config.AddBranch<LabSettings>("lab", branch =>
            {
                branch.SetDescription("The whole estate on this machine: three sites, real PostgreSQL, demo ENT, edge, control plane");
                branch.SetDefaultCommand<LabUpCommand>();
                branch.AddCommand<LabUpCommand>("up").WithDescription("Start the lab (and show the dashboard unless --detach)");
                branch.AddCommand<LabEnvCommand>("env").WithDescription("Print the shell exports that point the CLI at the lab: eval \"$(failover lab env)\"");
                branch.AddCommand<LabStatusCommand>("status").WithDescription("Processes per site and the control plane's status");
                branch.AddCommand<LabBurnCommand>("burn").WithDescription("kill -9 every process of a site");
                branch.AddCommand<LabPartitionCommand>("partition").WithDescription("Cut a site's network (it keeps running): its link down as root, else its relay from the control plane and the edge");
                branch.AddCommand<LabHealCommand>("heal").WithDescription("Undo a partition (of one site, or of every site)");
                branch.AddCommand<LabRestoreCommand>("restore").WithDescription("Start a burned site's processes again");
                branch.AddCommand<LabDownCommand>("down").WithDescription("Stop everything and remove the lab's directory");
                branch.AddCommand<LabHostCommand>("host").IsHidden();
                branch.AddCommand<LabSiteAppCommand>("site-app").IsHidden();
            });
            config.AddCommand<SimulateCommand>("simulate").WithDescription("Run the real engine against seeded simulated disasters, checking the safety invariants")
                .WithExample("simulate", "--seeds", "20000");
            config.AddCommand<AgentCommand>("agent").WithDescription("Run the site agent beside a PostgreSQL member: supervise it, hold its write lease, fence it when the lease runs out");
            config.AddCommand<ServeCommand>("serve")
                .WithDescription("Run the control plane: API, health loops and decisions")
                .WithExample("serve", "--config", "manifests/estate.example.yaml", "--tokens", "/etc/failover/tokens");
        });
        // Ctrl+C cancels the command's token (the lab then comes down cleanly) instead of killing the process.
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return app.RunAsync(args, cancel.Token).GetAwaiter().GetResult();
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
