using System.ComponentModel;
using Spectre.Console.Cli;

namespace Failover.Cli.Commands.Operations;

internal sealed class SwitchoverSettings : ServiceOperationSettings
{
    [CommandOption("--to <SITE>")]
    [Description("The standby site to promote (default: the engine's choice)")]
    public string? To { get; init; }
}
