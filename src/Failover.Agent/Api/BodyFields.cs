using System.Text.Json;

namespace Failover.Agent.Api;

/// <summary>Reads the fields of a JSON request body, collecting one error per missing or mistyped field, each naming it.</summary>
internal sealed class BodyFields(JsonElement body)
{
    private readonly List<string> _errors = [];

    public IReadOnlyList<string> Errors => _errors;

    public long Long(string name, long min)
    {
        if (Field(name, required: true) is not { } value)
        {
            return 0;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number) || number < min)
        {
            _errors.Add($"{name}: expected a whole number of at least {min}, found {value.GetRawText()}");
            return 0;
        }

        return number;
    }

    public bool Bool(string name)
    {
        if (Field(name, required: true) is not { } value)
        {
            return false;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            _errors.Add($"{name}: expected true or false, found {value.GetRawText()}");
            return false;
        }

        return value.GetBoolean();
    }

    public string? String(string name, bool required)
    {
        if (Field(name, required) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 } text)
        {
            _errors.Add($"{name}: expected a non-empty string, found {value.GetRawText()}");
            return null;
        }

        return text;
    }

    private JsonElement? Field(string name, bool required)
    {
        if (body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            return value;
        }

        if (required)
        {
            _errors.Add($"{name}: required");
        }

        return null;
    }
}
