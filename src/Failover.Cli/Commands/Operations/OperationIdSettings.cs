using System.ComponentModel;
using Failover.Cli.Client;
using Spectre.Console.Cli;

namespace Failover.Cli.Commands.Operations;

internal sealed class OperationIdSettings : ApiSettings
{
    [CommandArgument(0, "<OPERATION>")]
    [Description("The operation id (see failover history)")]
    public string Operation { get; init; } = "";

    [CommandOption("--reason <TEXT>")]
    [Description("Why, for the journal (cancel)")]
    public string? Reason { get; init; }
}
