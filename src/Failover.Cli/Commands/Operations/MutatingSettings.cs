using System.ComponentModel;
using Failover.Cli.Client;
using Spectre.Console.Cli;

namespace Failover.Cli.Commands.Operations;

/// <summary>Options of every command that asks for an operation: preview, confirmation, reason.</summary>
internal class MutatingSettings : ApiSettings
{
    [CommandOption("-y|--yes")]
    [Description("Do not ask for confirmation (scripts)")]
    public bool Yes { get; init; }

    [CommandOption("--dry-run")]
    [Description("Only preview the plan; change nothing")]
    public bool DryRun { get; init; }

    [CommandOption("--reason <TEXT>")]
    [Description("Why, for the journal")]
    public string? Reason { get; init; }
}
