namespace Failover.Traffic;

/// <summary>A value, or the reason there is none.</summary>
internal readonly record struct BackendResult<T>(T? Value, string? Error)
{
    public bool Succeeded => Error is null;

    public static BackendResult<T> Ok(T value) => new(value, null);

    public static BackendResult<T> Fail(string error) => new(default, error);
}
