using Failover.ControlPlane.Runtime;
using Failover.Core.Topology;
using Failover.Drills.Scheduling;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Failover.ControlPlane.Api;

public sealed record DrillScheduleView(DateTimeOffset At, bool SchedulerRunning, IReadOnlyList<DrillScheduleItem> Schedules, IReadOnlyList<DrillFiring> RecentFirings);
