using System.ComponentModel;
using Failover.Lab;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Failover.Cli.Commands.Lab;

internal sealed class LabHealSettings : LabSettings
{
    [CommandArgument(0, "[SITE]")]
    [Description("ovh-sbg, ovh-rbx or scw-par; without it, every site")]
    public string? Site { get; init; }

    public override ValidationResult Validate() =>
        Site is null || LabLayout.Sites.Any(s => s.Id == Site)
            ? ValidationResult.Success()
            : ValidationResult.Error($"SITE must be one of {string.Join(", ", LabLayout.Sites.Select(s => s.Id))} (or nothing for every site), found '{Site}'");
}
