using System.Globalization;
using System.Text;
using Failover.Core.Topology;

namespace Failover.Drills.Reports;

/// <summary>
/// The page for the education authority (rectorat, région): in French, self-contained (inline CSS and SVG, no script,
/// no external font or image), readable on screen and on paper. Every value from the report is HTML-encoded.
/// </summary>
internal static class DrillReportHtml
{
    private const string Style = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { margin: 0; padding: 24px 32px; font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; color: #1b1b1b; background: #ffffff; font-size: 15px; line-height: 1.45; }
        header h1 { font-size: 24px; margin: 0 0 4px; }
        header p { margin: 0; color: #444; }
        .banner { margin: 18px 0; padding: 16px 20px; border-radius: 6px; font-size: 20px; font-weight: bold; color: #ffffff; }
        .banner.pass { background: #18753c; }
        .banner.fail { background: #ce0500; }
        .banner small { display: block; font-size: 14px; font-weight: normal; margin-top: 4px; }
        h2 { font-size: 18px; border-bottom: 2px solid #000091; padding-bottom: 4px; margin-top: 28px; color: #000091; }
        table { border-collapse: collapse; width: 100%; margin: 8px 0; }
        th, td { border: 1px solid #c8c8c8; padding: 6px 8px; text-align: left; vertical-align: top; }
        th { background: #f0f0f8; }
        td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        .met { color: #18753c; font-weight: bold; }
        .missed { color: #ce0500; font-weight: bold; }
        .na { color: #666; }
        tr.failed td { background: #fff0f0; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0; }
        dt { font-weight: bold; }
        dd { margin: 0; }
        svg.timeline { display: block; max-width: 960px; border: 1px solid #e0e0e0; background: #fcfcfc; }
        svg .grid { stroke: #d8d8d8; stroke-width: 1; }
        svg text { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 12px; fill: #1b1b1b; }
        svg .tick { fill: #666; font-size: 11px; }
        svg .bar.ok { fill: #18753c; }
        svg .bar.failed { fill: #ce0500; }
        footer { margin-top: 32px; font-size: 12px; color: #666; }
        @media print {
          body { padding: 0; font-size: 11pt; }
          .banner, svg .bar, th, tr.failed td { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          h2 { break-after: avoid; }
          tr, svg.timeline { break-inside: avoid; }
        }
        """;

    public static string Render(DrillReportFacts facts)
    {
        var report = facts.Report;
        var html = new StringBuilder(16 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E($"Exercice de reprise d’activité – {report.ServiceName} – {Date(report.StartedAt)}")).Append("</title>\n")
            .Append("<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n");

        html.Append("<header>\n<h1>Exercice de reprise après sinistre</h1>\n<p>")
            .Append(E(report.ServiceName)).Append(" (<code>").Append(E(report.ServiceId)).Append("</code>) – ")
            .Append(E(Date(report.StartedAt))).Append("</p>\n</header>\n");

        html.Append("<section class=\"banner ").Append(report.Passed ? "pass" : "fail").Append("\" id=\"verdict\">")
            .Append(report.Passed ? "Exercice RÉUSSI" : "Exercice ÉCHOUÉ")
            .Append("<small>").Append(E(Summary(facts))).Append("</small></section>\n");

        html.Append("<h2>L’exercice</h2>\n<dl>\n");
        Term(html, "Type", report.Kind == DrillKind.Isolated
            ? "Exercice isolé (copie jetable de la base de secours, sans toucher au service en production)"
            : "Bascule planifiée vers le site de secours puis retour, dans une fenêtre de maintenance");
        Term(html, "Site principal", report.SourceSiteId);
        Term(html, "Site de secours", report.TargetSiteId);
        Term(html, "Début", $"{DateTime(report.StartedAt)} ({ReportText.Utc(report.StartedAt)})");
        Term(html, "Fin", $"{DateTime(report.EndedAt)} ({ReportText.Utc(report.EndedAt)})");
        Term(html, "Durée totale", ReportText.Duration(facts.Elapsed, ","));
        Term(html, "Demandé par", report.RequestedBy);
        Term(html, "Identifiant", report.DrillId);
        html.Append("</dl>\n");

        html.Append("<h2>Objectifs et résultats</h2>\n<table class=\"targets\">\n<thead><tr><th>Mesure</th><th>Objectif</th><th>Obtenu</th><th>Atteint</th></tr></thead>\n<tbody>\n");
        TargetRow(html, "Durée d’interruption (RTO) : délai pour que le service accepte de nouveau les écritures",
            ReportText.Duration(report.TargetRto, ","), report.AchievedRto is { } rto ? ReportText.Duration(rto, ",") : "non mesuré", facts.RtoMet);
        TargetRow(html, "Perte de données maximale (RPO) : retard de la copie de secours au moment de l’exercice",
            ReportText.Duration(report.TargetRpo, ","), Freshness(report.Freshness), facts.RpoMet);
        if (report.AcknowledgedCommitsLost is { } lost)
        {
            TargetRow(html, "Écritures confirmées perdues pendant la bascule", "0", lost.ToString(CultureInfo.InvariantCulture), facts.CommitsMet);
        }

        html.Append("</tbody>\n</table>\n");

        html.Append("<h2>").Append(report.Passed ? "Observations" : "Raisons de l’échec").Append("</h2>\n");
        if (report.Reasons.Count == 0)
        {
            html.Append("<p>").Append(report.Passed ? "Aucune." : "Aucune raison n’a été enregistrée.").Append("</p>\n");
        }
        else
        {
            html.Append("<ul class=\"reasons\">\n");
            foreach (var reason in report.Reasons)
            {
                html.Append("<li>").Append(E(reason)).Append("</li>\n");
            }

            html.Append("</ul>\n");
        }

        html.Append("<h2>Chronologie des étapes</h2>\n");
        DrillTimelineSvg.Render(html, facts);
        html.Append('\n');

        html.Append("<h2>Détail des étapes</h2>\n<table class=\"steps\">\n<thead><tr><th>#</th><th>Étape</th><th>Début</th><th>Durée</th><th>Résultat</th><th>Détail</th></tr></thead>\n<tbody>\n");
        for (var i = 0; i < report.Steps.Count; i++)
        {
            var step = report.Steps[i];
            html.Append(step.Succeeded ? "<tr>" : "<tr class=\"failed\">")
                .Append("<td class=\"num\">").Append(i + 1).Append("</td>")
                .Append("<td>").Append(E(step.Name)).Append("</td>")
                .Append("<td class=\"num\">").Append(E(ReportText.Offset(step.StartedAt - facts.Origin, ","))).Append("</td>")
                .Append("<td class=\"num\">").Append(E(ReportText.Duration(step.Duration, ","))).Append("</td>")
                .Append(step.Succeeded ? "<td class=\"met\">réussie</td>" : "<td class=\"missed\">échouée</td>")
                .Append("<td>").Append(step.Detail is null ? "" : E(step.Detail)).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
        html.Append("<footer>Rapport produit par Failover, l’orchestrateur de reprise d’activité des ENT. Heures indiquées dans le fuseau du déroulement de l’exercice, et en UTC.</footer>\n");
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static string Summary(DrillReportFacts facts)
    {
        var report = facts.Report;
        var rto = report.AchievedRto is { } achieved
            ? $"reprise en {ReportText.Duration(achieved, ",")} pour un objectif de {ReportText.Duration(report.TargetRto, ",")}"
            : "durée de reprise non mesurée";
        return report.Passed || report.Reasons.Count == 0 ? rto : $"{rto} – {report.Reasons[0]}";
    }

    private static void Term(StringBuilder html, string name, string value) =>
        html.Append("<dt>").Append(E(name)).Append("</dt><dd>").Append(E(value)).Append("</dd>\n");

    private static void TargetRow(StringBuilder html, string measure, string target, string achieved, bool? met) =>
        html.Append("<tr><td>").Append(E(measure)).Append("</td><td class=\"num\">").Append(E(target))
            .Append("</td><td class=\"num\">").Append(E(achieved)).Append("</td>")
            .Append(met switch
            {
                true => "<td class=\"met\">oui</td>",
                false => "<td class=\"missed\">non</td>",
                null => "<td class=\"na\">non mesuré</td>",
            })
            .Append("</tr>\n");

    private static string Freshness(DrillFreshness? freshness) => freshness switch
    {
        null => "non mesuré",
        { LagTime: { } time } => $"{ReportText.Duration(time, ",")} de retard ({ReportText.Size(freshness.LagBytes)})",
        _ => $"{ReportText.Size(freshness.LagBytes)} de retard (durée inconnue)",
    };

    private static readonly string[] Days = ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"];

    private static readonly string[] Months =
        ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

    /// <summary>"mardi 2 juin 2026" (French names are written out: the build runs with invariant globalization).</summary>
    private static string Date(DateTimeOffset at) =>
        string.Create(CultureInfo.InvariantCulture, $"{Days[(int)at.DayOfWeek]} {at.Day} {Months[at.Month - 1]} {at.Year}");

    /// <summary>"mardi 2 juin 2026 à 02:00:00 (UTC+02:00)".</summary>
    private static string DateTime(DateTimeOffset at) =>
        string.Create(CultureInfo.InvariantCulture, $"{Date(at)} à {at:HH:mm:ss} (UTC{at:zzz})");

    private static string E(string text) => ReportText.Html(text);
}
