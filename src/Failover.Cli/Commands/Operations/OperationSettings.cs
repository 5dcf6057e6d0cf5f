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

internal class ServiceOperationSettings : MutatingSettings
{
    [CommandArgument(0, "<SERVICE>")]
    [Description("The service (its id in the estate)")]
    public string Service { get; init; } = "";
}

internal sealed class SwitchoverSettings : ServiceOperationSettings
{
    [CommandOption("--to <SITE>")]
    [Description("The standby site to promote (default: the engine's choice)")]
    public string? To { get; init; }
}

internal sealed class FailoverSettings : ServiceOperationSettings
{
    [CommandOption("--to <SITE>")]
    [Description("The standby site to promote (default: the engine's choice)")]
    public string? To { get; init; }

    [CommandOption("--force")]
    [Description("Promote even beyond the RPO budget (data loss); journaled loudly")]
    public bool Force { get; init; }
}

internal sealed class SiteOperationSettings : MutatingSettings
{
    [CommandArgument(0, "<SITE>")]
    [Description("The site")]
    public string Site { get; init; } = "";

    [CommandOption("--service <SERVICE>")]
    [Description("Only this service (default: every service with a member at the site)")]
    public string? Service { get; init; }
}

internal sealed class OperationIdSettings : ApiSettings
{
    [CommandArgument(0, "<OPERATION>")]
    [Description("The operation id (see failover history)")]
    public string Operation { get; init; } = "";

    [CommandOption("--reason <TEXT>")]
    [Description("Why, for the journal (cancel)")]
    public string? Reason { get; init; }
}
