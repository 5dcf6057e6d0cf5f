using System.ComponentModel;
using Failover.Cli.Client;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Failover.Cli.Commands.Operations;

internal sealed class OperationWaitSettings : ApiSettings
{
    [CommandArgument(0, "[OPERATION]")]
    [Description("The operation to wait for; without it, the newest operation of --service (and --kind)")]
    public string? Operation { get; init; }

    [CommandOption("--service <SERVICE>")]
    [Description("Wait for an operation of this service to appear and end (e.g. the automatic failover after a site loss)")]
    public string? Service { get; init; }

    [CommandOption("--kind <KIND>")]
    [Description("Only operations of this kind (failover, switchover, failback, reprotect, fence, unfence, reconcile, drill)")]
    public string? Kind { get; init; }

    [CommandOption("--site <SITE>")]
    [Description("Only operations from or to this site (e.g. the reprotect of the site that came back)")]
    public string? Site { get; init; }

    [CommandOption("--since <SECONDS>")]
    [Description("Also take an operation that began up to this many seconds before the command (default 0: a running one, or the next one)")]
    [DefaultValue(0)]
    public int SinceSeconds { get; init; }

    [CommandOption("--timeout <SECONDS>")]
    [Description("Give up after this many seconds (exit 7); default 120")]
    [DefaultValue(120)]
    public int TimeoutSeconds { get; init; }

    public override ValidationResult Validate()
    {
        var api = base.Validate();
        if (!api.Successful)
        {
            return api;
        }

        if ((Operation is null) == (Service is null))
        {
            return ValidationResult.Error("give either an OPERATION id or --service SERVICE, not both and not neither");
        }

        if (Operation is not null && (Kind is not null || Site is not null))
        {
            return ValidationResult.Error("--kind and --site choose among a service's operations: use them with --service, not with an OPERATION id");
        }

        if (Kind is not null && !Kinds.Contains(Kind, StringComparer.OrdinalIgnoreCase))
        {
            return ValidationResult.Error($"--kind must be one of {string.Join(", ", Kinds)}, found '{Kind}'");
        }

        if (SinceSeconds is < 0 or > 86_400)
        {
            return ValidationResult.Error($"--since must be between 0 and 86400 seconds, found {SinceSeconds}");
        }

        return TimeoutSeconds is < 1 or > 86_400
            ? ValidationResult.Error($"--timeout must be between 1 and 86400 seconds, found {TimeoutSeconds}")
            : ValidationResult.Success();
    }

    private static readonly string[] Kinds = ["failover", "switchover", "failback", "reprotect", "fence", "unfence", "reconcile", "drill"];
}
