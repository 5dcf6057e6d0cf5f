namespace Failover.Core.Topology;

/// <summary>
/// The estate-wide drill definitions of the estate file's top-level <c>drills:</c> section: named exclusion
/// calendars (school hours, exam periods) and named maintenance windows, referenced by the services' own
/// <c>drills:</c> sections.
/// </summary>
public sealed record EstateDrills(IReadOnlyList<DrillCalendarSpec> Calendars, IReadOnlyList<MaintenanceWindowSpec> MaintenanceWindows)
{
    public static readonly EstateDrills None = new([], []);

    public DrillCalendarSpec? Calendar(string id) => Calendars.FirstOrDefault(c => c.Id == id);

    public MaintenanceWindowSpec? MaintenanceWindow(string id) => MaintenanceWindows.FirstOrDefault(w => w.Id == id);
}
