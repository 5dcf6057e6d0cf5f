using System.ComponentModel;
using Spectre.Console.Cli;

namespace Failover.Cli.Commands.Operations;

internal sealed class FailoverSettings : ServiceOperationSettings
{
    [CommandOption("--to <SITE>")]
    [Description("The standby site to promote (default: the engine's choice)")]
    public string? To { get; init; }

    [CommandOption("--force")]
    [Description("Promote even beyond the RPO budget (data loss); journaled loudly")]
    public bool Force { get; init; }
}
