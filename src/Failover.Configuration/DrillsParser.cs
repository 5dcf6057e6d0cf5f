using System.Globalization;
using Failover.Core.Topology;
using Quartz;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Failover.Configuration;

/// <summary>
/// The drill sections of the estate file. Estate-wide (top-level <c>drills:</c>): a default <c>timeZone</c>, named
/// exclusion <c>calendars</c> (daily hours, date ranges, or a cron expression) and named <c>maintenanceWindows</c>
/// (a cron start and a duration). Per service (<c>services[].drills:</c>): the <c>schedules</c> (kind, cron, time zone,
/// calendars excluded) and the <c>maintenanceWindows</c> it may be disrupted in. Cron expressions are Quartz's (seconds
/// first); a malformed one is reported with Quartz's own message and the field's path.
/// </summary>
internal sealed class DrillsParser
{
    /// <summary>The longest date range of a calendar (one excluded day per entry in Quartz).</summary>
    public const int MaxRangeDays = 400;

    private readonly Diagnostics _diagnostics;
    private readonly List<(string Id, string Path, Mark At)> _calendarReferences = [];
    private readonly List<(string Id, string Path, Mark At)> _windowReferences = [];
    private readonly List<(string ServiceId, string Path, Mark At, DrillSchedule Schedule)> _switchovers = [];
    private string _defaultTimeZone = Defaults.DrillTimeZone;

    public DrillsParser(Diagnostics diagnostics) => _diagnostics = diagnostics;

    /// <summary>The top-level section; read after the services, so references are checked by <see cref="Complete"/>.</summary>
    public EstateDrills ParseEstate(MappingReader top)
    {
        var m = top.Mapping("drills");
        if (m is null)
        {
            return EstateDrills.None;
        }

        var zone = TimeZone(m, "timeZone", Defaults.DrillTimeZone);
        _defaultTimeZone = zone;
        var calendars = Items(m, "calendars", "calendar", ParseCalendar);
        var windows = Items(m, "maintenanceWindows", "maintenance window", ParseWindow);
        m.ReportUnknownKeys();
        return new EstateDrills(calendars, windows);
    }

    /// <summary>A service's <c>drills:</c> section.</summary>
    public ServiceDrills ParseService(MappingReader service, string serviceId)
    {
        var m = service.Mapping("drills");
        if (m is null)
        {
            return ServiceDrills.None;
        }

        var schedules = new List<DrillSchedule>();
        var nodes = m.Sequence("schedules");
        for (var i = 0; i < nodes.Count; i++)
        {
            if (MappingReader.From(nodes[i], $"{m.Child("schedules")}[{i}]", _diagnostics) is not { } s)
            {
                continue;
            }

            var kind = s.Enum<DrillKind>("kind", null, required: true) ?? DrillKind.Isolated;
            var id = s.String("id") ?? kind.ToString().ToLowerInvariant();
            if (schedules.Any(x => x.Id == id))
            {
                _diagnostics.Error(s.Path, s.Start, $"two schedules of service '{serviceId}' are named '{id}': give each an 'id'");
            }

            var schedule = new DrillSchedule(
                id, kind, Cron(s, "cron", required: true) ?? "", TimeZone(s, "timeZone", null),
                References(s, "exclude", _calendarReferences));
            schedules.Add(schedule);
            if (kind == DrillKind.Switchover)
            {
                _switchovers.Add((serviceId, s.Path, s.Start, schedule));
            }

            s.ReportUnknownKeys();
        }

        var windows = References(m, "maintenanceWindows", _windowReferences);
        m.ReportUnknownKeys();
        return new ServiceDrills(schedules, windows);
    }

