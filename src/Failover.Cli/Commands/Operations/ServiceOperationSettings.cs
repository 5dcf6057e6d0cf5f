using System.ComponentModel;
using Spectre.Console.Cli;

namespace Failover.Cli.Commands.Operations;

internal class ServiceOperationSettings : MutatingSettings
{
    [CommandArgument(0, "<SERVICE>")]
    [Description("The service (its id in the estate)")]
    public string Service { get; init; } = "";
}
