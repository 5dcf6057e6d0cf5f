using System.ComponentModel;
using Spectre.Console.Cli;

namespace Failover.Cli.Commands.Lab;

internal sealed class LabUpSettings : LabSettings
{
    [CommandOption("-d|--detach")]
    [Description("Start the lab and return (scripts, tests); without it, show the live dashboard until Ctrl+C, then bring the lab down")]
    public bool Detach { get; init; }
}
