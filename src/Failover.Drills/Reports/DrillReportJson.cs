using System.Text;
using System.Text.Json;
using System.Xml;
using Failover.Core.Topology;

namespace Failover.Drills.Reports;

/// <summary>
/// The JSON form. Written field by field so the names and their order are a stable contract: camelCase, instants in
/// ISO-8601 with their offset, every duration twice — <c>…Ms</c> (milliseconds, a number) and <c>…</c> (ISO-8601,
/// e.g. <c>PT1M12.5S</c>) — and null where a value was not measured.
/// </summary>
internal static class DrillReportJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = true };

    public static string Render(DrillReportFacts facts)
    {
        var report = facts.Report;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("drillId", report.DrillId);
            json.WriteString("serviceId", report.ServiceId);
            json.WriteString("serviceName", report.ServiceName);
            json.WriteString("kind", report.Kind == DrillKind.Isolated ? "isolated" : "switchover");
            json.WriteString("sourceSiteId", report.SourceSiteId);
            json.WriteString("targetSiteId", report.TargetSiteId);
            json.WriteString("requestedBy", report.RequestedBy);
            json.WriteString("startedAt", report.StartedAt);
            json.WriteString("endedAt", report.EndedAt);
            WriteDuration(json, "elapsed", facts.Elapsed);
            json.WriteBoolean("passed", report.Passed);
            json.WriteString("verdict", report.Passed ? "pass" : "fail");
            json.WriteStartArray("reasons");
            foreach (var reason in report.Reasons)
            {
                json.WriteStringValue(reason);
            }

            json.WriteEndArray();

            json.WriteStartObject("rto");
            WriteDuration(json, "achieved", report.AchievedRto);
            WriteDuration(json, "target", report.TargetRto);
            WriteMet(json, facts.RtoMet);
            json.WriteEndObject();

            json.WriteStartObject("rpo");
            if (report.Freshness is { } freshness)
            {
                json.WriteNumber("lagBytes", freshness.LagBytes);
            }
            else
            {
                json.WriteNull("lagBytes");
            }

            WriteDuration(json, "lagTime", report.Freshness?.LagTime);
            WriteDuration(json, "target", report.TargetRpo);
            WriteMet(json, facts.RpoMet);
            json.WriteEndObject();

            if (report.AcknowledgedCommitsLost is { } lost)
            {
                json.WriteNumber("acknowledgedCommitsLost", lost);
            }
            else
            {
                json.WriteNull("acknowledgedCommitsLost");
            }

            json.WriteStartArray("steps");
            foreach (var step in report.Steps)
            {
                json.WriteStartObject();
                json.WriteString("name", step.Name);
                json.WriteString("startedAt", step.StartedAt);
                WriteDuration(json, "offset", step.StartedAt - facts.Origin);
                WriteDuration(json, "duration", step.Duration);
                json.WriteBoolean("succeeded", step.Succeeded);
                if (step.Detail is null)
                {
                    json.WriteNull("detail");
                }
                else
                {
                    json.WriteString("detail", step.Detail);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteDuration(Utf8JsonWriter json, string name, TimeSpan? duration)
    {
        if (duration is { } value)
        {
            json.WriteNumber(name + "Ms", Math.Round(value.TotalMilliseconds, 3));
            json.WriteString(name, XmlConvert.ToString(value));
        }
        else
        {
            json.WriteNull(name + "Ms");
            json.WriteNull(name);
        }
    }

    private static void WriteMet(Utf8JsonWriter json, bool? met)
    {
        if (met is { } value)
        {
            json.WriteBoolean("met", value);
        }
        else
        {
            json.WriteNull("met");
        }
    }
}
