using System.Globalization;

namespace Failover.Core.Replication;

/// <summary>A PostgreSQL write-ahead-log position (<c>pg_lsn</c>), printed as <c>16/B374D848</c>.</summary>
public readonly record struct Lsn(ulong Value) : IComparable<Lsn>
{
    public static Lsn Zero => new(0);

    public static Lsn Parse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            throw new FormatException($"'{text}' is not a WAL position (expected XXX/XXXXXXXX)");
        }

        var high = ulong.Parse(text.AsSpan(0, slash), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var low = ulong.Parse(text.AsSpan(slash + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return new Lsn((high << 32) | low);
    }

    /// <summary>Bytes of WAL from <paramref name="older"/> to this position; zero when this one is not ahead.</summary>
    public long BytesAfter(Lsn older) => Value > older.Value ? (long)(Value - older.Value) : 0;

    public int CompareTo(Lsn other) => Value.CompareTo(other.Value);

    public static bool operator <(Lsn left, Lsn right) => left.Value < right.Value;

    public static bool operator >(Lsn left, Lsn right) => left.Value > right.Value;

    public static bool operator <=(Lsn left, Lsn right) => left.Value <= right.Value;

    public static bool operator >=(Lsn left, Lsn right) => left.Value >= right.Value;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Value >> 32:X}/{Value & 0xFFFFFFFF:X8}");
}
