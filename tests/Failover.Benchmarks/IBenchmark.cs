namespace Failover.Benchmarks;

/// <summary>One named benchmark; discovered by reflection so each area adds its own file without touching Program.</summary>
internal interface IBenchmark
{
    string Name { get; }

    string Description { get; }

    Task<int> RunAsync(string[] args, CancellationToken cancellationToken);
}
