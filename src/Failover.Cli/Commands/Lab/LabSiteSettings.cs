using System.ComponentModel;
using Failover.Lab;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Failover.Cli.Commands.Lab;

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
