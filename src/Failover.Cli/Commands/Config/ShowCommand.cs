using Failover.Configuration;
using Failover.Core.Topology;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Failover.Cli.Commands.Config;

/// <summary>Prints the resolved estate (defaults applied) as tables.</summary>
internal sealed class ShowCommand(IAnsiConsole console) : Command<EstateFileSettings>
{
    public override int Execute(CommandContext context, EstateFileSettings settings, CancellationToken cancellationToken)
    {
        if (EstateFile.TryLoad(console, settings.File) is not { } result)
        {
            return ExitCodes.Unreadable;
        }

        if (result.Estate is not { } estate)
        {
            EstateFile.PrintDiagnostics(console, settings.File, result);
            return ExitCodes.Invalid;
        }

        if (settings.Output == OutputFormat.Json)
        {
            console.WriteRaw(EstateJson.Serialize(estate));
            return ExitCodes.Ok;
        }

        console.Write(Sites(estate));
        console.Write(Services(estate));
        console.Write(Routers(estate));
        console.Write(Policies(estate));
        console.Write(Observers(estate));
        return ExitCodes.Ok;
    }

    private static Table Sites(Estate estate)
    {
        var table = new Table().Title("Sites").AddColumns("Site", "Provider", "Location", "Failure domain", "PostgreSQL", "Ingress", "Kubernetes", "Capacity");
        foreach (var s in estate.Sites)
        {
            table.AddRow(
                Markup.Escape(s.Id), Markup.Escape(s.ProviderId), Markup.Escape(s.Location), Markup.Escape(s.FailureDomain),
                Markup.Escape(string.Join(", ", s.Postgres)), Markup.Escape(string.Join(", ", s.Ingress)),
                Markup.Escape(s.Kubernetes is { } k ? $"{k.Context ?? "(current)"}/{k.Namespace}" : "-"), s.Capacity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return table;
    }

    private static Table Services(Estate estate)
    {
        var table = new Table().Title("Services").AddColumns("Service", "Primary", "Standbys", "Replication", "RPO budget", "Targets", "Traffic", "Policy");
        foreach (var s in estate.Services.OrderBy(s => s.Priority))
        {
            var budget = s.Database.Budget;
            var budgetText = budget.IsSet
                ? string.Join(" / ", new[] { budget.MaxLagBytes is { } b ? Units.FormatSize(b) : null, budget.MaxLagTime is { } t ? Units.FormatDuration(t) : null }.OfType<string>())
                : "-";
            table.AddRow(
                $"[bold]{Markup.Escape(s.Id)}[/]\n{Markup.Escape(s.DisplayName)}",
                Markup.Escape(s.PrimarySiteId),
                Markup.Escape(string.Join(" > ", s.StandbySiteIds)),
                s.Database.Replication.ToString().ToLowerInvariant(),
                Markup.Escape(budgetText),
                $"RTO {Units.FormatDuration(s.Targets.Rto)}\nRPO {Units.FormatDuration(s.Targets.Rpo)}",
                Markup.Escape($"{s.Traffic.DnsName} via {s.Traffic.RouterId} (TTL {Units.FormatDuration(s.Traffic.Ttl)})"),
                Markup.Escape(s.PolicyId));
        }

        return table;
    }

    private static Table Routers(Estate estate)
    {
        var table = new Table().Title("Traffic routers").AddColumns("Router", "Kind", "Endpoint", "Zone", "Credentials");
        foreach (var r in estate.Routers)
        {
            var (endpoint, zone, secret) = r switch
            {
                PowerDnsRouterSpec p => (p.ApiUrl.ToString(), p.Zone, p.ApiKey.ToString()),
                Rfc2136RouterSpec d => (d.Server.ToString(), d.Zone, $"TSIG {d.TsigKeyName} ({d.TsigAlgorithm}) {d.TsigSecret}"),
                EdgeRouterSpec e => (e.AdminUrl?.ToString() ?? "(in process)", "-", "-"),
                _ => ("-", "-", "-"),
            };
            table.AddRow(Markup.Escape(r.Id), r.Kind, Markup.Escape(endpoint), Markup.Escape(zone), Markup.Escape(secret));
        }

        return table;
    }

    private static Table Policies(Estate estate)
    {
        var table = new Table().Title("Policies").AddColumns("Policy", "Automatic", "Detection", "Quorum", "Flap damping", "Mass-failure brake", "Approval");
        foreach (var p in estate.Policies)
        {
            table.AddRow(
                Markup.Escape(p.Id),
                p.AutomaticFailover ? "[green]yes[/]" : "[yellow]no[/]",
                $"every {Units.FormatDuration(p.Detection.Interval)}, grace {Units.FormatDuration(p.Detection.GracePeriod)}\n{p.Detection.FailuresToSuspect}/{p.Detection.FailuresToDown} failures, {p.Detection.SuccessesToRecover} successes",
                p.Quorum.Count?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "majority",
                Units.FormatDuration(p.FlapDampingMinInterval),
                $"{p.MassFailureMaxLostShare:P0} of sites",
                $"{(p.Approval.TwoPersonRule ? "two-person" : "one person")}, expires {Units.FormatDuration(p.Approval.RequestExpiry)}");
        }

        return table;
    }

    private static Table Observers(Estate estate)
    {
        var table = new Table().Title("Observers").AddColumns("Observer", "Failure domain", "URL");
        foreach (var o in estate.Observers)
        {
            table.AddRow(Markup.Escape(o.Id), Markup.Escape(o.FailureDomain), Markup.Escape(o.Url?.ToString() ?? "-"));
        }

        return table;
    }
}