    /// <summary>
    /// Once the whole file is read: references must name calendars and windows that exist, a switchover schedule needs a
    /// maintenance window, and schedules that named no time zone take the estate's.
    /// </summary>
    public Estate Complete(Estate estate)
    {
        var calendarIds = estate.Drills.Calendars.Select(c => c.Id).ToList();
        foreach (var (id, path, at) in _calendarReferences.Where(r => !calendarIds.Contains(r.Id)))
        {
            _diagnostics.Error(path, at, $"unknown calendar '{id}': define it under drills.calendars{Suggestions.DidYouMean(id, calendarIds)}");
        }

        var windowIds = estate.Drills.MaintenanceWindows.Select(w => w.Id).ToList();
        foreach (var (id, path, at) in _windowReferences.Where(r => !windowIds.Contains(r.Id)))
        {
            _diagnostics.Error(path, at, $"unknown maintenance window '{id}': define it under drills.maintenanceWindows{Suggestions.DidYouMean(id, windowIds)}");
        }

        foreach (var (serviceId, path, at, _) in _switchovers)
        {
            if (estate.Services.FirstOrDefault(s => s.Id == serviceId) is { Drills.MaintenanceWindowIds.Count: 0 })
            {
                _diagnostics.Error(path, at,
                    "a switchover drill disrupts the service and runs only inside a maintenance window: list one under the service's drills.maintenanceWindows");
            }
        }

        return estate with { Services = estate.Services.Select(s => s with { Drills = Complete(s.Drills) }).ToList() };
    }

    private ServiceDrills Complete(ServiceDrills drills) =>
        drills.Schedules.Any(s => s.TimeZoneId.Length == 0)
            ? drills with { Schedules = drills.Schedules.Select(s => s.TimeZoneId.Length == 0 ? s with { TimeZoneId = _defaultTimeZone } : s).ToList() }
            : drills;

    private List<T> Items<T>(MappingReader parent, string key, string what, Func<MappingReader, string, T> parse)
    {
        var items = new List<T>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var nodes = parent.Sequence(key);
        for (var i = 0; i < nodes.Count; i++)
        {
            if (MappingReader.From(nodes[i], $"{parent.Child(key)}[{i}]", _diagnostics) is not { } m)
            {
                continue;
            }

            var id = m.String("id", required: true) ?? "";
            if (id.Length > 0 && !ids.Add(id))
            {
                _diagnostics.Error(m.Child("id"), m.PositionOf("id"), $"duplicate id '{id}': ids must be unique among {what}s");
            }

            items.Add(parse(m, id));

            m.ReportUnknownKeys();
        }

        return items;
    }

    private DrillCalendarSpec ParseCalendar(MappingReader m, string id)
    {
        var zone = TimeZone(m, "timeZone", _defaultTimeZone);
        var description = m.String("description");
        string[] kinds = ["daily", "dates", "cron"];
        var given = kinds.Where(m.Has).ToList();

        // A calendar in error is still listed (with nothing excluded) so references to it do not add errors.
        var placeholder = new DateRangesExclusionSpec(id, zone, description, []);
        if (given.Count != 1)
        {
            _diagnostics.Error(m.Path, m.Start, given.Count == 0
                ? "a calendar needs one of 'daily' (hours excluded every day), 'dates' (days excluded) or 'cron' (times excluded)"
                : $"a calendar takes one of 'daily', 'dates' or 'cron', not {string.Join(" and ", given.Select(g => $"'{g}'"))}: define several calendars and exclude them all");
            return placeholder;
        }

        switch (given[0])
        {
            case "daily":
                var daily = m.Mapping("daily");
                if (daily is null)
                {
                    return placeholder;
                }

                var from = Time(daily, "from");
                var to = Time(daily, "to");
                daily.ReportUnknownKeys();
                if (from is null || to is null)
                {
                    return placeholder;
                }

                if (from >= to)
                {
                    _diagnostics.Error(daily.Child("to"), daily.PositionOf("to"),
                        $"must be after 'from' ({from:HH\\:mm}): a daily range cannot cross midnight, split it into two calendars");
                    return placeholder;
                }

                return new DailyExclusionSpec(id, zone, description, from.Value, to.Value);
            case "dates":
                return new DateRangesExclusionSpec(id, zone, description, DateRanges(m));
            default:
                var cron = Cron(m, "cron", required: true);
                return cron is null ? placeholder : new CronExclusionSpec(id, zone, description, cron);
        }
    }

