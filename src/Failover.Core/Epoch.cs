namespace Failover.Core;

/// <summary>
/// The fencing token of a service: grows with every promotion. Every actuation carries it, and a system that has
/// seen a higher epoch refuses the step.
/// </summary>
public readonly record struct Epoch(long Value) : IComparable<Epoch>
{
    public static Epoch Initial => new(1);

    public Epoch Next() => new(Value + 1);

    public int CompareTo(Epoch other) => Value.CompareTo(other.Value);

    public static bool operator <(Epoch left, Epoch right) => left.Value < right.Value;

    public static bool operator >(Epoch left, Epoch right) => left.Value > right.Value;

    public static bool operator <=(Epoch left, Epoch right) => left.Value <= right.Value;

    public static bool operator >=(Epoch left, Epoch right) => left.Value >= right.Value;

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
