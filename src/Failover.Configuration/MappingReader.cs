using System.Globalization;
using Failover.Core.Topology;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Failover.Configuration;

/// <summary>
/// Reads one YAML mapping field by field, reporting wrong types and missing fields as diagnostics with a path and a
/// position. Every key asked for counts as known; <see cref="ReportUnknownKeys"/> flags the rest with a suggestion.
/// </summary>
internal sealed class MappingReader
{
    private readonly YamlMappingNode _node;
    private readonly Diagnostics _diagnostics;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private bool _ignoreUnknown;

    public MappingReader(YamlMappingNode node, string path, Diagnostics diagnostics)
    {
        _node = node;
        Path = path;
        _diagnostics = diagnostics;
    }

    public string Path { get; }

    public Mark Start => _node.Start;

    public Diagnostics Diagnostics => _diagnostics;

    public static MappingReader? From(YamlNode node, string path, Diagnostics diagnostics)
    {
        if (node is YamlMappingNode mapping)
        {
            return new MappingReader(mapping, path, diagnostics);
        }

        diagnostics.Error(path, node.Start, $"expected a mapping (key: value lines), found {Describe(node)}");
        return null;
    }

    public string Child(string key) => string.IsNullOrEmpty(Path) ? key : $"{Path}.{key}";

    public bool Has(string key)
    {
        _known.Add(key);
        return Find(key) is { } node && !IsNull(node);
    }

    public Mark PositionOf(string key) => Find(key)?.Start ?? _node.Start;

    public YamlNode? Node(string key, bool required)
    {
        _known.Add(key);
        var node = Find(key);
        if (node is null || IsNull(node))
        {
            if (required)
            {
                _diagnostics.Error(Path, node?.Start ?? _node.Start, $"missing required field '{key}'");
            }

            return null;
        }

        return node;
    }

    public string? String(string key, bool required = false)
    {
        var node = Node(key, required);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode { Value: { } value })
        {
            return value;
        }

        _diagnostics.Error(Child(key), node.Start, $"expected a text value, found {Describe(node)}");
        return null;
    }

    public int? Int(string key, int min, int max, bool required = false) =>
        Parsed(key, required, (string text, out int value) =>
            int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value >= min && value <= max,
            $"a whole number from {min} to {max}");

    public bool? Bool(string key) => Parsed<bool>(key, false, bool.TryParse, "true or false");

    public TimeSpan? Duration(string key, bool required = false, bool bareNumberIsSeconds = false) =>
        Parsed(key, required, (string text, out TimeSpan duration) =>
        {
            if (bareNumberIsSeconds && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                duration = TimeSpan.FromSeconds(seconds);
                return true;
            }

            return Units.TryParseDuration(text, out duration);
        }, Units.DurationExpected);

    public long? Size(string key) => Parsed<long>(key, false, Units.TryParseSize, Units.SizeExpected);

    public T? Enum<T>(string key, T? fallback, bool required = false)
        where T : struct, System.Enum
    {
        var text = String(key, required);
        if (text is null)
        {
            return fallback;
        }

        if (System.Enum.TryParse<T>(text, ignoreCase: true, out var value) && !int.TryParse(text, out _))
        {
            return value;
        }

        var names = System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant()).ToList();
        _diagnostics.Error(Child(key), PositionOf(key), $"expected one of {string.Join(", ", names)}, found '{text}'{Suggestions.DidYouMean(text, names)}");
        return fallback;
    }

    public MappingReader? Mapping(string key, bool required = false)
    {
        var node = Node(key, required);
        return node is null ? null : From(node, Child(key), _diagnostics);
    }

    /// <summary>The items of a sequence; a single scalar or mapping is accepted as a one-item list.</summary>
    public IReadOnlyList<YamlNode> Sequence(string key, bool required = false)
    {
        var node = Node(key, required);
        return node switch
        {
            null => [],
            YamlSequenceNode sequence => sequence.Children.ToList(),
            _ => [node],
        };
    }

    public IReadOnlyList<(string Value, Mark At, string Path)> StringList(string key, bool required = false)
    {
        var items = new List<(string, Mark, string)>();
        var nodes = Sequence(key, required);
        for (var i = 0; i < nodes.Count; i++)
        {
            var path = $"{Child(key)}[{i}]";
            if (nodes[i] is YamlScalarNode { Value: { Length: > 0 } value })
            {
                items.Add((value, nodes[i].Start, path));
            }
            else
            {
                _diagnostics.Error(path, nodes[i].Start, $"expected a text value, found {Describe(nodes[i])}");
            }
        }

        return items;
    }

    /// <summary>
    /// A secret given as <c>{name}File</c> or <c>{name}Env</c>; a value written inline under <c>{name}</c> is refused.
    /// </summary>
    public SecretReference? Secret(string name, bool required)
    {
        var file = String(name + "File");
        var env = String(name + "Env");
        if (Find(name) is { } inline)
        {
            _known.Add(name);
            _diagnostics.Error(Child(name), inline.Start, $"secrets must not be written inline: use '{name}File: /path/to/file' or '{name}Env: VARIABLE'");
            return null;
        }

        if (file is not null && env is not null)
        {
            _diagnostics.Error(Path, PositionOf(name + "Env"), $"give either '{name}File' or '{name}Env', not both");
            return null;
        }

        if (file is null && env is null)
        {
            if (required)
            {
                _diagnostics.Error(Path, _node.Start, $"missing secret reference: add '{name}File' or '{name}Env'");
            }

            return null;
        }

        return file is not null ? new SecretReference(SecretSource.File, file) : new SecretReference(SecretSource.Environment, env!);
    }

    public void IgnoreUnknownKeys() => _ignoreUnknown = true;

    public void ReportUnknownKeys()
    {
        if (_ignoreUnknown)
        {
            return;
        }

        foreach (var (keyNode, _) in _node.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? keyNode.ToString();
            if (!_known.Contains(key))
            {
                _diagnostics.Error(Child(key), keyNode.Start, $"unknown field '{key}'{Suggestions.DidYouMean(key, _known)}");
            }
        }
    }

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode { Value: var v } => $"'{v}'",
        _ => "an alias",
    };

    private YamlNode? Find(string key)
    {
        foreach (var (keyNode, valueNode) in _node.Children)
        {
            if (keyNode is YamlScalarNode { Value: var k } && k == key)
            {
                return valueNode;
            }
        }

        return null;
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: "" or "~" or "null" };

    private delegate bool TryParser<T>(string text, out T value);

    /// <summary>The value at <paramref name="key"/> read by <paramref name="parse"/>; null when absent or, with an error saying what was <paramref name="expected"/>, unreadable.</summary>
    private T? Parsed<T>(string key, bool required, TryParser<T> parse, string expected)
        where T : struct
    {
        var text = String(key, required);
        if (text is null)
        {
            return null;
        }

        if (parse(text, out var value))
        {
            return value;
        }

        _diagnostics.Error(Child(key), PositionOf(key), $"expected {expected}, found '{text}'");
        return null;
    }
}