    private MaintenanceWindowSpec ParseWindow(MappingReader m, string id)
    {
        var start = Cron(m, "start", required: true);
        var duration = m.Duration("duration", required: true);
        var zone = TimeZone(m, "timeZone", _defaultTimeZone);
        if (duration is { } d && (d <= TimeSpan.Zero || d > TimeSpan.FromDays(7)))
        {
            _diagnostics.Error(m.Child("duration"), m.PositionOf("duration"), "expected a duration above 0 and at most 7d");
        }

        // A window in error is still listed so references to it do not add errors; the estate is invalid anyway.
        return new MaintenanceWindowSpec(id, start ?? "", duration ?? TimeSpan.Zero, zone);
    }

    private List<DateRange> DateRanges(MappingReader m)
    {
        var ranges = new List<DateRange>();
        var nodes = m.Sequence("dates", required: true);
        for (var i = 0; i < nodes.Count; i++)
        {
            var path = $"{m.Child("dates")}[{i}]";
            if (nodes[i] is YamlScalarNode { Value: { } single })
            {
                if (Date(single, path, nodes[i].Start) is { } day)
                {
                    ranges.Add(new DateRange(day, day));
                }

                continue;
            }

            if (MappingReader.From(nodes[i], path, _diagnostics) is not { } r)
            {
                continue;
            }

            var from = r.String("from", required: true) is { } f ? Date(f, r.Child("from"), r.PositionOf("from")) : null;
            var to = r.String("to", required: true) is { } t ? Date(t, r.Child("to"), r.PositionOf("to")) : null;
            r.ReportUnknownKeys();
            if (from is null || to is null)
            {
                continue;
            }

            if (to < from)
            {
                _diagnostics.Error(r.Child("to"), r.PositionOf("to"), $"must not be before 'from' ({from:yyyy-MM-dd})");
            }
            else if (to.Value.DayNumber - from.Value.DayNumber >= MaxRangeDays)
            {
                _diagnostics.Error(r.Child("to"), r.PositionOf("to"), $"a date range spans at most {MaxRangeDays} days");
            }
            else
            {
                ranges.Add(new DateRange(from.Value, to.Value));
            }
        }

        return ranges;
    }

    private DateOnly? Date(string text, string path, Mark at)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        _diagnostics.Error(path, at, $"expected a date such as 2027-06-15, found '{text}'");
        return null;
    }

    private TimeOnly? Time(MappingReader m, string key)
    {
        var text = m.String(key, required: true);
        if (text is null)
        {
            return null;
        }

        if (TimeOnly.TryParseExact(text, ["H:mm", "HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }

        _diagnostics.Error(m.Child(key), m.PositionOf(key), $"expected a time of day such as 08:00 or 17:30, found '{text}'");
        return null;
    }

    /// <summary>A Quartz cron expression, checked by Quartz; its message names what is wrong.</summary>
    private string? Cron(MappingReader m, string key, bool required)
    {
        var text = m.String(key, required);
        if (text is null)
        {
            return null;
        }

        try
        {
            _ = new CronExpression(text);
            return text;
        }
        catch (FormatException e)
        {
            _diagnostics.Error(m.Child(key), m.PositionOf(key),
                $"invalid Quartz cron expression '{text}' (seconds minutes hours day-of-month month day-of-week [year], e.g. '0 0 2 ? * TUE'): {e.Message}");
            return null;
        }
    }

    /// <summary>An IANA time zone; empty when absent and there is no fallback (filled in later with the estate's).</summary>
    private string TimeZone(MappingReader m, string key, string? fallback)
    {
        var text = m.String(key);
        if (text is null)
        {
            return fallback ?? "";
        }

        if (TimeZoneInfo.TryFindSystemTimeZoneById(text, out _))
        {
            return text;
        }

        var known = TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id);
        _diagnostics.Error(m.Child(key), m.PositionOf(key), $"unknown time zone '{text}': expected an IANA name such as Europe/Paris{Suggestions.DidYouMean(text, known)}");
        return fallback ?? Defaults.DrillTimeZone;
    }

    private static List<string> References(MappingReader m, string key, List<(string, string, Mark)> sink)
    {
        var ids = new List<string>();
        foreach (var (value, at, path) in m.StringList(key))
        {
            ids.Add(value);
            sink.Add((value, path, at));
        }

        return ids;
    }
}
