using Failover.Core.Topology;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Failover.Configuration;

/// <summary>Reads and validates an estate file (YAML).</summary>
public static class EstateLoader
{
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    public static LoadResult LoadFile(string path) => Load(File.ReadAllText(path));

    public static LoadResult Load(string yaml)
    {
        var diagnostics = new Diagnostics();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            diagnostics.Error("", e.Start, $"malformed YAML: {Reason(e)}");
            return new LoadResult(null, diagnostics.Items);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: "" or null })
        {
            diagnostics.Error("", Mark.Empty, "the file is empty: an estate needs at least 'sites' and 'services'");
            return new LoadResult(null, diagnostics.Items);
        }

        if (stream.Documents.Count > 1)
        {
            diagnostics.Error("", stream.Documents[1].RootNode.Start, "expected one YAML document, found several");
        }

        if (MappingReader.From(stream.Documents[0].RootNode, "", diagnostics) is null)
        {
            return new LoadResult(null, diagnostics.Items);
        }

        var parser = new EstateParser(diagnostics);
        var estate = parser.Parse((YamlMappingNode)stream.Documents[0].RootNode);
        new EstateRules(estate, diagnostics, parser.Positions).Check();
        var ordered = diagnostics.Items.OrderBy(d => d.Line).ThenBy(d => d.Column).ToList();
        return new LoadResult(ordered.Any(d => d.IsError) ? null : WithDefaultPolicy(estate), ordered);
    }

    private static Estate WithDefaultPolicy(Estate estate) =>
        estate.Policies.Any(p => p.Id == Defaults.PolicyId) ? estate : estate with { Policies = [.. estate.Policies, Defaults.Policy] };

    /// <summary>YamlDotNet's messages repeat the position; keep only the reason.</summary>
    private static string Reason(YamlException e)
    {
        var message = e.InnerException?.Message ?? e.Message;
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && close > 0 ? message[(close + 3)..] : message;
    }
}
