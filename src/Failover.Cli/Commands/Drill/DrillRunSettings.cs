using System.ComponentModel;
using Failover.Cli.Client;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Failover.Cli.Commands.Drill;

internal sealed class DrillRunSettings : ApiSettings
{
    [CommandArgument(0, "<SERVICE>")]
    [Description("The service (its id in the estate)")]
    public string Service { get; init; } = "";

    [CommandOption("--kind <KIND>")]
    [Description("isolated (default: a throwaway copy, no impact) or switchover (a planned switchover and back, in a maintenance window)")]
    [DefaultValue("isolated")]
    public string Kind { get; init; } = "isolated";

    [CommandOption("--target <SITE>")]
    [Description("The standby site to rehearse at (default: the first standby)")]
    public string? Target { get; init; }

    [CommandOption("--reason <TEXT>")]
    [Description("Why, for the journal")]
    public string? Reason { get; init; }

    [CommandOption("--no-wait")]
    [Description("Return once the drill is accepted, without following it")]
    public bool NoWait { get; init; }

    public override ValidationResult Validate() =>
        Kind is not ("isolated" or "switchover")
            ? ValidationResult.Error($"--kind must be isolated or switchover, found '{Kind}'")
            : base.Validate();
}
