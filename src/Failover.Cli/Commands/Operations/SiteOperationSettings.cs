using System.ComponentModel;
using Spectre.Console.Cli;

namespace Failover.Cli.Commands.Operations;

internal sealed class SiteOperationSettings : MutatingSettings
{
    [CommandArgument(0, "<SITE>")]
    [Description("The site")]
    public string Site { get; init; } = "";

    [CommandOption("--service <SERVICE>")]
    [Description("Only this service (default: every service with a member at the site)")]
    public string? Service { get; init; }
}
