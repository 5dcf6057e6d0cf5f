using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Failover.Cli.Commands.Operations;

/// <summary>The status document as tables, shared by <c>status</c> and the lab dashboard.</summary>
internal static class StatusTables
{
    public static Table Sites(JsonElement status)
    {
        var table = new Table().Title("Sites").AddColumns("Site", "Location", "Verdict", "Since", "Evidence");
        foreach (var site in status.GetProperty("sites").EnumerateArray())
        {
            var state = site.GetProperty("state").GetString() ?? "unknown";
            var evidence = site.GetProperty("failingProbes").EnumerateObject().Select(p => $"{p.Name}: {p.Value.GetString()}").Take(2).ToList();
            if (site.TryGetProperty("automaticActionBlocked", out var blocked))
            {
                evidence.Insert(0, $"automatic action blocked: {blocked.GetString()}");
            }

            table.AddRow(
                Markup.Escape(site.GetProperty("id").GetString()!),
                Markup.Escape(site.GetProperty("location").GetString() ?? ""),
                $"[{Colour(state)}]{state}[/]",
                site.TryGetProperty("since", out var since) ? since.GetDateTimeOffset().ToString("HH:mm:ss", CultureInfo.InvariantCulture) : "-",
                Markup.Escape(string.Join("\n", evidence)));
        }

        return table;
    }

    public static Table Services(JsonElement status)
    {
        var table = new Table().Title("Services").AddColumns("Service", "Primary", "Epoch", "Members (role, lag)", "Traffic", "Operation");
        foreach (var service in status.GetProperty("services").EnumerateArray())
        {
            var members = service.GetProperty("members").EnumerateArray().Select(Member);
            table.AddRow(
                Markup.Escape(service.GetProperty("id").GetString()!),
                $"[bold]{Markup.Escape(service.GetProperty("primary").GetString()!)}[/]",
                service.GetProperty("epoch").GetInt64().ToString(CultureInfo.InvariantCulture),
                string.Join("\n", members),
                Markup.Escape($"{service.GetProperty("dnsName").GetString()} → {service.GetProperty("trafficTarget").GetString()} (via {service.GetProperty("router").GetString()})"),
                service.TryGetProperty("activeOperation", out var op) ? $"[yellow]{Markup.Escape(op.GetString()!)}[/]" : "-");
        }

        return table;
    }

    private static string Member(JsonElement m)
    {
        var site = Markup.Escape(m.GetProperty("site").GetString()!);
        var role = m.GetProperty("role").GetString();
        var lease = m.TryGetProperty("lease", out var l) ? Lease(l) : "";
        if (!m.GetProperty("reachable").GetBoolean())
        {
            return $"{site} [red]unreachable[/]{lease}";
        }

        if (m.TryGetProperty("quote", out var quote) && quote.GetString() is { } amount && amount.StartsWith("unknown", StringComparison.Ordinal))
        {
            // The leader cannot say what promoting this standby would lose (its evidence of the primary is too old).
            return $"{site} [blue]{role}[/], loss [red]{Markup.Escape(amount)}[/]{(m.GetProperty("fenced").GetBoolean() ? " [red]fenced[/]" : "")}{lease}";
        }

        var lag = m.TryGetProperty("lagBytes", out var bytes) ? $", {bytes.GetInt64()} B" : "";
        var seconds = m.TryGetProperty("replayLagSeconds", out var s) ? string.Create(CultureInfo.InvariantCulture, $", {s.GetDouble():0.#} s") : "";
        var fenced = m.GetProperty("fenced").GetBoolean() ? " [red]fenced[/]" : "";
        var colour = role == "primary" ? "green" : "blue";
        return $"{site} [{colour}]{role}[/]{lag}{seconds}{fenced}{lease}";
    }

    /// <summary>The member's write lease: its bound by the ledger, the last grant's age, and what the agent answered.</summary>
    private static string Lease(JsonElement lease)
    {
        var remaining = lease.GetProperty("remainingSeconds").GetDouble();
        var bound = remaining > 0 ? string.Create(CultureInfo.InvariantCulture, $"lease ≤ {remaining:0.0} s") : "[red]lease run out[/]";
        var age = lease.TryGetProperty("lastGrantAgeSeconds", out var a) ? string.Create(CultureInfo.InvariantCulture, $", granted {a.GetDouble():0.0} s ago") : ", no grant this term";
        var agent = lease.TryGetProperty("agentAnswered", out var answered)
            ? answered.GetBoolean()
                ? lease.TryGetProperty("agentFenced", out var f) && f.GetBoolean() ? ", agent: [red]fenced[/]" : ", agent ok"
                : $", agent [red]{Markup.Escape(lease.TryGetProperty("agentProblem", out var p) ? p.GetString() ?? "no answer" : "no answer")}[/]"
            : "";
        return $"\n  {bound}{age}{agent}";
    }

    public static string Colour(string state) => state switch
    {
        "healthy" => "green",
        "suspect" or "flapping" => "yellow",
        "down" or "lost" => "red",
        _ => "grey",
    };
}
