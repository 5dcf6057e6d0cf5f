using System.ComponentModel;
using Failover.Cli.Commands.Config;
using Failover.Lab;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Failover.Cli.Commands.Lab;

internal class LabSettings : CommandSettings
{
    [CommandOption("--dir <DIR>")]
    [Description("The lab's directory (default: $FAILOVER_LAB_DIR, else ~/.failover/lab; /var/tmp/failover-lab as root)")]
    public string? Directory { get; init; }

    [CommandOption("-o|--output <FORMAT>")]
    [Description("text (default) or json")]
    [DefaultValue(OutputFormat.Text)]
    public OutputFormat Output { get; init; }

    public LabLayout Layout => new(Path.GetFullPath(Directory ?? LabLayout.DefaultDirectory));
}

internal sealed class LabUpSettings : LabSettings
{
    [CommandOption("-d|--detach")]
    [Description("Start the lab and return (scripts, tests); without it, show the live dashboard until Ctrl+C, then bring the lab down")]
    public bool Detach { get; init; }
}

internal sealed class LabSiteSettings : LabSettings
{
    [CommandArgument(0, "<SITE>")]
    [Description("ovh-sbg (Strasbourg), ovh-rbx (Roubaix) or scw-par (Paris)")]
    public string Site { get; init; } = "";

    public override ValidationResult Validate() =>
        LabLayout.Sites.Any(s => s.Id == Site)
            ? ValidationResult.Success()
            : ValidationResult.Error($"SITE must be one of {string.Join(", ", LabLayout.Sites.Select(s => s.Id))}, found '{Site}'");
}

internal sealed class LabSiteAppSettings : LabSettings
{
    [CommandOption("--site <SITE>")]
    public string Site { get; init; } = "";
}
