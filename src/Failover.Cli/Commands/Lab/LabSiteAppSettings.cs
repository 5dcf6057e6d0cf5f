using Spectre.Console.Cli;

namespace Failover.Cli.Commands.Lab;

internal sealed class LabSiteAppSettings : LabSettings
{
    [CommandOption("--site <SITE>")]
    public string Site { get; init; } = "";
}
